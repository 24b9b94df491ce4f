/**
 * The CLI's arguments → a command with its options. Every bad value is a `UsageError` with one line
 * that names the option and what it accepts; nothing falls back to a default.
 */
import { parseArgs } from 'node:util';
import { didYouMean } from '../../shared/closest';
import { RULE_IDS, SEVERITIES, type Severity } from '../../shared/rules';
import { normalizeSettings, NEWEST_VERSION, OLDEST_VERSION, parseMinor } from '../../shared/settings';
import { COMMANDS, type Command } from './usage';
import type { ChartFlags } from '../render/config';

export class UsageError extends Error {}

export const FORMATS = ['text', 'json', 'sarif', 'gitlab', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

/** Where settings come from: each file's nearest `.kubegrace.yaml`, one named file, or none. */
export type ConfigChoice = { kind: 'nearest' } | { kind: 'file'; path: string } | { kind: 'none' };

/** One report of a run: a format, written to a file or (no file) to standard output. */
export interface Output {
  format: Format;
  file?: string;
}

/**
 * The least severe finding that fails a run by default. Warnings fail it: they are what KubeGrace
 * exists to report (a Service's pod without preStop is one), and a gate that lets them through
 * passes the main finding. Information is advice (SARIF `note`) and does not fail it.
 */
export const DEFAULT_FAIL_ON = 'warning';

export interface CliOptions {
  command: 'check' | 'explain' | 'rules';
  /** The format of standard output (the first output's, for the checks that want one). */
  format: Format;
  /** Every report the run writes (`--format F[=FILE]`, `-o FILE`); at most one without a file. */
  outputs: Output[];
  /** `-q`: findings less severe than error are neither printed nor counted, and notices are dropped. */
  quiet: boolean;
  /** `rules ID`: print that rule's page. */
  rule?: string;
  fix: boolean;
  dryRun: boolean;
  config: ConfigChoice;
  helpUriBase?: string;
  /** `none`: findings never fail the run. */
  failOn: Severity | 'none';
  failOnParseError: boolean;
  /** False with --no-color; otherwise colour is decided by the terminal and NO_COLOR. */
  color: boolean;
  /** Settings given as flags (raw strings, validated; `rules` from --rule), to lay over each file's settings file. */
  flags: Record<string, unknown>;
  paths: string[];
  /** `--context`: files and folders read for their Services and Ingresses only. */
  context: string[];
  /** Rendering of chart and overlay folders (`--no-render` turns it off; `--allow-config-tools`: see rendered.ts). */
  render: ChartFlags & { enabled: boolean; allowConfigTools: boolean };
}

export type Parsed = CliOptions | { command: 'help'; topic?: Command } | { command: 'version' };

const STRING_OPTIONS = ['context', 'format', 'kubernetes-version', 'platform', 'mesh', 'endpoint-propagation-seconds', 'shutdown-seconds', 'alb-deregistration-seconds', 'nlb-deregistration-seconds', 'max-file-size-mb', 'fail-on', 'config', 'help-uri-base', 'values', 'set', 'release-name', 'namespace', 'feature-gates', 'api-versions', 'output-file', 'rule'] as const;
/** Options that may be given more than once. */
const MULTIPLE_OPTIONS = ['context', 'values', 'set', 'feature-gates', 'mesh', 'api-versions', 'format', 'rule'] as const;
/** One-letter forms. */
const SHORT_OPTIONS = { help: 'h', values: 'f', quiet: 'q', 'output-file': 'o' } as const;
const BOOLEAN_OPTIONS = ['fix', 'dry-run', 'no-config', 'no-color', 'fail-on-parse-error', 'no-render', 'allow-config-tools', 'help', 'version', 'quiet'] as const;
const ALL_OPTIONS = [...STRING_OPTIONS, ...BOOLEAN_OPTIONS].map((o) => `--${o}`);

const SECONDS_FLAGS = {
  'endpoint-propagation-seconds': 'endpointPropagationSeconds',
  'shutdown-seconds': 'shutdownSeconds',
  'alb-deregistration-seconds': 'albDeregistrationSeconds',
  'nlb-deregistration-seconds': 'nlbDeregistrationSeconds',
  'max-file-size-mb': 'maxFileSizeMB',
} as const;

/**
 * `--shutdown-seconds -5` would make Node's parser complain that the value looks like an option;
 * a value always follows a string option, so join the two and let validation say what is wrong.
 */
function joinValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return [...out, ...argv.slice(i)];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name && (STRING_OPTIONS as readonly string[]).includes(name) && i + 1 < argv.length) out.push(`${arg}=${argv[++i]}`);
    else out.push(arg);
  }
  return out;
}

function parse(argv: string[]): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const o of STRING_OPTIONS) options[o] = { type: 'string', ...((MULTIPLE_OPTIONS as readonly string[]).includes(o) ? { multiple: true } : {}) };
  for (const o of BOOLEAN_OPTIONS) options[o] = { type: 'boolean' };
  for (const [o, short] of Object.entries(SHORT_OPTIONS)) options[o] = { ...options[o]!, short };
  try {
    const { values, positionals } = parseArgs({ args: joinValues(argv), allowPositionals: true, options });
    return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
  } catch (error) {
    const message = (error as Error).message;
    const option = /'(--?[\w-]+)/.exec(message)?.[1];
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) throw new UsageError(`unknown option ${option}${didYouMean(option.replace(/=.*/, ''), ALL_OPTIONS)}`);
    if (option && (STRING_OPTIONS as readonly string[]).includes(option.replace(/^--?/, ''))) throw new UsageError(`${option} needs a value`);
    if (option) throw new UsageError(`${option} takes no value`);
    throw new UsageError(message.split('\n')[0]!);
  }
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}, not "${value}"`);
}

/** `--format F` or `--format F=FILE` (repeatable) and `-o FILE` for the one without a file. */
function outputs(command: string, values: Record<string, unknown>): Output[] {
  const formats: readonly Format[] = command === 'check' ? FORMATS : ['text', 'json'];
  const given = (values.format as string[] | undefined) ?? [];
  const list = (given.length > 0 ? given : ['text']).map((spec): Output => {
    const at = spec.indexOf('=');
    const file = at < 0 ? undefined : spec.slice(at + 1);
    if (file === '') throw new UsageError(`--format ${spec} needs a file name after "="`);
    return { format: oneOf(`--format for ${command}`, at < 0 ? spec : spec.slice(0, at), formats, 'text'), file };
  });
  const toStdout = list.filter((o) => o.file === undefined);
  const outputFile = values['output-file'] as string | undefined;
  if (toStdout.length > 1) throw new UsageError('only one --format can go to standard output: give the others a file, as in --format sarif=kubegrace.sarif');
  if (outputFile !== undefined) {
    if (toStdout.length === 0) throw new UsageError('-o/--output-file has no format to take: every --format already names a file');
    toStdout[0]!.file = outputFile;
  }
  return list;
}

/** `--rule ID=SEVERITY` (repeatable): the severity of one rule for this run, `off` to turn it off. */
function ruleFlags(values: Record<string, unknown>): Record<string, string> | undefined {
  const given = values.rule as string[] | undefined;
  if (!given) return undefined;
  const levels = [...SEVERITIES, 'off'];
  return Object.fromEntries(
    given.map((spec) => {
      const [id = '', level, ...more] = spec.split('=');
      if (!(RULE_IDS as readonly string[]).includes(id)) throw new UsageError(`--rule: unknown rule "${id}"${didYouMean(id, RULE_IDS)}; kubegrace rules lists them`);
      if (level === undefined || more.length > 0 || !levels.includes(level)) throw new UsageError(`--rule ${spec}: write --rule ${id}=SEVERITY, SEVERITY being ${levels.slice(0, -1).join(', ')} or off`);
      return [id, level];
    }),
  );
}

function checkSettingFlags(values: Record<string, unknown>): Record<string, unknown> {
  const version = values['kubernetes-version'] as string | undefined;
  if (version !== undefined) {
    const minor = parseMinor(version);
    if (minor === undefined) throw new UsageError(`--kubernetes-version must look like 1.30, not "${version}"`);
    if (minor < OLDEST_VERSION || minor > NEWEST_VERSION) {
      throw new UsageError(`--kubernetes-version ${version} is outside 1.${OLDEST_VERSION}–1.${NEWEST_VERSION}, the versions KubeGrace models`);
    }
  }
  const gates = values['feature-gates'] as string[] | undefined;
  const gateProblems = gates ? normalizeSettings({ featureGates: gates }).problems : [];
  if (gateProblems.length > 0) throw new UsageError(`--feature-gates: ${gateProblems[0]!.replace(/^featureGates:? /, '')}`);
  // Kubernetes' own spelling, comma-separated and repeatable: Name=true,Other=false.
  const flags: Record<string, unknown> = { kubernetesVersion: version, featureGates: gates?.join(','), rules: ruleFlags(values) };
  // A profile name only; its numbers are overridden in .kubegrace.yaml (`platform:`).
  const platform = values.platform as string | undefined;
  if (platform !== undefined) {
    const problem = normalizeSettings({ platform }).problems[0];
    if (problem) throw new UsageError(`--platform: ${problem}`);
    flags.platform = platform;
  }
  // istio=1.26,linkerd=2.19, repeatable; later values win, and the file's other meshes stay.
  const mesh = values.mesh as string[] | undefined;
  if (mesh !== undefined) {
    const problem = normalizeSettings({ mesh }).problems[0];
    if (problem) throw new UsageError(`--mesh: ${problem.replace(/^mesh:? /, '')}`);
    flags.mesh = mesh;
  }
  for (const [flag, key] of Object.entries(SECONDS_FLAGS)) {
    const value = values[flag] as string | undefined;
    if (value !== undefined && normalizeSettings({ [key]: value }).problems.length > 0) {
      throw new UsageError(`--${flag} must be a number of ${key === 'maxFileSizeMB' ? 'megabytes' : 'seconds'}, 0 or more, not "${value}"`);
    }
    flags[key] = value;
  }
  return flags;
}

export function parseCli(argv: string[]): Parsed {
  const { values, positionals } = parse(argv);
  if (values.version) return { command: 'version' };
  const [first, ...rest] = positionals;
  if (first === 'help' || (values.help && first === undefined)) {
    const topic = rest[0] ?? (first === 'help' ? undefined : first);
    if (topic !== undefined && !(COMMANDS as readonly string[]).includes(topic)) throw new UsageError(`no help for "${topic}": the commands are ${COMMANDS.join(', ')}`);
    return { command: 'help', topic: topic as Command | undefined };
  }
  if (first === undefined) throw new UsageError('missing command: check, explain, rules or help');
  if (first !== 'check' && first !== 'explain' && first !== 'rules') {
    throw new UsageError(`unknown command "${first}"${didYouMean(first, COMMANDS)}; the commands are ${COMMANDS.join(', ')}`);
  }
  if (values.help) return { command: 'help', topic: first };
  const command = first;
  const paths = rest;
  if (command === 'rules' && paths.length > 1) throw new UsageError('rules takes one rule at most, e.g. kubegrace rules prestop-missing');
  const rule = command === 'rules' ? paths.pop() : undefined;
  if (rule !== undefined && !(RULE_IDS as readonly string[]).includes(rule)) throw new UsageError(`unknown rule "${rule}"${didYouMean(rule, RULE_IDS)}; kubegrace rules lists them`);
  if ((values.context as string[] | undefined)?.includes('-')) throw new UsageError('--context reads files and folders, not standard input');
  if (command !== 'rules' && paths.length === 0) throw new UsageError(`${command} needs at least one PATH (a file, a folder, or - for standard input)`);
  const outs = outputs(command, values);
  const format = (outs.find((o) => o.file === undefined) ?? outs[0]!).format;
  const fix = (values.fix as boolean | undefined) ?? false;
  const dryRun = (values['dry-run'] as boolean | undefined) ?? false;
  if (fix && command !== 'check') throw new UsageError('--fix goes with check');
  if (dryRun && !fix) throw new UsageError('--dry-run goes with --fix');
  if (dryRun && (outs.length > 1 || format !== 'text' || outs[0]!.file !== undefined)) throw new UsageError('--fix --dry-run prints a unified diff; it takes no --format');
  // Rendered output is not what the user edits: a diff of it would not apply to the templates.
  if (fix && paths.includes('-')) throw new UsageError('--fix works on files, not on standard input (fix the templates or overlays)');
  const failOn = oneOf('--fail-on', values['fail-on'] as string | undefined, [...SEVERITIES.filter((s) => s !== 'hint'), 'none'], DEFAULT_FAIL_ON);
  if (values.config !== undefined && values['no-config']) throw new UsageError('--config and --no-config exclude each other');
  const config: ConfigChoice = values['no-config'] ? { kind: 'none' } : values.config !== undefined ? { kind: 'file', path: values.config as string } : { kind: 'nearest' };
  return {
    command,
    format,
    outputs: outs,
    quiet: (values.quiet as boolean | undefined) ?? false,
    ...(rule !== undefined ? { rule } : {}),
    fix,
    dryRun,
    config,
    helpUriBase: values['help-uri-base'] as string | undefined,
    failOn,
    failOnParseError: (values['fail-on-parse-error'] as boolean | undefined) ?? false,
    color: !values['no-color'],
    flags: checkSettingFlags(values),
    paths,
    context: (values.context as string[] | undefined) ?? [],
    render: {
      enabled: !values['no-render'],
      allowConfigTools: (values['allow-config-tools'] as boolean | undefined) ?? false,
      values: (values.values as string[] | undefined) ?? [],
      set: (values.set as string[] | undefined) ?? [],
      releaseName: values['release-name'] as string | undefined,
      namespace: values.namespace as string | undefined,
      apiVersions: (values['api-versions'] as string[] | undefined) ?? [],
    },
  };
}

/**
 * `kubegrace` — check manifests for unsafe Pod shutdowns, explain their timelines, list the rules.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atLeast } from '../../shared/rules';
import { ruleHref } from '../engine/docs';
import { paint, useColor, type Paint } from './output/color';
import { Configs } from './configs';
import { unifiedDiff } from './output/diff';
import { toGitLab } from './output/gitlab';
import { toJUnit } from './output/junit';
import { skipIgnored } from './named';
import { parseCli, UsageError, type CliOptions, type Format, type Output } from './options';
import { checkFile, checkText, explainFile, explainText, linesOfRun, whereInRun, type JsonFile, type JsonWorkload } from './output/report';
import { ruleList, rulesText } from './rules-list';
import { analyzeSources, fixSources, type SettingsFor } from './run';
import { toSarif } from './output/sarif';
import { gatherSources, type Source } from './sources';
import { writeSource } from './read';
import { renderedJson } from './render/rendered';
import { renderFolders } from './render/folders';
import { summaryLine } from './output/summary';
import { usage } from './usage';
import { expandPatterns } from './files';

declare const KUBEGRACE_VERSION: string | undefined;
const VERSION = typeof KUBEGRACE_VERSION === 'string' ? KUBEGRACE_VERSION : 'dev';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Standard input, read when a PATH is `-`. */
  stdin?(): string | Uint8Array;
  /** Whether standard output is a terminal (colour is used only there). */
  isTty?: boolean;
  /** The environment (NO_COLOR, FORCE_COLOR); process.env when not given. */
  env?: Record<string, string | undefined>;
}

/** A rule page as readers open it: a path on this machine, or the published URL. */
function page(options: CliOptions, rule: string): string {
  const href = ruleHref(rule, options.helpUriBase);
  return href.startsWith('file:') ? fileURLToPath(href) : href;
}

/**
 * Where CI readers open a rule page (SARIF helpUri, JUnit): `--help-uri-base`, else the published
 * pages of this version. A path on the machine that ran the check means nothing in a browser.
 */
function publicBase(options: CliOptions): string {
  return options.helpUriBase ?? `${PROJECT}/blob/${VERSION === 'dev' ? 'main' : `v${VERSION}`}/docs/rules`;
}
const PROJECT = 'https://github.com/kubegrace/kubegrace';

/** The repository the run is in (the nearest folder with `.git`), else the working directory: SARIF's SRCROOT. */
function sarifRoot(): string {
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

/** Messages about the run itself (not findings) go to stderr, each line prefixed with the program's name. */
function say(io: Io, lines: Iterable<string>, prefix = ''): void {
  for (const line of lines) io.err(`kubegrace: ${prefix}${line}`);
}

/** Prints the problems of the settings files read so far; true when there are any (exit 2). */
function reportConfigProblems(configs: Configs, io: Io): boolean {
  const problems = configs.problems();
  say(io, problems);
  return problems.length > 0;
}

function listRules(options: CliOptions, configs: Configs, io: Io, colors: Paint): number {
  const settings = configs.settingsFor(undefined);
  if (reportConfigProblems(configs, io)) return 2;
  if (options.rule) {
    const href = ruleHref(options.rule);
    io.out(href.startsWith('file:') && existsSync(fileURLToPath(href)) ? readFileSync(fileURLToPath(href), 'utf8').trimEnd() : ruleHref(options.rule, publicBase(options)));
    return 0;
  }
  const rules = ruleList(settings, (rule) => page(options, rule));
  io.out(options.format === 'json' ? JSON.stringify({ rules }, null, 2) : rulesText(rules, colors));
  return 0;
}

/** `--fix`: writes the fixed files, or with `--dry-run` prints their diff. The sources then hold the fixed text. */
function fix(options: CliOptions, sources: Source[], settingsFor: SettingsFor, context: Source[], io: Io, unwritable: string[]): void {
  for (const { source, text, applied } of fixSources(sources, settingsFor, context)) {
    if (text === source.text) continue;
    if (options.dryRun) io.out(unifiedDiff(source.path, source.text, text).trimEnd());
    else {
      const problem = source.utf8 === false ? `${source.path}: not fixed: it holds bytes that are not UTF-8, which a rewrite would replace` : writeSource(source.path, text);
      if (problem) {
        say(io, [problem]);
        unwritable.push(problem);
        continue;
      }
    }
    for (const a of applied) io.err(`${source.path}: ${options.dryRun ? 'would fix' : 'fixed'} ${a}`);
    source.text = text;
  }
}

/**
 * `--context`: the files whose Services and Ingresses count for the checked ones (pre-commit names
 * only the staged files; the rest of the repository still routes traffic to them). Files that are
 * also checked, and files the ignore lists exclude, are left out; unreadable ones are only noted.
 */
function contextSources(options: CliOptions, sources: Source[], configs: Configs, io: Io): Source[] {
  if (options.context.length === 0) return [];
  const checked = new Set(sources.filter((s) => s.onDisk).map((s) => resolve(s.path)));
  const { sources: found, unreadable } = gatherSources(options.context, () => '', (path) => checked.has(resolve(path)) || configs.ignored(path) !== undefined, configs.settingsFor(undefined));
  say(io, unreadable, '--context: cannot read ');
  return found;
}

function run(options: CliOptions, io: Io): number {
  const configs = new Configs(options.config, options.flags);
  const colors = paint(useColor(options.color, io.isTty ?? false, io.env ?? process.env));
  if (options.command === 'rules') return listRules(options, configs, io, colors);
  options.paths = expandPatterns(options.paths);

  // Chart and overlay folders are rendered and reported at their source lines (server/render/).
  const rendered = renderFolders(options, configs, io.env ?? process.env);
  for (const n of rendered.notices) io.err(n);
  // `check -f a.yaml b.yaml` reads a.yaml as a values file: without a chart it would go unchecked.
  const { values, set } = options.render;
  if ((values.length > 0 || set.length > 0) && rendered.charts === 0 && rendered.errors.length === 0) {
    throw new UsageError(`${values.length > 0 ? `-f/--values ${values[0]}` : `--set ${set[0]}`} is for a Helm chart, and no PATH is a chart folder (one with Chart.yaml)${values.length > 0 ? `; to check ${values[0]}, name it without -f` : ''}`);
  }
  for (const e of rendered.errors) io.err(e);
  for (const d of rendered.diffs ?? []) io.out(d);
  for (const f of rendered.fixed ?? []) io.err(f);
  const skip = skipIgnored(rendered.rest, configs);
  const { sources, unreadable, notices } = gatherSources(rendered.rest, io.stdin ?? (() => readFileSync(0)), (path) => rendered.covers(path) || skip.test(path), configs.settingsFor(undefined));
  if (!options.quiet) say(io, [...skip.notices(), ...notices]);
  say(io, unreadable, 'cannot read ');
  // Files on disk have their own settings file; standard input uses the working directory's.
  const onDisk = new Set(sources.filter((s) => s.onDisk).map((s) => s.path));
  const settingsFor = (path: string) => configs.settingsFor(onDisk.has(path) ? path : undefined);
  // Reads every settings file in play first, so that a bad one stops the run before any output.
  for (const s of sources) settingsFor(s.path);
  if (reportConfigProblems(configs, io)) return 2;

  const context = contextSources(options, sources, configs, io);
  if (options.fix) fix(options, sources, settingsFor, context, io, unreadable);
  const analysed = analyzeSources(sources, settingsFor, context);
  // `-q`: errors only, in every output and in the exit status (ESLint's --quiet).
  const keep = (f: { severity: string }) => !options.quiet || f.severity === 'error';
  const checked: JsonFile[] = [...rendered.files.map(renderedJson), ...analysed.map(({ source, analysis }) => checkFile(source.path, source.text, analysis))].map((f) => ({ ...f, findings: f.findings.filter(keep) }));
  if (options.format !== 'json') for (const e of checked.flatMap((f) => [...f.errors, ...(options.quiet ? [] : (f.notices ?? []))])) io.err(e);
  if (!options.quiet && options.command === 'check') for (const notice of analysed.flatMap((a) => a.notices)) io.err(notice);

  const report = (format: Format, colors: Paint): string => {
    if (options.command === 'explain') {
      // Budget-chain terms name lines of other files of the run (a Service, a Namespace).
      const linesOf = linesOfRun([...sources, ...context]);
      const workloads: JsonWorkload[] = [...rendered.workloads.map((w) => w.json), ...analysed.flatMap(({ source, analysis }) => explainFile(source.path, analysis, whereInRun(source.path, source.text, linesOf)))];
      if (format === 'json') return JSON.stringify({ workloads }, null, 2);
      return [...rendered.workloads.map((w) => w.text), ...analysed.map(({ source, analysis }) => explainText(source.path, source.text, analysis, whereInRun(source.path, source.text, linesOf)))].filter(Boolean).join('\n\n');
    }
    if (format === 'json') return JSON.stringify({ files: checked }, null, 2);
    if (format === 'sarif') {
      const files = [...rendered.files, ...analysed.map(({ source, analysis }) => ({ path: source.path, text: source.text, parsed: analysis.parsed, findings: analysis.workloads.flatMap((w) => w.analysis.findings) }))];
      return JSON.stringify(toSarif(files.map((f) => ({ ...f, findings: f.findings.filter(keep) })), { version: VERSION, helpUri: (rule) => ruleHref(rule, publicBase(options)), root: sarifRoot() }), null, 2);
    }
    if (format === 'gitlab') return JSON.stringify(toGitLab(checked), null, 2);
    if (format === 'junit') return toJUnit(checked, options.failOn, (rule) => ruleHref(rule, publicBase(options)));
    const text = checkText(checked, colors);
    return [text, colors.dim(summaryLine(checked, rendered.errors.length))].filter(Boolean).join('\n');
  };
  if (options.dryRun) io.err(summaryLine(checked, rendered.errors.length).replace(/^/, 'after the fixes: '));
  else if (!writeOutputs(options.outputs, (format, toFile) => report(format, toFile ? paint(false) : colors), io)) return 2;

  if (unreadable.length > 0 || rendered.errors.length > 0) return 2;
  if (options.failOnParseError && checked.some((f) => f.errors.length > 0)) return 1;
  const failOn = options.failOn;
  return failOn !== 'none' && checked.some((f) => f.findings.some((x) => atLeast(x.severity, failOn))) ? 1 : 0;
}

/**
 * Writes each report: to its file (every one is written, even when the run fails, so that an upload
 * step after a failing check still finds it), or to standard output. False when a file cannot be written.
 */
function writeOutputs(outputs: Output[], report: (format: Format, toFile: boolean) => string, io: Io): boolean {
  let ok = true;
  for (const output of outputs) {
    const text = report(output.format, output.file !== undefined);
    if (output.file === undefined) {
      if (text) io.out(text);
      continue;
    }
    try {
      writeFileSync(output.file, text ? `${text}\n` : '');
    } catch (error) {
      say(io, [`cannot write ${output.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
      ok = false;
    }
  }
  return ok;
}

export function main(argv: string[], io: Io): number {
  try {
    // No arguments at all: the overview, as most CLIs print it, and the usage-error status.
    if (argv.length === 0) {
      io.err(usage());
      return 2;
    }
    const options = parseCli(argv);
    if (options.command === 'help') {
      io.out(usage(options.topic));
      return 0;
    }
    if (options.command === 'version') {
      io.out(VERSION);
      return 0;
    }
    return run(options, io);
  } catch (error) {
    if (error instanceof UsageError) {
      // One line: what was wrong and what is accepted. `kubegrace help` has the rest.
      io.err(`kubegrace: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  // A reader that stops early (`kubegrace check … | head -1`) closes the pipe: end quietly, with the
  // run's own exit status, as Unix tools do, instead of dying on an unhandled EPIPE.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    });
  }
  const io: Io = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`), isTty: process.stdout.isTTY === true };
  process.exitCode = main(process.argv.slice(2), io);
}

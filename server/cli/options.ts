/** The CLI's arguments → settings and output options. Usage errors are thrown as `UsageError`. */
import { parseArgs } from 'node:util';
import { SEVERITIES, type Severity } from '../../shared/rules';
import type { Settings } from '../../shared/settings';
import { loadConfig, mergeSettings, parseConfig, type Config } from '../config';
import { readFileSync } from 'node:fs';
import type { ChartFlags } from '../render/config';

export class UsageError extends Error {}

export const USAGE = `Usage:
  kubegrace check   [options] PATH...   report unsafe Pod shutdowns
  kubegrace explain [options] PATH...   print each workload's termination timeline

PATH is a file, a directory (its *.yaml and *.yml files, recursively), or - for standard input
(e.g. helm template chart/ | kubegrace check -; Helm's "# Source:" comments name the files).
check renders a folder with Chart.yaml (helm template) or a kustomization (kubectl kustomize) and
reports each finding on the template, values, base or patch line that wrote it.

Options:
  --format text|json|sarif           output format (default: text; sarif for code scanning)
  --fix                              apply the safe quick fixes to the files in place, then report
  --config FILE                      settings file (default: the nearest .kubegrace.yaml upwards,
                                     up to the repository root); --no-config to use none
  --kubernetes-version V             target Kubernetes version, e.g. 1.29 (default: 1.33)
  --endpoint-propagation-seconds N   estimated seconds until endpoints stop routing to a pod (default: 5)
  --shutdown-seconds N               estimated seconds an app needs after SIGTERM (default: 10)
  --alb-deregistration-seconds N     estimated seconds an ALB with ip targets keeps sending requests (default: 30)
  --nlb-deregistration-seconds N     estimated seconds an NLB with ip targets keeps sending connections (default: 120)
  --max-file-size-mb N               skip files larger than N MB with a notice (default: 5; 0: no limit)
  --fail-on error|warning|information  exit 1 when a finding is at least this severe (default: error)
  --help-uri-base URL                where the rule pages are published, for SARIF helpUri
                                     (default: the docs/rules folder next to this program)
  --no-render                        do not render chart and overlay folders (check their files as they are)
  -f, --values FILE                  values file for a chart folder (repeatable; later ones win)
  --set KEY=VALUE                    value for a chart folder, as helm --set (repeatable)
  --release-name NAME                release name for a chart folder (default: release)
  --namespace NS                     namespace for a chart folder
  -h, --help                         show this help
  --version                          show the version

Exit status: 0 no finding at or above --fail-on, 1 some, 2 usage error or unreadable path.`;

export interface CliOptions {
  command: 'check' | 'explain';
  format: 'text' | 'json' | 'sarif';
  fix: boolean;
  config: Config;
  helpUriBase?: string;
  failOn: Severity;
  settings: Settings;
  paths: string[];
  /** Rendering of chart and overlay folders (`--no-render` turns it off). */
  render: ChartFlags & { enabled: boolean };
  /** Settings problems to print as warnings (e.g. an unknown version). */
  problems: string[];
}

export function parseCli(argv: string[]): CliOptions | 'help' | 'version' {
  // biome-ignore lint/suspicious/noImplicitAnyLet: TypeScript types it from the parseArgs call below
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        'kubernetes-version': { type: 'string' },
        'endpoint-propagation-seconds': { type: 'string' },
        'shutdown-seconds': { type: 'string' },
        'alb-deregistration-seconds': { type: 'string' },
        'nlb-deregistration-seconds': { type: 'string' },
        'max-file-size-mb': { type: 'string' },
        'fail-on': { type: 'string' },
        fix: { type: 'boolean' },
        config: { type: 'string' },
        'no-config': { type: 'boolean' },
        'help-uri-base': { type: 'string' },
        'no-render': { type: 'boolean' },
        values: { type: 'string', short: 'f', multiple: true },
        set: { type: 'string', multiple: true },
        'release-name': { type: 'string' },
        namespace: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.version) return 'version';
  const [command, ...paths] = positionals;
  if (command !== 'check' && command !== 'explain') {
    throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  }
  if (paths.length === 0) throw new UsageError(`${command} needs at least one PATH`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  if (format === 'sarif' && command === 'explain') throw new UsageError('explain has no sarif format');
  if (values.fix && command !== 'check') throw new UsageError('--fix goes with check');
  if (values.fix && paths.includes('-')) throw new UsageError('--fix changes files in place and cannot fix standard input');
  const failOn = values['fail-on'] ?? 'error';
  if (!(SEVERITIES as readonly string[]).includes(failOn) || failOn === 'hint') {
    throw new UsageError(`--fail-on must be error, warning or information, not "${failOn}"`);
  }
  const config = values['no-config'] ? parseConfig('') : values.config ? readConfigFile(values.config) : loadConfig(process.cwd());
  const flags = {
    kubernetesVersion: values['kubernetes-version'],
    endpointPropagationSeconds: values['endpoint-propagation-seconds'],
    shutdownSeconds: values['shutdown-seconds'],
    albDeregistrationSeconds: values['alb-deregistration-seconds'],
    nlbDeregistrationSeconds: values['nlb-deregistration-seconds'],
    maxFileSizeMB: values['max-file-size-mb'],
  };
  // A bad flag value is a usage error on the command line, not something to fall back from.
  const flagProblems = mergeSettings(parseConfig(''), flags).problems;
  if (flagProblems.length > 0) throw new UsageError(flagProblems.join('; '));
  const { settings, problems } = mergeSettings(config, flags);
  const render = { enabled: !values['no-render'], values: values.values ?? [], set: values.set ?? [], releaseName: values['release-name'], namespace: values.namespace };
  return { command, format, fix: values.fix ?? false, config, helpUriBase: values['help-uri-base'], failOn: failOn as Severity, settings, paths, problems, render };
}

function readConfigFile(path: string): Config {
  try {
    return parseConfig(readFileSync(path, 'utf8'), path);
  } catch (error) {
    throw new UsageError(`cannot read --config ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

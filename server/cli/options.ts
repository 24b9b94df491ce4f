/** The CLI's arguments → settings and output options. Usage errors are thrown as `UsageError`. */
import { parseArgs } from 'node:util';
import { SEVERITIES, type Severity } from '../../shared/rules';
import { normalizeSettings, type Settings } from '../../shared/settings';

export class UsageError extends Error {}

export const USAGE = `Usage:
  kubegrace check   [options] PATH...   report unsafe Pod shutdowns
  kubegrace explain [options] PATH...   print each workload's termination timeline

PATH is a file or a directory (its *.yaml and *.yml files, recursively).

Options:
  --format text|json                 output format (default: text)
  --kubernetes-version V             target Kubernetes version, e.g. 1.29 (default: 1.33)
  --endpoint-propagation-seconds N   estimated seconds until endpoints stop routing to a pod (default: 5)
  --shutdown-seconds N               estimated seconds an app needs after SIGTERM (default: 10)
  --alb-deregistration-seconds N     estimated seconds an ALB with ip targets keeps sending requests (default: 30)
  --nlb-deregistration-seconds N     estimated seconds an NLB with ip targets keeps sending connections (default: 120)
  --fail-on error|warning|information  exit 1 when a finding is at least this severe (default: error)
  -h, --help                         show this help
  --version                          show the version

Exit status: 0 no finding at or above --fail-on, 1 some, 2 usage error or unreadable path.`;

export interface CliOptions {
  command: 'check' | 'explain';
  format: 'text' | 'json';
  failOn: Severity;
  settings: Settings;
  paths: string[];
  /** Settings problems to print as warnings (e.g. an unknown version). */
  problems: string[];
}

export function parseCli(argv: string[]): CliOptions | 'help' | 'version' {
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
        'fail-on': { type: 'string' },
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
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${format}"`);
  const failOn = values['fail-on'] ?? 'error';
  if (!(SEVERITIES as readonly string[]).includes(failOn) || failOn === 'hint') {
    throw new UsageError(`--fail-on must be error, warning or information, not "${failOn}"`);
  }
  const { settings, problems } = normalizeSettings({
    kubernetesVersion: values['kubernetes-version'],
    endpointPropagationSeconds: values['endpoint-propagation-seconds'],
    shutdownSeconds: values['shutdown-seconds'],
    albDeregistrationSeconds: values['alb-deregistration-seconds'],
    nlbDeregistrationSeconds: values['nlb-deregistration-seconds'],
  });
  // A bad flag value is a usage error on the command line, not something to fall back from.
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return { command, format, failOn: failOn as Severity, settings, paths, problems };
}

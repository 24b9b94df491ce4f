/**
 * The vocabulary shared by the model, the server, the CLI and the docs: rule ids, fix ids,
 * severities. Plain strings only.
 */

export const RULE_IDS = [
  'prestop-missing',
  'prestop-too-short',
  'prestop-exceeds-grace',
  'grace-exhausted',
  'grace-zero',
  'prestop-tcpsocket',
  'api-validation',
  'sleep-action-unavailable',
  'exec-hook-unavailable',
  'shell-pid1',
  'stop-signal-invalid',
  'legacy-sidecar',
  'native-sidecar-unavailable',
  'publish-not-ready-addresses',
  'readiness-probe-missing',
  'lb-deregistration-delay',
  'abrupt-stop-signal',
  'probe-restart-grace',
  'pdb-blocks-drain',
  'proxy-exits-early',
  'proxy-drain-exceeds-grace',
  'grace-capped-by-platform',
  'lb-draining-exceeds-grace',
  'gateway-drain-exceeds-grace',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export const FIX_IDS = [
  'insert-prestop-sleep',
  'raise-grace-period',
  'convert-native-sidecar',
  'exec-to-sleep-action',
  'sleep-action-to-exec',
  'replace-tcpsocket-hook',
  'exec-final-command',
  'insert-readiness-probe',
  'graceful-prestop-hook',
  'set-stop-signal',
  'set-probe-grace',
  'relax-disruption-budget',
  'set-proxy-drain',
  'ignore-rule',
] as const;

export type FixId = (typeof FIX_IDS)[number];

/** Severities in LSP order: error is the most severe. */
export const SEVERITIES = ['error', 'warning', 'information', 'hint'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type SeveritySetting = Severity | 'off';

/** True when `a` is at least as severe as `b`. */
export function atLeast(a: Severity, b: Severity): boolean {
  return SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b);
}

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}

/** The annotation that silences rules for one workload (comma-separated rule ids). */
export const IGNORE_ANNOTATION = 'kubegrace/ignore';
/** The annotation that overrides the shutdown estimate for one workload, in seconds. */
export const SHUTDOWN_ANNOTATION = 'kubegrace/shutdown-seconds';
/** The comment that silences rules for the node on the next line. */
export const IGNORE_COMMENT = 'kubegrace-ignore';

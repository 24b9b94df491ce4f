/**
 * gateway-drain-exceeds-grace — G5/G6 for Envoy Gateway: the envoy pods drain in a preStop hook for
 * at least `minDrainDuration` and at most `drainTimeout` (gateways/envoy.ts), inside one grace
 * period. Envoy Gateway sets that grace period to the drain timeout + 300 s; a merge patch that sets
 * `terminationGracePeriodSeconds` at or below the drain timeout makes SIGKILL end a drain that runs
 * to its timeout (below the minimum: every drain). envoyproxy/gateway#2633: the grace period must
 * exceed the drain timeout so that a full drain ends with SIGTERM, not SIGKILL. Also reported, as
 * information: a `minDrainDuration` longer than `drainTimeout`, which never takes effect, since the
 * drain stops at the timeout first.
 */
import type { RuleContext } from '../context';
import { ENVOY_GRACE_MARGIN_SECONDS, envoyTiming } from '../gateways/envoy';
import { secs, type Rule, type RuleFinding } from '../rule';

export const gatewayDrainExceedsGrace: Rule = {
  id: 'gateway-drain-exceeds-grace',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    const shutdown = ctx.workload.envoyShutdown;
    const timing = shutdown ? envoyTiming(shutdown) : undefined;
    if (!timing) return [];
    const findings: RuleFinding[] = [];
    const drainText = `drainTimeout ${timing.drain ? timing.drain.value : `${secs(timing.drainSeconds)} (default)`}`;
    const drainAt = timing.drain ? [{ span: timing.drain.span, message: `${ctx.object} shutdown.drainTimeout` }] : [];
    const minAt = timing.minDrain ? [{ span: timing.minDrain.span, message: `${ctx.object} shutdown.minDrainDuration` }] : [];
    const patched = timing.patchedGrace;
    if (patched && timing.graceSeconds <= timing.drainSeconds) {
      // The shortest drain: the minimum, or the timeout when that comes first.
      const shortest = Math.min(timing.minDrainSeconds, timing.drainSeconds);
      const what = timing.graceSeconds <= shortest
        ? `even the shortest drain of ${secs(shortest)} does not fit: every drain is cut by SIGKILL`
        : `a drain that still has connections at ${secs(timing.graceSeconds)} is cut by SIGKILL instead of ending with SIGTERM`;
      findings.push({
        message: `The envoy pods of ${ctx.object} get a grace period of ${secs(timing.graceSeconds)} from the patch, but their drain may run until the ${drainText}: ${what}. Envoy Gateway's own value is the drain timeout + ${secs(ENVOY_GRACE_MARGIN_SECONDS)}.`,
        span: patched.span,
        related: [...drainAt, ...minAt],
        fixes: [
          {
            id: 'raise-grace-period',
            title: `Set terminationGracePeriodSeconds to ${Math.trunc(timing.drainSeconds + ENVOY_GRACE_MARGIN_SECONDS)}`,
            safe: false,
            changes: [{ op: 'replace', at: patched.span, value: Math.trunc(timing.drainSeconds + ENVOY_GRACE_MARGIN_SECONDS) }],
          },
        ],
      });
    }
    if (timing.minDrain && timing.minDrainSeconds > timing.drainSeconds) {
      findings.push({
        severity: 'information',
        message: `minDrainDuration ${timing.minDrain.value} of ${ctx.object} is longer than its ${drainText}: the drain stops at the timeout first, so the minimum never takes effect.`,
        span: timing.minDrain.span,
        related: drainAt,
        fixes: [],
      });
    }
    return findings;
  },
};

/**
 * grace-zero — G2, G3, G5: a grace period of 0 deletes the pod object at once and the kubelet kills
 * with a 1-second budget; a negative one is treated as 1. Either way there is no graceful stop.
 */
import type { RuleContext } from '../context';
import { proposedGrace, raiseGracePeriod } from '../fixes';
import type { Rule, RuleFinding } from '../rule';

export const graceZero: Rule = {
  id: 'grace-zero',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    const tgps = ctx.workload.pod.terminationGracePeriodSeconds;
    if (!tgps || tgps.value > 0) return [];
    const what = tgps.value < 0 ? 'A negative grace period is treated as 1 s' : 'A grace period of 0 removes the pod object at once';
    return [
      {
        message: `${what}: the kubelet stops every container with a 1 s budget, so preStop hooks are cut short and SIGKILL follows SIGTERM almost at once.`,
        span: tgps.span,
        related: [],
        fixes: [raiseGracePeriod(ctx.workload, proposedGrace(0, ctx.timeline.shutdownSeconds))],
      },
    ];
  },
};

/**
 * grace-capped-by-platform — E3 and the reclaim notice of spot or preemptible nodes: on the
 * platform the user described (`kubegrace.platform`), a node shutdown gives a pod
 * `min(TGPS, the budget of its priority group)`, and a reclaimed node is gone when its notice
 * ends. Reported when the pod needs longer than that: its preStop delay and estimated drain end
 * after the platform's budget, so a grace period above it cannot take effect on that path.
 * A Karpenter NodePool's terminationGracePeriod in the files is such a cap too (paths/nodepool.ts),
 * linked as a related location. Critical pods (priorityClassName system-node-critical or
 * system-cluster-critical) get the reserved part instead (paths/platform.ts `criticalClass`).
 */
import type { RuleContext } from '../context';
import { secs, type Rule, type RuleFinding } from '../rule';

export const graceCappedByPlatform: Rule = {
  id: 'grace-capped-by-platform',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    const cap = ctx.platform;
    if (!cap || !ctx.longRunning) return [];
    const mains = ctx.timeline.containers.filter((c) => c.role === 'main');
    const last = mains.reduce<(typeof mains)[number] | undefined>((a, c) => (!a || c.exitAt > a.exitAt ? c : a), undefined);
    if (!last || last.exitAt <= cap.seconds) return [];
    const grace = ctx.timeline.gracePeriodSeconds;
    const graceText = grace > cap.seconds ? `The grace period of ${secs(grace)} has no effect on ${cap.label}` : `On ${cap.label}`;
    return [
      {
        message: `${graceText}: the node goes after ${secs(cap.seconds)} (${cap.why}), but ${last.name} needs until ≈${secs(last.exitAt)}. Work still running then is killed with the node.`,
        span: ctx.graceSpan ?? ctx.workload.kindSpan,
        related: cap.source ? [cap.source] : [],
        container: last.name,
        fixes: [],
      },
    ];
  },
};

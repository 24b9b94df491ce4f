/**
 * prestop-exceeds-grace — H2, H4, G6: a hook that reaches the grace budget is cut off; SIGTERM
 * then comes with only the 2-second floor before SIGKILL. A `sleep` action longer than TGPS is
 * rejected by the API server (S3, V5).
 */
import type { RuleContext } from '../context';
import { proposedGrace, raiseGracePeriod } from '../fixes';
import { secs, type Rule, type RuleFinding } from '../rule';
import { MINIMUM_STOP_SECONDS } from '../timeline';
import { sleepFamilyNote } from '../process/hooks';

export const prestopExceedsGrace: Rule = {
  id: 'prestop-exceeds-grace',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    const grace = ctx.timeline.gracePeriodSeconds;
    return ctx.running.flatMap(({ facts: container }): RuleFinding[] => {
      const timeline = ctx.timelineOf(container);
      const hook = container.preStop;
      if (!timeline || !hook || timeline.preStop.kind === 'none') return [];
      const known = timeline.preStop.seconds;
      // A zero-second sleep ends at once: whatever the grace period, it outlives nothing.
      if (known === 0 && timeline.preStop.kind === 'exact') return [];
      const handler = hook.handlers[0];
      const sleepAction = handler?.type === 'sleep' ? handler : undefined;
      // A hook that never ends cannot be fitted by a longer grace period.
      const fixes = timeline.preStop.forever ? [] : [raiseGracePeriod(ctx.workload, proposedGrace(known, timeline.preStop.drains ? 0 : ctx.timeline.shutdownSeconds))];
      const related = ctx.graceSpan ? [{ span: ctx.graceSpan, message: `terminationGracePeriodSeconds ${grace}` }] : [];
      const tgps = ctx.workload.pod.terminationGracePeriodSeconds?.value ?? grace;
      if (sleepAction && known > tgps) {
        return [
          {
            severity: 'error',
            message: `sleep.seconds ${known} is more than terminationGracePeriodSeconds ${tgps}: the API server rejects this pod ("${ctx.gates.sleepZero ? 'must be non-negative' : 'must be greater than 0'} and less than terminationGracePeriodSeconds (${tgps})").`,
            span: sleepAction.seconds?.span ?? sleepAction.span,
            related,
            container: container.name,
            fixes,
          },
        ];
      }
      // G6: the floor applies when G − floor(h) < 2.
      if (grace - Math.floor(known) >= MINIMUM_STOP_SECONDS) return [];
      const bound = timeline.preStop.kind === 'exact' ? '' : '≥ ';
      const runs = timeline.preStop.forever ? 'never ends (sleep inf)' : `runs ${bound}${secs(known)}`;
      return [
        {
          message: `The preStop hook of ${container.name} ${runs}${sleepFamilyNote(timeline.preStop)} but the grace period is ${secs(grace)}: the kubelet stops waiting at ${secs(timeline.preStopEnd)}, sends SIGTERM with only ${secs(timeline.drainWindow)} left and SIGKILL at ${secs(timeline.sigkillAt)}.`,
          span: hook.keySpan,
          related,
          container: container.name,
          fixes,
        },
      ];
    });
  },
};

/**
 * grace-exhausted — M1, G6: when the hook only delays, the application drains after SIGTERM and
 * has G − floor(h) seconds for it; an application that needs longer is killed mid-drain.
 */
import type { RuleContext } from '../context';
import { proposedGrace, raiseGracePeriod } from '../fixes';
import { secs, type Rule, type RuleFinding } from '../rule';
import { MINIMUM_STOP_SECONDS } from '../timeline';

export const graceExhausted: Rule = {
  id: 'grace-exhausted',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    // grace-zero reports a grace period of 0 or less, whose cause and fix are the same.
    const tgps = ctx.workload.pod.terminationGracePeriodSeconds?.value;
    if (!ctx.longRunning || (tgps !== undefined && tgps <= 0)) return [];
    const grace = ctx.timeline.gracePeriodSeconds;
    return ctx.running.flatMap(({ facts: container, role }): RuleFinding[] => {
      const timeline = ctx.timelineOf(container);
      if (role !== 'main' || !timeline || timeline.preStop.drains) return [];
      // prestop-exceeds-grace already reports a hook that leaves only the 2-second floor.
      if (timeline.preStop.kind !== 'none' && grace - Math.floor(timeline.preStop.seconds) < MINIMUM_STOP_SECONDS) return [];
      const need = timeline.shutdownSeconds;
      if (timeline.drainWindow >= need) return [];
      const source = ctx.timeline.shutdownSource === 'annotation' ? 'kubegrace/shutdown-seconds' : 'shutdownSeconds setting';
      return [
        {
          message: `${container.name} gets ${timeline.stopSignal} at ${secs(timeline.sigtermAt)} and SIGKILL at ${secs(timeline.sigkillAt)}: ${secs(timeline.drainWindow)} to finish in-flight work, but it is estimated to need ${secs(need)} (${source}).`,
          span: container.nameSpan,
          related: ctx.graceSpan ? [{ span: ctx.graceSpan, message: `terminationGracePeriodSeconds ${grace}` }] : [],
          container: container.name,
          fixes: [raiseGracePeriod(ctx.workload, proposedGrace(timeline.preStop.seconds, need))],
        },
      ];
    });
  },
};

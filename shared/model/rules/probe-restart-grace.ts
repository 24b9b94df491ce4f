/**
 * probe-restart-grace — P1 (KEP-2238): when a liveness or startup probe fails, the kubelet
 * restarts the container with the probe's `terminationGracePeriodSeconds`, or the pod's when the
 * probe sets none. A pod whose grace period was raised above the default for a long drain then
 * also waits that long to restart a hung container, which is the case the probe-level field was
 * made for. Only raised grace periods are reported: at the default (30 s) there is nothing to gain.
 */
import type { RuleContext } from '../context';
import { proposedGrace } from '../fixes';
import { probeGraceAvailable, restartingProbe } from '../paths/probe';
import { secs, type Rule, type RuleFinding } from '../rule';
import { DEFAULT_GRACE_SECONDS } from '../timeline';

export const probeRestartGrace: Rule = {
  id: 'probe-restart-grace',
  defaultSeverity: 'information',
  check(ctx: RuleContext): RuleFinding[] {
    const grace = ctx.timeline.gracePeriodSeconds;
    if (!probeGraceAvailable(ctx.gates) || grace <= DEFAULT_GRACE_SECONDS) return [];
    // A hung process needs no drain: the shutdown estimate plus a margin is enough, below the pod's value.
    const proposed = proposedGrace(0, ctx.timeline.shutdownSeconds);
    if (proposed >= grace) return [];
    return ctx.running.flatMap(({ facts: container, role }): RuleFinding[] => {
      const found = role === 'main' ? restartingProbe(container) : undefined;
      if (!found || found.probe.terminationGracePeriodSeconds) return [];
      return [
        {
          message: `When the ${found.field} of ${container.name} fails, the kubelet restarts it with the pod's grace period of ${secs(grace)}: a hung container holds on that long before SIGKILL. ${found.field}.terminationGracePeriodSeconds sets a shorter budget for probe restarts only.`,
          span: found.probe.keySpan,
          related: ctx.graceSpan ? [{ span: ctx.graceSpan, message: `terminationGracePeriodSeconds: ${grace}` }] : [],
          container: container.name,
          fixes: [
            {
              id: 'set-probe-grace',
              title: `Set ${found.field}.terminationGracePeriodSeconds to ${proposed}`,
              safe: false,
              changes: [{ op: 'set', at: found.probe.span, path: ['terminationGracePeriodSeconds'], value: proposed }],
            },
          ],
        },
      ];
    });
  },
};

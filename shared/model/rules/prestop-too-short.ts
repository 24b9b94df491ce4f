/**
 * prestop-too-short — N3/N4: the preStop delay ends before the pod is out of rotation, so the
 * container gets SIGTERM while requests still arrive. Only exact delays prove it (H6).
 */
import type { RuleContext } from '../context';
import { insertPreStopSleep } from '../fixes';
import { secs, type Rule, type RuleFinding } from '../rule';

export const prestopTooShort: Rule = {
  id: 'prestop-too-short',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    // Behind an AWS load balancer with ip targets, lb-deregistration-delay explains the longer estimate.
    if (!ctx.longRunning || ctx.timeline.serviceOutSources.some((s) => s.kind === 'aws-load-balancer')) return [];
    const out = ctx.timeline.serviceOutSeconds;
    return ctx.workload.pod.containers.flatMap((container): RuleFinding[] => {
      const timeline = ctx.timelineOf(container);
      const serving = ctx.serving(container);
      if (!serving || !container.preStop || !timeline) return [];
      const { preStop } = timeline;
      if (preStop.kind !== 'exact' || preStop.seconds >= out) return [];
      const fix = insertPreStopSleep(ctx.workload, container, out, ctx.timeline.shutdownSeconds, ctx.gates);
      const sources = ctx.timeline.serviceOutSources.map((s) => s.description).join('; ');
      return [
        {
          severity: serving === 'service' ? 'warning' : 'information',
          message: `The preStop delay of ${container.name} ends at ${secs(preStop.seconds)}, but new requests keep arriving until ≈${secs(out)} (${sources}): requests in between reach a container that is shutting down.`,
          span: container.preStop.keySpan,
          related: ctx.timeline.serviceOutSources.flatMap((s) => (s.span ? [{ span: s.span, message: s.description }] : [])),
          container: container.name,
          fixes: fix ? [fix] : [],
        },
      ];
    });
  },
};

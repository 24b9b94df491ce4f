/**
 * prestop-missing — N3: without a preStop delay a serving container gets SIGTERM at T0, while
 * endpoints, kube-proxy and load balancers still send it new requests.
 */
import type { RuleContext } from '../context';
import { insertPreStopSleep } from '../fixes';
import { secs, type Rule, type RuleFinding } from '../rule';

export const prestopMissing: Rule = {
  id: 'prestop-missing',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    if (!ctx.longRunning) return [];
    const out = ctx.timeline.serviceOutSeconds;
    return ctx.workload.pod.containers.flatMap((container): RuleFinding[] => {
      const serving = ctx.serving(container);
      if (!serving || container.preStop) return [];
      const fix = insertPreStopSleep(ctx.workload, container, out, ctx.timeline.shutdownSeconds, ctx.gates);
      const service = ctx.input.services[0];
      const source = ctx.timeline.serviceOutSources.reduce((a, b) => (b.seconds > a.seconds ? b : a)).description;
      const message =
        serving === 'service'
          ? `${container.name} gets ${ctx.timelineOf(container)?.stopSignal ?? 'SIGTERM'} at 0 s, but ${service ? `Service/${service.name}` : 'its Service'} keeps sending it new requests until ≈${secs(out)} (${source}): those requests fail. Add a preStop delay of at least ${secs(out)}.`
          : `${container.name} declares ports but has no preStop delay: if a Service routes to it, it gets SIGTERM at 0 s while new requests still arrive for ≈${secs(out)} (estimate).`;
      return [
        {
          severity: serving === 'service' ? 'warning' : 'information',
          message,
          span: container.nameSpan,
          related: [
            ...ctx.input.services.map((s) => ({ span: s.nameSpan ?? s.kindSpan, message: `Service/${s.name} selects this pod`, ...(s.file ? { file: s.file } : {}) })),
            ...(ctx.graceSpan ? [{ span: ctx.graceSpan, message: `grace period ${ctx.timeline.gracePeriodSeconds} s` }] : []),
          ],
          container: container.name,
          fixes: fix ? [fix] : [],
        },
      ];
    });
  },
};

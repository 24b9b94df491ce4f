/**
 * proxy-drain-exceeds-grace — G5/G6 for the injected proxy: its drain (Istio
 * `terminationDrainDuration`, Linkerd `proxy-wait-before-exit-seconds`) runs inside the pod's one
 * grace period. A drain longer than that is cut by SIGKILL (or, for Linkerd's preStop wait, by the
 * kubelet moving on with 2 s left), so the value promises more than the pod gives
 * (istio/istio#34855, envoyproxy/gateway#2633).
 */
import type { RuleContext } from '../context';
import { proposedGrace, raiseGracePeriod } from '../fixes';
import { secs, type Rule, type RuleFinding } from '../rule';

export const proxyDrainExceedsGrace: Rule = {
  id: 'proxy-drain-exceeds-grace',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    const { proxy } = ctx;
    const grace = ctx.timeline.gracePeriodSeconds;
    if (!proxy?.drainSource || proxy.drainSeconds <= grace) return [];
    // Linkerd ignores its wait annotation when the proxy is a native sidecar (its chart's values.yaml).
    if (proxy.mesh === 'Linkerd' && proxy.native) return [];
    const what = proxy.mesh === 'Istio' ? 'terminationDrainDuration' : 'proxy-wait-before-exit-seconds';
    return [
      {
        message: `The ${proxy.mesh} proxy's ${what} is ${secs(proxy.drainSeconds)}, longer than the pod's grace period of ${secs(grace)}: the kubelet stops it at ≈${secs(grace)}, so connections still draining are cut.`,
        span: proxy.drainSource.span,
        related: ctx.graceSpan ? [{ span: ctx.graceSpan, message: `terminationGracePeriodSeconds: ${grace}` }] : [],
        container: proxy.name,
        fixes: [raiseGracePeriod(ctx.workload, proposedGrace(Math.ceil(proxy.drainSeconds), 0))],
      },
    ];
  },
};

/**
 * proxy-exits-early — K1 and SC2 for the proxy a mesh injects (mesh/inject.ts, mesh/lane.ts): a
 * proxy injected as a regular container gets SIGTERM at T0 like the application, and stops
 * carrying traffic after its own drain (Istio `terminationDrainDuration`, 5 s by default) or at
 * once (Linkerd without `proxy-wait-before-exit-seconds`). Every call the application still makes
 * through it after that fails, and so does every request still arriving. Example (d) of the rule
 * book, with the proxy the manifest does not show.
 */
import type { RuleContext } from '../context';
import { ISTIO_PROXY_CONFIG, LINKERD_WAIT } from '../mesh/inject';
import { setProxyDrain } from '../mesh/fixes';
import { raiseGracePeriod, proposedGrace } from '../fixes';
import type { FixIntent } from '../output';
import { secs, type Rule, type RuleFinding } from '../rule';

export const proxyExitsEarly: Rule = {
  id: 'proxy-exits-early',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    const { proxy } = ctx;
    const lane = ctx.timeline.containers.find((c) => c.implied);
    if (!proxy || !lane || proxy.native || proxy.exitOnZeroConnections) return [];
    const mains = ctx.timeline.containers.filter((c) => c.role === 'main');
    const last = mains.reduce<(typeof mains)[number] | undefined>((a, c) => (!a || c.exitAt > a.exitAt ? c : a), undefined);
    // Whole seconds: the kubelet's own times are truncated to seconds (G6).
    if (!last || Math.ceil(last.exitAt) <= Math.floor(lane.exitAt)) return [];
    const how = proxy.mesh === 'Istio' ? `drains ${secs(proxy.drainSeconds)} after its SIGTERM at ${secs(lane.sigtermAt)}` : `stops taking new connections at its SIGTERM at ${secs(lane.sigtermAt)}`;
    const fix = setProxyDrain(ctx.workload, proxy, last.exitAt);
    const fixes: FixIntent[] = [];
    if (fix) {
      // The proxy's own budget is the pod's: a drain past it ends at SIGKILL (G6), so raise both.
      if (Math.ceil(last.exitAt) > ctx.timeline.gracePeriodSeconds) fix.changes.push(...raiseGracePeriod(ctx.workload, proposedGrace(Math.ceil(last.exitAt), 0)).changes);
      fixes.push(fix);
    }
    const setting = proxy.mesh === 'Istio' ? `${ISTIO_PROXY_CONFIG} terminationDrainDuration` : LINKERD_WAIT;
    return [
      {
        message: `The ${proxy.mesh} proxy (${proxy.reason}) is injected as a regular container: it ${how} and is gone at ≈${secs(lane.exitAt)}, while ${last.name} runs until ≈${secs(last.exitAt)}. Outbound calls and requests through the proxy fail in between. Set ${setting} to cover the drain, or inject it as a native sidecar.`,
        span: proxy.drainSource?.span ?? ctx.workload.podMetadata.annotations[proxy.mesh === 'Istio' ? 'sidecar.istio.io/inject' : 'linkerd.io/inject']?.span ?? ctx.workload.kindSpan,
        related: proxy.namespace ? [{ span: proxy.namespace.nameSpan ?? proxy.namespace.kindSpan, message: `Namespace/${proxy.namespace.name} enables injection`, ...(proxy.namespace.file ? { file: proxy.namespace.file } : {}) }] : [],
        container: proxy.name,
        fixes,
      },
    ];
  },
};

/**
 * Fix intents for the implied proxy: the pod template annotations the mesh's webhook reads.
 */
import type { WorkloadFacts } from '../facts';
import type { FixChange, FixIntent } from '../output';
import { ISTIO_PROXY_CONFIG, LINKERD_WAIT, type ImpliedProxy } from './inject';

/** Sets one annotation of the pod template (the webhook reads the pod's, not the workload's). */
export function setPodAnnotation(workload: WorkloadFacts, key: string, value: string): FixChange {
  const meta = workload.podMetadata;
  const existing = meta.annotations[key];
  if (existing) return { op: 'replace', at: existing.span, value };
  if (meta.span) return { op: 'set', at: meta.span, path: ['annotations', key], value };
  if (workload.templateSpan) return { op: 'set', at: workload.templateSpan, path: ['metadata', 'annotations', key], value };
  return { op: 'set', at: workload.span, path: ['metadata', 'annotations', key], value };
}

/**
 * Keep the proxy up for `seconds` after its SIGTERM (Istio) or before it (Linkerd). Istio's
 * annotation holds a whole ProxyConfig: one that already exists with other keys is not rewritten.
 */
export function setProxyDrain(workload: WorkloadFacts, proxy: ImpliedProxy, seconds: number): FixIntent | undefined {
  const whole = Math.max(1, Math.ceil(seconds));
  if (proxy.mesh === 'Istio') {
    const existing = workload.podMetadata.annotations[ISTIO_PROXY_CONFIG];
    if (existing && !/^\s*terminationDrainDuration\s*:\s*["']?[0-9.hms]+["']?\s*$/.test(existing.value)) return undefined;
    return {
      id: 'set-proxy-drain',
      title: `Keep istio-proxy draining ${whole} s (${ISTIO_PROXY_CONFIG} terminationDrainDuration)`,
      safe: true,
      changes: [setPodAnnotation(workload, ISTIO_PROXY_CONFIG, `terminationDrainDuration: ${whole}s`)],
    };
  }
  return {
    id: 'set-proxy-drain',
    title: `Keep linkerd-proxy up ${whole} s (${LINKERD_WAIT})`,
    safe: true,
    changes: [setPodAnnotation(workload, LINKERD_WAIT, String(whole))],
  };
}

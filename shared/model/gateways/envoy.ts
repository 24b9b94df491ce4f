/**
 * How Envoy Gateway stops its envoy pods, from an EnvoyProxy's settings. Read from envoyproxy/gateway
 * at commit d32f28294245e454d20f81d323d626a90e660c1e (docs/research.md, "Gateways and load balancers"):
 * - `drainTimeout` defaults to 60 s and `minDrainDuration` to 10 s (api/v1alpha1/envoyproxy_types.go,
 *   `ShutdownConfig`; internal/cmd/envoy.go, the shutdown command's flag defaults).
 * - The pods' terminationGracePeriodSeconds is `drainTimeout + 300`, 360 when it is not set
 *   (internal/infrastructure/kubernetes/proxy/resource_provider.go, `expectedTerminationGracePeriodSeconds`);
 *   only a merge patch of the Deployment or DaemonSet changes it (applied last, `MergeWithPatch`).
 * - The drain runs in the shutdown-manager's preStop and ends once `minDrainDuration` has passed and
 *   the connections are gone, or at `drainTimeout` whatever happens; the timeout is checked first
 *   (internal/cmd/envoy/shutdown_manager.go, `Shutdown`). Envoy's own preStop waits for it.
 */
import type { EnvoyShutdownFacts, Located } from '../facts';
import { goDuration } from '../mesh/inject';

export const ENVOY_DEFAULT_DRAIN_SECONDS = 60;
export const ENVOY_DEFAULT_MIN_DRAIN_SECONDS = 10;
/** What Envoy Gateway adds to the drain timeout for the grace period. */
export const ENVOY_GRACE_MARGIN_SECONDS = 300;

export interface EnvoyTiming {
  drainSeconds: number;
  drain?: Located<string>;
  minDrainSeconds: number;
  minDrain?: Located<string>;
  /** The envoy pods' grace period. */
  graceSeconds: number;
  /** The patch value that sets it; absent when Envoy Gateway derives it. */
  patchedGrace?: Located<number>;
}

/** The timing, or undefined when a duration cannot be read (Envoy Gateway would fail to parse it too). */
export function envoyTiming(facts: EnvoyShutdownFacts): EnvoyTiming | undefined {
  const drain = facts.drainTimeout ? goDuration(facts.drainTimeout.value) : ENVOY_DEFAULT_DRAIN_SECONDS;
  const min = facts.minDrainDuration ? goDuration(facts.minDrainDuration.value) : ENVOY_DEFAULT_MIN_DRAIN_SECONDS;
  if (drain === undefined || min === undefined) return undefined;
  return {
    drainSeconds: drain,
    ...(facts.drainTimeout ? { drain: facts.drainTimeout } : {}),
    minDrainSeconds: min,
    ...(facts.minDrainDuration ? { minDrain: facts.minDrainDuration } : {}),
    // Go's int(d.Seconds() + 300) truncates.
    graceSeconds: facts.patchedGrace?.value ?? Math.trunc(drain + ENVOY_GRACE_MARGIN_SECONDS),
    ...(facts.patchedGrace ? { patchedGrace: facts.patchedGrace } : {}),
  };
}

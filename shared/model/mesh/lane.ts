/**
 * The implied proxy as one more lane of the timeline (rule book K1, SC2–SC4, G6), so hovers,
 * `explain` and the rules see it like a container of the manifest.
 * - Legacy Istio: no preStop; SIGTERM at T0; the agent drains `terminationDrainDuration`, then
 *   stops Envoy. With EXIT_ON_ZERO_ACTIVE_CONNECTIONS it waits at least MINIMUM_DRAIN_DURATION,
 *   then until no connection is open, which the model takes as the last main container's exit.
 * - Native Istio: a preStop asks the agent to start draining at T0; SIGTERM comes after every
 *   regular container and later-declared sidecar has exited (injected first, it stops last).
 * - Legacy Linkerd: a preStop `sleep` of `proxy-wait-before-exit-seconds` when set, then SIGTERM;
 *   from SIGTERM the proxy accepts no new connection, which is what the application notices.
 * - Native Linkerd: no preStop; SIGTERM after the other containers.
 */
import type { ContainerTimeline, PreStopTiming } from '../output';
import { MINIMUM_STOP_SECONDS } from '../timeline';
import { ISTIO_MINIMUM_DRAIN_SECONDS, type ImpliedProxy } from './inject';

const NONE: PreStopTiming = { kind: 'none', seconds: 0, drains: false, description: 'none' };

export function proxyLane(proxy: ImpliedProxy, containers: ContainerTimeline[], budget: number): ContainerTimeline {
  const others = containers.filter((c) => !c.implied);
  const lastExit = Math.max(0, ...others.map((c) => c.exitAt));
  const mainsExit = Math.max(0, ...others.filter((c) => c.role === 'main').map((c) => c.exitAt));
  let preStop = NONE;
  let preStopEnd = 0;
  let sigtermAt = 0;
  let waitsFor: string[] = [];
  if (proxy.native) {
    sigtermAt = Math.min(lastExit, budget);
    waitsFor = others.map((c) => c.name);
    // The hook only tells the agent to start draining; it returns at once.
    if (proxy.mesh === 'Istio') preStop = { kind: 'exact', seconds: 0, drains: true, description: 'exec pilot-agent request POST drain' };
  } else if (proxy.mesh === 'Linkerd' && proxy.drainSeconds > 0) {
    preStop = { kind: 'exact', seconds: proxy.drainSeconds, drains: false, description: `sleep ${proxy.drainSeconds}` };
    preStopEnd = Math.min(proxy.drainSeconds, budget);
    sigtermAt = preStopEnd;
  }
  const drainWindow = Math.max(MINIMUM_STOP_SECONDS, budget - Math.floor(sigtermAt));
  const sigkillAt = sigtermAt + drainWindow;
  let runFor = 0;
  if (proxy.mesh === 'Istio') runFor = proxy.exitOnZeroConnections && !proxy.native ? Math.max(ISTIO_MINIMUM_DRAIN_SECONDS, mainsExit - sigtermAt) : proxy.drainSeconds;
  const natural = sigtermAt + runFor;
  return {
    name: proxy.name,
    role: proxy.native ? 'native-sidecar' : 'legacy-sidecar',
    preStop,
    preStopEnd,
    sigtermAt,
    sigkillAt,
    drainWindow,
    exitAt: Math.min(natural, sigkillAt),
    killed: natural > sigkillAt,
    stopSignal: 'SIGTERM',
    stopSignalSource: 'default',
    waitsFor,
    shutdownSeconds: runFor,
    implied: { mesh: proxy.mesh, reason: proxy.reason, version: proxy.version },
  };
}

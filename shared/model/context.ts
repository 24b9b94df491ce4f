/**
 * Everything a rule needs about one workload, computed once: the running containers and their
 * roles, the timeline, which containers serve traffic, and the target version's gates.
 */
import { SHUTDOWN_ANNOTATION } from '../rules';
import type { Settings } from '../settings';
import type { ContainerFacts, IngressFacts, ServiceFacts, Span, WorkloadFacts } from './facts';
import { features, type Features } from './features';
import type { WorkloadInput } from './input';
import type { ContainerTimeline, WorkloadTimeline } from './output';
import { serviceOutSources } from './serviceout';
import { buildTimeline, runningContainers, type RunningContainer } from './timeline';
import { impliedProxy, type ImpliedProxy } from './mesh/inject';
import { proxyLane } from './mesh/lane';
import { separate } from './paths/objects';
import type { BackendConfigFacts, DisruptionBudgetFacts } from './paths/related';
import { disruptionPaths } from './paths/index';
import { criticalClass, platformCap, type PlatformCap } from './paths/platform';
import { nodeDeadline } from './paths/nodepool';
import { budgetChain } from './paths/chain';
import { envoyTiming } from './gateways/envoy';

/** Kinds whose pods run to completion: they are not rolled, and are rarely deleted while serving. */
const RUN_TO_COMPLETION = new Set(['Job', 'CronJob']);
/** Kinds that replace pods by a rolling update unless told otherwise (W1–W3), and the opt-out strategy. */
const ROLLING: Record<string, string> = {
  Deployment: 'Recreate',
  StatefulSet: 'OnDelete',
  DaemonSet: 'OnDelete',
  Rollout: '',
  DeploymentConfig: 'Recreate',
};

export type Serving = 'service' | 'ports';

export interface RuleContext {
  /** The workload's input, without Services and Ingresses that do not decode (see `rejected`). */
  input: WorkloadInput;
  /** Matched Services and Ingresses the API server rejects while decoding them. */
  rejected: Array<ServiceFacts | IngressFacts>;
  workload: WorkloadFacts;
  settings: Settings;
  gates: Features;
  object: string;
  running: RunningContainer[];
  timeline: WorkloadTimeline;
  /** Pods that keep running until deleted (not Jobs, not Pods with restartPolicy Never/OnFailure). */
  longRunning: boolean;
  /** Pods replaced by a rolling update (W1–W3). */
  rollingUpdated: boolean;
  /** The grace-period value node, or the pod spec when the field is not written. */
  graceSpan: Span | undefined;
  timelineOf(container: ContainerFacts): ContainerTimeline | undefined;
  /** PodDisruptionBudgets selecting the pods (E1), from the same files or the workspace. */
  budgets: DisruptionBudgetFacts[];
  /** GKE BackendConfigs named by the Services that select the pods (gateways/annotation.ts). */
  backendConfigs: BackendConfigFacts[];
  /** The mesh proxy the webhook adds (mesh/inject.ts); its lane is the last of `timeline.containers`. */
  proxy: ImpliedProxy | undefined;
  /** The shortest budget the platform setting (or the pod's Karpenter NodePool) gives a pod on node shutdown, reclaim or termination (E3). */
  platform: PlatformCap | undefined;
  /** How we know a main container receives traffic: a selecting Service, or only declared ports. */
  serving(container: ContainerFacts): Serving | undefined;
}

/** `kubegrace/shutdown-seconds` on the workload or its pod template overrides the setting. */
export function shutdownSeconds(workload: WorkloadFacts, settings: Settings): { seconds: number; source: 'setting' | 'annotation' } {
  const raw = workload.podMetadata.annotations[SHUTDOWN_ANNOTATION] ?? workload.metadata.annotations[SHUTDOWN_ANNOTATION];
  const value = raw && raw.value.trim() !== '' ? Number(raw.value) : NaN;
  return Number.isFinite(value) && value >= 0 ? { seconds: value, source: 'annotation' } : { seconds: settings.shutdownSeconds, source: 'setting' };
}

function targets(service: ServiceFacts, container: ContainerFacts): boolean {
  if (service.ports.length === 0) return true;
  return service.ports.some((p) => {
    const target = p.targetPort ?? p.port;
    return container.ports.some((cp) => (typeof target === 'string' ? cp.name === target : cp.containerPort === target));
  });
}

/**
 * The input without the Services and Ingresses the API server would reject (decode errors): they
 * never exist in the cluster, so they route no traffic. Their errors are reported by api-validation.
 */
function admitted(input: WorkloadInput): WorkloadInput {
  if (!input.services.some((s) => s.decodeErrors) && !input.ingresses.some((i) => i.decodeErrors)) return input;
  const services = input.services.filter((s) => !s.decodeErrors);
  const names = new Set(services.map((s) => s.name));
  const ingresses = input.ingresses.filter((i) => !i.decodeErrors && i.serviceNames.some((n) => names.has(n)));
  return { ...input, services, ingresses };
}

export function buildContext(given: WorkloadInput, settings: Settings): RuleContext {
  const { budgets, namespaces, nodePools, backendConfigs } = separate(given);
  const input = admitted(given);
  const { workload } = input;
  const gates = features(settings.kubernetesVersion, settings.featureGates);
  const object = `${workload.kind}/${workload.name || "(unnamed)"}`;
  const running = runningContainers(workload.pod);
  const timeline = buildTimeline(running, {
    object,
    tgps: envoyGrace(workload) ?? workload.pod.terminationGracePeriodSeconds?.value,
    shutdown: shutdownSeconds(workload, settings),
    serviceOut: serviceOutSources(input, settings),
    selectedByService: input.services.length > 0,
    gates,
  });
  // Envoy Gateway's pods (an EnvoyProxy) are not modelled container by container: no implied lane.
  const proxy = workload.envoyShutdown ? undefined : impliedProxy(workload, namespaces, gates, settings.mesh);
  if (proxy) timeline.containers.push(proxyLane(proxy, timeline.containers, timeline.gracePeriodSeconds));
  const platform = platformCap(settings.platform, criticalClass(workload.pod), nodeDeadline(workload, nodePools));
  const paths = disruptionPaths(workload, running, timeline, budgets, gates, platform);
  if (paths.length > 0) timeline.paths = paths;
  const chain = budgetChain(timeline, { workload, services: input.services, platform, proxy });
  if (chain.length > 0) timeline.chain = chain;
  const podRestart = workload.pod.restartPolicy?.value;
  const longRunning = !RUN_TO_COMPLETION.has(workload.kind) && !(workload.kind === 'Pod' && podRestart !== undefined && podRestart !== 'Always');
  const optOut = ROLLING[workload.kind];
  const rollingUpdated = optOut !== undefined && workload.strategy !== optOut;
  const mains = running.filter((c) => c.role === 'main');
  // Lookups by name and identity, not by scanning: a pod with 20,000 containers stays linear.
  const mainFacts = new Set(mains.map((c) => c.facts));
  const byName = new Map<string, ContainerTimeline>();
  for (const c of timeline.containers) if (!byName.has(c.name)) byName.set(c.name, c);

  return {
    input,
    rejected: [...given.services, ...given.ingresses].filter((o) => o.decodeErrors),
    workload,
    settings,
    gates,
    object,
    running,
    timeline,
    longRunning,
    rollingUpdated,
    graceSpan: workload.pod.terminationGracePeriodSeconds?.span,
    timelineOf: (container) => byName.get(container.name),
    budgets,
    backendConfigs,
    proxy,
    platform,
    serving(container) {
      if (!mainFacts.has(container)) return undefined;
      if (input.services.length > 0 && (mains.length === 1 || input.services.some((s) => targets(s, container)))) return 'service';
      return container.ports.length > 0 ? 'ports' : undefined;
    },
  };
}

/** The envoy pods' grace period of an EnvoyProxy (gateways/envoy.ts); undefined for other workloads. */
function envoyGrace(workload: WorkloadFacts): number | undefined {
  return workload.envoyShutdown ? envoyTiming(workload.envoyShutdown)?.graceSeconds : undefined;
}

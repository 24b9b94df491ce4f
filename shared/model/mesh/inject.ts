/**
 * Which mesh proxy the mesh's admission webhook adds to a pod the manifest shows without it, and
 * how that proxy stops. Read from the pod template's labels and annotations and from a Namespace
 * object of the same namespace, in the files or the workspace. Sources: docs/research.md, "Mesh
 * proxies" (istio/istio and linkerd/linkerd2 at the commits named there).
 */
import type { Located, WorkloadFacts } from '../facts';
import type { NamespaceFacts } from '../paths/related';
import type { Features } from '../features';
import { istioVersion, linkerdVersion, type MeshSettings } from './versions';

export const ISTIO_INJECT = 'sidecar.istio.io/inject';
export const ISTIO_PROXY_CONFIG = 'proxy.istio.io/config';
export const ISTIO_NATIVE = 'sidecar.istio.io/nativeSidecar';
export const LINKERD_INJECT = 'linkerd.io/inject';
export const LINKERD_WAIT = 'config.alpha.linkerd.io/proxy-wait-before-exit-seconds';
/** GA name first; the beta and alpha names are deprecated but still read (pkg/k8s/labels.go). */
export const LINKERD_NATIVE = ['config.linkerd.io/proxy-enable-native-sidecar', 'config.beta.linkerd.io/proxy-enable-native-sidecar', 'config.alpha.linkerd.io/proxy-enable-native-sidecar'];

/** Istio's mesh default `terminationDrainDuration` (pkg/config/mesh/mesh.go). */
export const ISTIO_DEFAULT_DRAIN_SECONDS = 5;
/** Istio's `MINIMUM_DRAIN_DURATION` default, the wait before it counts connections (pilot-agent options). */
export const ISTIO_MINIMUM_DRAIN_SECONDS = 5;

export interface ImpliedProxy {
  mesh: 'Istio' | 'Linkerd';
  /** The container name the webhook uses. */
  name: 'istio-proxy' | 'linkerd-proxy';
  /** What turned injection on: "pod label sidecar.istio.io/inject", "Namespace/shop label istio-injection". */
  reason: string;
  /** The Namespace object that enabled it, when it did. */
  namespace?: NamespaceFacts;
  /** The pod template annotation that enabled it, when it did (labels carry no place). */
  injectSource?: Located<string>;
  /** The mesh version the model assumed, as hovers and `explain` name it (mesh/versions.ts). */
  version: string;
  /** Injected as a native sidecar (first init container, restartPolicy Always) or as a regular container. */
  native: boolean;
  /**
   * Istio: seconds the agent drains after its SIGTERM before it stops Envoy
   * (`terminationDrainDuration`). Linkerd: the preStop wait before its SIGTERM (legacy only).
   */
  drainSeconds: number;
  /** Where `drainSeconds` is set, when it is set on the pod. */
  drainSource?: Located<string>;
  /** Istio's `EXIT_ON_ZERO_ACTIVE_CONNECTIONS`: the agent waits for open connections to end instead. */
  exitOnZeroConnections: boolean;
}

const TRUE = new Set(['true', 'enabled', 'yes', 'y', 'on']);

function podValue(workload: WorkloadFacts, key: string): string | undefined {
  return workload.podMetadata.labels[key] ?? workload.podMetadata.annotations[key]?.value;
}

function alreadyThere(workload: WorkloadFacts, name: string): boolean {
  return [...workload.pod.containers, ...workload.pod.initContainers].some((c) => c.name === name);
}

/** A Go duration as Istio writes it ("5s", "1m30s", "500ms") in seconds; undefined when unreadable. */
export function goDuration(text: string): number | undefined {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text.trim()) return undefined;
  const unit = { h: 3600, m: 60, s: 1, ms: 0.001 } as const;
  return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2] as keyof typeof unit], 0);
}

/**
 * `terminationDrainDuration` and `EXIT_ON_ZERO_ACTIVE_CONNECTIONS` out of the `proxy.istio.io/config`
 * annotation (ProxyConfig as YAML or JSON). A textual read: both keys are scalars with unique names.
 */
export function istioProxyConfig(text: string): { drain?: number; exitOnZero: boolean } {
  // Block (`terminationDrainDuration: 30s`) or flow/JSON (`{"terminationDrainDuration": "30s"}`).
  const drain = /(?:^|[\s{,])["']?terminationDrainDuration["']?\s*:\s*["']?([0-9.hms]+)["']?(?=$|[\s,}])/.exec(text);
  const exitOnZero = /EXIT_ON_ZERO_ACTIVE_CONNECTIONS['"]?\s*:\s*['"]?true/i.test(text);
  const seconds = drain ? goDuration(drain[1]!) : undefined;
  return seconds === undefined ? { exitOnZero } : { drain: seconds, exitOnZero };
}

/** The Namespace turns Istio injection on: `istio-injection: enabled`, or a revision label without it. */
function istioNamespace(n: NamespaceFacts): boolean {
  const labels = n.namespaceObject.labels;
  return labels['istio-injection'] === 'enabled' || (labels['istio-injection'] === undefined && labels['istio.io/rev'] !== undefined);
}

function linkerdNamespace(n: NamespaceFacts): boolean {
  return ['enabled', 'ingress'].includes(n.namespaceObject.annotations[LINKERD_INJECT]?.value ?? '');
}

/** True when the Namespace object can inject a proxy into its pods; others change no analysis. */
export function injectsByNamespace(n: NamespaceFacts): boolean {
  return istioNamespace(n) || linkerdNamespace(n);
}

function istio(workload: WorkloadFacts, namespaces: NamespaceFacts[], gates: Features, mesh: MeshSettings): ImpliedProxy | undefined {
  const own = podValue(workload, ISTIO_INJECT);
  if (own !== undefined && !TRUE.has(own.toLowerCase())) return undefined;
  let reason = own !== undefined ? `pod template ${ISTIO_INJECT}: "${own}"` : undefined;
  let namespace: NamespaceFacts | undefined;
  if (!reason) {
    namespace = namespaces.find(istioNamespace);
    if (!namespace) return undefined;
    const labels = namespace.namespaceObject!.labels;
    reason = labels['istio-injection'] === 'enabled' ? `Namespace/${namespace.name} label istio-injection: enabled` : `Namespace/${namespace.name} label istio.io/rev: ${labels['istio.io/rev']}`;
  }
  const config = workload.podMetadata.annotations[ISTIO_PROXY_CONFIG];
  const parsed = config ? istioProxyConfig(config.value) : { exitOnZero: false };
  const version = istioVersion(mesh.istio);
  // The annotation is read from Istio 1.24; ENABLE_NATIVE_SIDECARS is false up to 1.26 and `auto`
  // from 1.27: native when every node's kubelet is 1.33 or newer.
  const nativeWanted = version.annotationRead ? podValue(workload, ISTIO_NATIVE) : undefined;
  const byDefault = version.nativeByDefault && (!version.auto || gates.minor >= 33);
  const native = nativeWanted === 'true' ? gates.nativeSidecars === 'on' : nativeWanted === 'false' ? false : byDefault;
  const injectSource = own !== undefined ? workload.podMetadata.annotations[ISTIO_INJECT] : undefined;
  return {
    mesh: 'Istio',
    name: 'istio-proxy',
    reason,
    ...(namespace ? { namespace } : {}),
    ...(injectSource ? { injectSource } : {}),
    version: version.label,
    native,
    drainSeconds: parsed.drain ?? ISTIO_DEFAULT_DRAIN_SECONDS,
    ...(parsed.drain !== undefined && config ? { drainSource: config } : {}),
    exitOnZeroConnections: parsed.exitOnZero,
  };
}

function linkerd(workload: WorkloadFacts, namespaces: NamespaceFacts[], gates: Features, mesh: MeshSettings): ImpliedProxy | undefined {
  const own = workload.podMetadata.annotations[LINKERD_INJECT]?.value;
  let reason: string | undefined;
  let namespace: NamespaceFacts | undefined;
  if (own !== undefined) {
    if (own !== 'enabled' && own !== 'ingress') return undefined;
    reason = `pod template ${LINKERD_INJECT}: ${own}`;
  } else {
    namespace = namespaces.find(linkerdNamespace);
    if (!namespace) return undefined;
    reason = `Namespace/${namespace.name} annotation ${LINKERD_INJECT}: ${namespace.namespaceObject!.annotations[LINKERD_INJECT]!.value}`;
  }
  const wait = workload.podMetadata.annotations[LINKERD_WAIT];
  const waitSeconds = wait && /^\d+$/.test(wait.value.trim()) ? Number(wait.value) : 0;
  const version = linkerdVersion(mesh.linkerd);
  // The GA annotation name is read from 2.20 on; before, only the beta and alpha names.
  const names = version.gaAnnotationRead ? LINKERD_NATIVE : LINKERD_NATIVE.slice(1);
  const nativeKey = names.find((k) => workload.podMetadata.annotations[k] !== undefined);
  const nativeWanted = nativeKey ? workload.podMetadata.annotations[nativeKey]!.value : undefined;
  // Linkerd's chart turns nativeSidecar on by default from 2.20 (linkerd/linkerd2#15267); the
  // kubelet needs the SidecarContainers gate (SC1) for it to mean anything.
  const native = (nativeWanted === undefined ? version.nativeByDefault : nativeWanted === 'true') && gates.nativeSidecars === 'on';
  const injectSource = own !== undefined ? workload.podMetadata.annotations[LINKERD_INJECT] : undefined;
  return {
    mesh: 'Linkerd',
    name: 'linkerd-proxy',
    reason,
    ...(namespace ? { namespace } : {}),
    ...(injectSource ? { injectSource } : {}),
    version: version.label,
    native,
    drainSeconds: waitSeconds,
    ...(wait && waitSeconds > 0 ? { drainSource: wait } : {}),
    exitOnZeroConnections: false,
  };
}

/**
 * The proxy the webhook adds, if any. A pod that already shows the proxy container (rendered or
 * injected manifests), or carries `sidecar.istio.io/status` (already injected), gets none.
 */
export function impliedProxy(workload: WorkloadFacts, namespaces: NamespaceFacts[], gates: Features, mesh: MeshSettings = {}): ImpliedProxy | undefined {
  if (workload.podMetadata.annotations['sidecar.istio.io/status'] || alreadyThere(workload, 'istio-proxy') || alreadyThere(workload, 'linkerd-proxy')) return undefined;
  return istio(workload, namespaces, gates, mesh) ?? linkerd(workload, namespaces, gates, mesh);
}

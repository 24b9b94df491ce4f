/**
 * Plain facts about Kubernetes objects, as the YAML layer extracts them.
 *
 * Everything here is data: no YAML nodes, no editor positions. Every fact that a finding may point
 * at carries the offset span of the YAML node it came from, so the server can turn it into a range
 * (server/protocol/convert.ts) and the edit layer can find the node again.
 */

/** Half-open [start, end) offsets into the file's text, in UTF-16 code units (JS string indices). */
export interface Span {
  start: number;
  end: number;
}

/** A value read from the manifest together with where it stands. */
export interface Located<T> {
  value: T;
  /** The value node's span. */
  span: Span;
  /** The span of the whole `key: value` pair (used to delete or replace a field). */
  pairSpan?: Span;
  /** For sequences: the span of each item, in order. */
  itemSpans?: Span[];
}

/**
 * One handler of a lifecycle hook (rule book H1). A hook with zero or several of these is invalid
 * (V1, V2) but is still extracted so the model can say so.
 */
export type HandlerFacts = (
  | { type: 'exec'; command: Located<string[]> | undefined }
  | { type: 'httpGet'; path?: Located<string>; port?: Located<string | number>; scheme?: Located<string> }
  | { type: 'tcpSocket'; port?: Located<string | number> }
  | { type: 'sleep'; seconds?: Located<number | string> }
) & {
  /** The handler's mapping. */
  span: Span;
  /** The handler's key (`exec:`, `sleep:`, …), where findings about the whole handler point. */
  keySpan?: Span;
};

/** `lifecycle.preStop` or `lifecycle.postStart`. */
export interface HookFacts {
  /** The span of the hook's mapping (the value of `preStop:`). */
  span: Span;
  /** The span of the `preStop:` key. */
  keySpan: Span;
  handlers: HandlerFacts[];
}

export interface ProbeFacts {
  span: Span;
  keySpan: Span;
  /** Probe-level `terminationGracePeriodSeconds` (P1, V10). */
  terminationGracePeriodSeconds?: Located<number>;
}

export interface PortFacts {
  containerPort?: number;
  name?: string;
  span: Span;
}

/** One entry of `containers` or `initContainers`. */
export interface ContainerFacts {
  name: string;
  /** Span of the `name` value; the container's mapping when it has no name. */
  nameSpan: Span;
  /** Span of the whole `name: …` pair, when the container has a name. */
  namePairSpan?: Span;
  /** Span of the container's whole mapping (the sequence item). */
  span: Span;
  list: 'containers' | 'initContainers';
  index: number;
  image?: Located<string>;
  command?: Located<string[]>;
  args?: Located<string[]>;
  ports: PortFacts[];
  readinessProbe?: ProbeFacts;
  livenessProbe?: ProbeFacts;
  startupProbe?: ProbeFacts;
  /** Container-level `restartPolicy`: `Always` on an init container makes it a native sidecar (SC1). */
  restartPolicy?: Located<string>;
  /** The `lifecycle` mapping itself, when present. */
  lifecycle?: { span: Span; keySpan: Span };
  preStop?: HookFacts;
  postStart?: HookFacts;
  /** `lifecycle.stopSignal` (SIG2). */
  stopSignal?: Located<string>;
  /**
   * Seconds this container takes to exit after SIGTERM, when something more specific than the
   * workload's estimate is known. The YAML layer leaves it unset; tests and future annotations use it.
   */
  shutdownSeconds?: number;
}

/**
 * A value the API server cannot decode into the field's Go type (a string for an int64, a number in
 * a string list). The server rejects the whole object with Go's JSON decoder message.
 */
export interface DecodeErrorFacts {
  /** The offending value (or list item). */
  span: Span;
  /** What Go calls the JSON value: "string", "number", "number 5.5", "bool", "object", "array"; "infinite" for `.inf`, which has no JSON form. */
  found: string;
  /** The innermost Go struct holding the field: PodSpec, Container, ExecAction, … */
  struct: string;
  /** The JSON field path below the pod spec, without list indexes: `containers.command`. */
  field: string;
  /** True when `field` is the whole path from the object root (labels and annotations). */
  absolute?: boolean;
  /** The Go type of the field (or of a list's items): int64, string, []string, v1.Signal, … */
  type: string;
}

/** The pod template (or a Pod's own spec). */
export interface PodSpecFacts {
  /** Span of the pod spec mapping (`spec` of a Pod, `spec.template.spec` of a workload). */
  span: Span;
  terminationGracePeriodSeconds?: Located<number>;
  /** `spec.os.name` (SIG2). */
  osName?: Located<string>;
  /** Pod-level `restartPolicy` (Always, OnFailure, Never). */
  restartPolicy?: Located<string>;
  /** `priorityClassName`: the system classes make a pod critical on node shutdown (E3, paths/platform.ts). */
  priorityClassName?: Located<string>;
  shareProcessNamespace?: boolean;
  containers: ContainerFacts[];
  initContainers: ContainerFacts[];
  /** Span of the `containers` sequence, for inserting and moving containers. */
  containersSpan?: Span;
  initContainersSpan?: Span;
  /** Values the API server cannot decode (its first one rejects the object). */
  decodeErrors?: DecodeErrorFacts[];
  /**
   * The Karpenter NodePools the pod is tied to: `nodeSelector` `karpenter.sh/nodepool`, or a
   * required node affinity `karpenter.sh/nodepool In [...]`; `span` is the value that names them.
   */
  nodePools?: { names: string[]; span: Span };
}

export interface MetadataFacts {
  /** Span of the `metadata` mapping, if present. */
  span?: Span;
  labels: Record<string, string>;
  annotations: Record<string, Located<string>>;
  /** Span of the `annotations` mapping, if present. */
  annotationsSpan?: Span;
}

/** What every Kubernetes object has: apiVersion, kind, name and where they are. */
export interface ObjectHeader {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** Span of the `kind` value. */
  kindSpan: Span;
  /** Span of the whole `kind: …` pair (hover answers on the key too). */
  kindPairSpan?: Span;
  nameSpan?: Span;
  /** Span of the object's whole mapping. */
  span: Span;
}

/** A Deployment, StatefulSet, …, or a custom resource that embeds a pod template. */
export interface WorkloadFacts extends ObjectHeader {
  metadata: MetadataFacts;
  /** Metadata of the pod template (for a Pod, the same as `metadata`). */
  podMetadata: MetadataFacts;
  /** Span of `spec.template` (absent for a Pod). */
  templateSpan?: Span;
  pod: PodSpecFacts;
  /** Rollout strategy type as written, or undefined when defaulted (W2). */
  strategy?: string;
  /** `spec.replicas` when written. */
  replicas?: number;
  /** Set on an Envoy Gateway EnvoyProxy, read as the envoy pods it makes (no containers of its own). */
  envoyShutdown?: EnvoyShutdownFacts;
}

/**
 * An EnvoyProxy's `spec.shutdown` (`gateway.envoyproxy.io/v1alpha1`) and the grace period its
 * envoy pods get: Envoy Gateway derives it from `drainTimeout`; only a merge patch of the envoy
 * Deployment or DaemonSet can set it (shared/model/gateways/envoy.ts).
 */
export interface EnvoyShutdownFacts {
  /** `spec.shutdown.drainTimeout`, a Gateway API duration (`60s`, `5m`). */
  drainTimeout?: Located<string>;
  /** `spec.shutdown.minDrainDuration`. */
  minDrainDuration?: Located<string>;
  /** `terminationGracePeriodSeconds` in `spec.provider.kubernetes.envoyDeployment.patch.value.spec.template.spec` (or `envoyDaemonSet`). */
  patchedGrace?: Located<number>;
}

export interface ServicePortFacts {
  port?: number;
  targetPort?: number | string;
  name?: string;
}

export interface ServiceFacts {
  /** The file (URI or path) the Service is in, when it is not the workload's own file. */
  file?: string;
  name: string;
  namespace?: string;
  kindSpan: Span;
  nameSpan?: Span;
  span: Span;
  /** `spec.selector`; undefined means the Service selects nothing by itself (manual endpoints). */
  selector?: Record<string, string>;
  type?: string;
  ports: ServicePortFacts[];
  publishNotReadyAddresses?: Located<boolean>;
  annotations: Record<string, Located<string>>;
  /** `apiVersion` as written (the decode error message names its version). */
  apiVersion?: string;
  /** Values the API server cannot decode: it rejects the Service, so it routes nothing. */
  decodeErrors?: DecodeErrorFacts[];
}

/** One `matchExpressions` entry of a label selector. */
export interface LabelExpression {
  key: string;
  operator: string;
  values: string[];
}

/** A PodDisruptionBudget's limits (policy/v1): an int or a percentage, as written. */
export interface BudgetFacts {
  minAvailable?: Located<number | string>;
  maxUnavailable?: Located<number | string>;
}

export interface IngressFacts {
  /** The file (URI or path) the Ingress is in, when it is not the workload's own file. */
  file?: string;
  name: string;
  namespace?: string;
  kindSpan: Span;
  nameSpan?: Span;
  span: Span;
  /** Names of the Services its rules and default backend send traffic to. */
  serviceNames: string[];
  annotations: Record<string, Located<string>>;
  apiVersion?: string;
  /** Values the API server cannot decode: it rejects the Ingress, so it routes nothing. */
  decodeErrors?: DecodeErrorFacts[];
}

/**
 * A `# kubegrace-ignore rule-a, rule-b` comment. It silences the listed rules (all rules when the
 * list is empty) for findings whose primary span starts on the line below the comment.
 */
export interface IgnoreComment {
  /** Offsets of the line the comment applies to (the next line that is not a comment). */
  line: Span;
  rules: string[];
}

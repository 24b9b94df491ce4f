/**
 * What the model produces: a timeline per workload, findings, and fix intents (edits as data).
 */
import type { FixId, RuleId, Severity } from '../rules';
import type { Span } from './facts';

/** How a container stops, from the kubelet's point of view (K1, SC1–SC2). */
export type ContainerRole = 'main' | 'native-sidecar' | 'legacy-sidecar';

/**
 * What the preStop hook does to the timeline (H1–H6).
 * - `none`: no hook, or a hook that cannot delay anything (fails, dropped by a gate).
 * - `exact`: a `sleep` action or an exec made only of `sleep N`.
 * - `at-least`: an exec script whose other commands take unknown time (H6), or an httpGet hook.
 */
export interface PreStopTiming {
  kind: 'none' | 'exact' | 'at-least';
  /** Known seconds (the lower bound for `at-least`). */
  seconds: number;
  /**
   * True when the hook does the draining itself (M1): anything besides `sleep`, e.g.
   * `nginx -s quit`, `/wait-shutdown`, an HTTP call.
   */
  drains: boolean;
  /** Why the hook gives no delay when it is present but `kind` is `none` (H1, H3, S2). */
  noEffectReason?: 'tcp-socket' | 'no-shell' | 'sleep-gate-off' | 'invalid' | 'unexpanded-variable' | 'sleep-fails';
  /** A `sleep inf`/`sleep infinity` that never ends (`seconds` is then Infinity): H4 applies. */
  forever?: boolean;
  /** Some `sleep` got a `$(NAME)` that nothing expands in hooks (kubernetes/kubernetes#129502). */
  unexpandedVariable?: boolean;
  /**
   * Which `sleep` program the durations assume, when it matters: told by the image, or assumed
   * (GNU coreutils) because the two families read the hook differently.
   */
  sleepFamily?: { family: 'GNU coreutils' | 'BusyBox'; fromImage: boolean };
  /**
   * The first command that signals the program (`nginx -s stop`, `apachectl -k graceful-stop`,
   * `kill -QUIT 1`) and what that signal means to it: a fast one is not a drain (M1).
   */
  stop?: { command: string; program?: string; signal: string; meaning: 'graceful' | 'fast' | 'ignored' | 'reload' | 'signal'; text: string };
  /** An httpGet hook on an endpoint that only acts on POST (Envoy's `/drain_listeners`): it does nothing. */
  getIgnored?: string;
  /** A short human description: "sleep 5", "exec sh -c …", "httpGet /shutdown". */
  description: string;
}

export interface ContainerTimeline {
  name: string;
  role: ContainerRole;
  preStop: PreStopTiming;
  /** When the hook stops delaying the container (≤ G, H2). */
  preStopEnd: number;
  /** When the stop signal is sent. For native sidecars this includes the wait for their turn (SC2). */
  sigtermAt: number;
  /** When SIGKILL is sent unless the container exited before (G6). */
  sigkillAt: number;
  /** Seconds the application has between its stop signal and SIGKILL (G6: G − floor(h), floor 2). */
  drainWindow: number;
  /** Estimated exit (M2). */
  exitAt: number;
  /** True when `exitAt` is SIGKILL because the shutdown estimate does not fit. */
  killed: boolean;
  /** The signal actually sent first (SIG1): an honoured `lifecycle.stopSignal`, the image's STOPSIGNAL, or SIGTERM. */
  stopSignal: string;
  /** Where `stopSignal` comes from. */
  stopSignalSource?: 'stopSignal' | 'image' | 'default';
  /**
   * The server program recognised in the container (data/programs.ts) and what `stopSignal` means
   * to it: graceful, fast (in-flight requests cut), ignored (PID 1 without a handler) or reload.
   */
  program?: {
    name: string;
    meaning: 'graceful' | 'fast' | 'ignored' | 'reload';
    text: string;
    source: string;
    /** How the signal reached it: an init passing it on (rewritten), a shell that exec'd it, not being PID 1. */
    via?: string;
  };
  /** A `lifecycle.stopSignal` the target version drops (SIG2), so `stopSignal` is not it. */
  droppedStopSignal?: string;
  /**
   * The written `lifecycle.stopSignal` is honoured or dropped because of a feature gate the user set,
   * or of a planned default (1.38): hovers and `explain` say so.
   */
  stopSignalGate?: 'user' | 'planned';
  /**
   * What the model assumed about the image's STOPSIGNAL when the tag did not settle it (a tag that is
   * not a version, a digest only, a tag whose build changed signal): shown in hovers and `explain`.
   */
  imageSignalAssumption?: string;
  /** Native sidecars: the containers whose exit it waits for (SC2). */
  waitsFor: string[];
  /** Seconds this container was assumed to need after its stop signal. */
  shutdownSeconds: number;
  /**
   * Set on a mesh proxy that the manifest does not show but the mesh's webhook will inject
   * (mesh/inject.ts): which mesh, and what turned injection on.
   */
  implied?: { mesh: 'Istio' | 'Linkerd'; reason: string; /** The mesh version assumed: "Istio 1.26, from the mesh setting". */ version?: string };
}

/**
 * One way a pod ends other than a plain delete (rule book P1, E1–E3), when its outcome differs:
 * a liveness restart, a node drain held by a PodDisruptionBudget, a node shutdown or reclaim.
 */
export interface DisruptionPath {
  kind: 'probe-restart' | 'drain' | 'node-shutdown' | 'reclaim' | 'node-deadline';
  /** The container it concerns (probe restarts). */
  container?: string;
  /** The grace budget on this path, in seconds. */
  graceSeconds?: number;
  /** True when the path never completes (a drain a budget refuses). */
  blocked?: boolean;
  /** One line for hovers and `explain`, with its numbers. */
  text: string;
}

/** Where the service-out estimate came from (N4, N5). */
export interface ServiceOutSource {
  kind: 'setting' | 'aws-load-balancer';
  seconds: number;
  /** Human wording: "endpointPropagationSeconds setting", "Ingress/web target-type ip". */
  description: string;
  /** The file `span` is in, when it is not the workload's own file. */
  file?: string;
  /** The setting that changes this estimate (without the `kubegrace.` prefix). */
  setting: 'endpointPropagationSeconds' | 'albDeregistrationSeconds' | 'nlbDeregistrationSeconds';
  span?: Span;
}

export interface WorkloadTimeline {
  /** "Deployment/web" */
  object: string;
  /** G after G5 (≥ 1). */
  gracePeriodSeconds: number;
  /** True when TGPS was not written and defaulted to 30 (G1). */
  graceDefaulted: boolean;
  /** Estimated time from T0 until no new requests reach the pod (N3, N4, N5). */
  serviceOutSeconds: number;
  serviceOutSources: ServiceOutSource[];
  shutdownSeconds: number;
  /** Where `shutdownSeconds` came from: the setting or the `kubegrace/shutdown-seconds` annotation. */
  shutdownSource: 'setting' | 'annotation';
  /** Whether the pod is behind a Service (known serving). */
  selectedByService: boolean;
  /** Native sidecars stop in order only from 1.29 (SC1); below, they stop like regular containers. */
  orderedSidecars: boolean;
  /**
   * Assumptions about the target version itself: feature gates the user set and how they were
   * applied, and defaults that are only planned (an unreleased 1.38). Absent when there are none.
   */
  versionNotes?: string[];
  containers: ContainerTimeline[];
  /** The other ways this pod is stopped, where their outcome differs from a plain delete. */
  paths?: DisruptionPath[];
  /** For a served workload: traffic ≤ preStop, preStop + drain ≤ grace, app ≤ proxy (paths/chain.ts). */
  chain?: ChainLink[];
}

/**
 * Where a term of the budget chain gets its number: a line of a manifest (in another file when
 * `file` is set), a setting, or a default with nothing written.
 */
export type ChainSource =
  | { kind: 'line'; span: Span; file?: string; what: string }
  | { kind: 'setting'; setting: string; what?: string }
  | { kind: 'default'; text: string };

export interface ChainTerm {
  /** "preStop delay 5 s of web" */
  text: string;
  sources: ChainSource[];
}

/** One link of the budget chain: the terms on the left must add up to at most those on the right. */
export interface ChainLink {
  /** Which inequality: traffic ≤ preStop, preStop + drain ≤ grace, app ≤ proxy. */
  id: 'traffic' | 'grace' | 'proxy';
  holds: boolean;
  /** The link as one line, without sources: "preStop 5 s + drain ≈10 s ≤ grace period 30 s". */
  text: string;
  left: ChainTerm[];
  right: ChainTerm[];
}

/**
 * One change of a fix, described by what to do, not by text. Paths are YAML keys below the node at
 * `at`. The server's edit layer turns these into minimal text edits.
 */
export type FixChange =
  /** Set `path` (created as needed) under the mapping at `at` to `value`. Existing keys are kept. */
  | { op: 'set'; at: Span; path: string[]; value: unknown }
  /** Replace the node at `at` (a scalar or a whole value) with `value`. */
  | { op: 'replace'; at: Span; value: unknown }
  /**
   * Move the sequence item at `item` (a container in `containers`) to `initContainers` of the pod
   * spec at `podSpec` (created when missing, appended last), adding `restartPolicy: Always`.
   */
  | { op: 'move-to-init-containers'; item: Span; podSpec: Span; set: Record<string, unknown> };

export interface FixIntent {
  id: FixId;
  /** Title for a code action: "Add a 5 s preStop sleep to web". */
  title: string;
  /** Safe fixes may be applied without review (`source.fixAll`, `--fix`). */
  safe: boolean;
  changes: FixChange[];
}

export interface RelatedSpan {
  span: Span;
  message: string;
  /** The file the span is in (URI or path), when it is not the finding's own file. */
  file?: string;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** What happens at runtime, with the numbers. */
  message: string;
  span: Span;
  related: RelatedSpan[];
  /** "Deployment/web" */
  object: string;
  container?: string;
  fixes: FixIntent[];
}

export interface WorkloadAnalysis {
  timeline: WorkloadTimeline;
  findings: Finding[];
}

/**
 * The termination timeline of one pod template: rule book §12 (the algorithm), G1–G6, K1, H2–H5,
 * SC1–SC4 and M1–M2. Times are seconds from T0, the moment the kubelet starts terminating the pod.
 */
import type { ContainerFacts } from './facts';
import type { Features } from './features';
import { gateNoteText } from './gates';
import { preStopTiming } from './process/hooks';
import type { ContainerRole, ContainerTimeline, PreStopTiming, ServiceOutSource, WorkloadTimeline } from './output';
import { recogniseSidecar } from './data/sidecars';
import { signalSent } from './process/stopsignal';
import { type RecognisedProgram, recogniseProgram } from './process/program';
import { type SignalEffect, signalEffect } from './data/programs';

/** G1: TGPS defaults to 30 s. */
export const DEFAULT_GRACE_SECONDS = 30;
/** G6: `minimumGracePeriodInSeconds` in the kubelet's killContainer. */
export const MINIMUM_STOP_SECONDS = 2;

/**
 * The longest time the model works with: the whole seconds a Go `time.Duration` (int64
 * nanoseconds) can hold, which is how the kubelet turns a grace period into a deadline. Larger
 * values (2^63−1, `.inf`, a setting of 1e10) are clamped here, so every time in a timeline is a
 * finite, exact integer number of seconds and no consumer loops over an absurd range.
 */
export const MAX_MODEL_SECONDS = 9_223_372_036;

/** `value` within [−MAX_MODEL_SECONDS, MAX_MODEL_SECONDS]; NaN becomes 0. */
export function clampSeconds(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(MAX_MODEL_SECONDS, Math.max(-MAX_MODEL_SECONDS, value));
}

/** G1, G2, G5: the budget the kubelet uses for a plain delete: TGPS, defaulted, never below 1. */
export function graceBudget(tgps: number | undefined): number {
  return Math.max(1, Math.floor(clampSeconds(tgps ?? DEFAULT_GRACE_SECONDS)));
}

/**
 * G3–G5: the budget for a delete that names its own grace period (`kubectl delete --grace-period=N`,
 * `--now` is 1, `--force --grace-period=0` is 0). A negative value becomes 1 (G3). A forced delete
 * (0) removes the object at once; a 1.31+ kubelet then really stops the pod within 1 s, older ones
 * fell back to the pod's full TGPS (G5, PR #124063). The kubelet never uses less than 1 s.
 */
export function deletionBudget(tgps: number | undefined, deletionGraceSeconds: number, minor: number): number {
  const requested = deletionGraceSeconds < 0 ? 1 : Math.floor(clampSeconds(deletionGraceSeconds));
  if (requested === 0) return minor >= 31 ? 1 : graceBudget(tgps);
  // G3: the client's value replaces TGPS (only a second delete is limited to shortening it).
  return Math.max(1, requested);
}

/** A running container and how it stops (K1, SC1): regular containers and native sidecars only. */
export interface RunningContainer {
  facts: ContainerFacts;
  role: ContainerRole;
  /** `shareProcessNamespace: true`: the pause process is PID 1, not the container's program. */
  sharedPid?: boolean;
}

export function isNativeSidecar(container: ContainerFacts): boolean {
  return container.list === 'initContainers' && container.restartPolicy?.value === 'Always';
}

/**
 * The containers that are running when termination starts (K3: regular init containers have
 * finished), with their roles. A regular container is a legacy sidecar when it is recognised as
 * one and at least one other regular container is not.
 */
export function runningContainers(pod: { containers: ContainerFacts[]; initContainers: ContainerFacts[]; shareProcessNamespace?: boolean }): RunningContainer[] {
  const sharedPid = pod.shareProcessNamespace === true ? { sharedPid: true } : {};
  const sidecarFlags = pod.containers.map((c) => recogniseSidecar({ name: c.name, image: c.image?.value }) !== undefined);
  const hasMain = sidecarFlags.some((flag) => !flag);
  const regular = pod.containers.map((facts, i): RunningContainer => ({
    facts,
    role: hasMain && sidecarFlags[i] ? 'legacy-sidecar' : 'main',
    ...sharedPid,
  }));
  const native = pod.initContainers.filter(isNativeSidecar).map((facts): RunningContainer => ({ facts, role: 'native-sidecar', ...sharedPid }));
  return [...regular, ...native];
}

export interface TimelineOptions {
  object: string;
  tgps: number | undefined;
  shutdown: { seconds: number; source: 'setting' | 'annotation' };
  serviceOut: ServiceOutSource[];
  selectedByService: boolean;
  gates: Features;
  /** A delete with its own grace period (G3–G5); a plain delete uses TGPS. */
  deletionGraceSeconds?: number;
}

/** G6: what the kubelet does after the hook (and, for sidecars, the wait) used `spent` seconds. */
function stop(start: number, budget: number, spent: number): { sigkillAt: number; drainWindow: number } {
  const remaining = budget - Math.floor(spent);
  const drainWindow = Math.max(MINIMUM_STOP_SECONDS, remaining);
  return { sigkillAt: start + drainWindow, drainWindow };
}

type Shutdown = TimelineOptions['shutdown'];

/**
 * M2: a container exits `shutdown` seconds after its signal, or at SIGKILL, or at once when its hook
 * drained it (M1). A recognised program's reaction to its signal (data/programs.ts) overrides the
 * setting's estimate: a fast stop exits at once, an ignored or reloading one runs on until SIGKILL.
 * A `kubegrace/shutdown-seconds` annotation describes the app itself and wins over the table.
 */
function exit(sigtermAt: number, sigkillAt: number, shutdown: number, preStop: PreStopTiming, meaning: string | undefined): { exitAt: number; killed: boolean } {
  // A hook that stopped the program (gracefully or not) leaves nothing to drain after the signal.
  if (preStop.drains || preStop.stop?.meaning === 'fast') return { exitAt: sigtermAt, killed: false };
  if (meaning === 'fast') return { exitAt: sigtermAt, killed: false };
  if (meaning === 'ignored' || meaning === 'reload') return { exitAt: sigkillAt, killed: true };
  const natural = sigtermAt + shutdown;
  return natural < sigkillAt ? { exitAt: natural, killed: false } : { exitAt: sigkillAt, killed: natural > sigkillAt };
}

/**
 * What reaches the program (§15): an init passes the signal on, rewritten by dumb-init's
 * `--rewrite` (data/inits.ts); after an `exec` in `sh -c` the program is PID 1 and gets it itself.
 * Node.js that is not PID 1 (under an init, or beside the pause process) dies on it instead of
 * ignoring it (programs.ts, docker-node BestPractices).
 */
function passedOn(recognised: RecognisedProgram, signal: string, sharedPid: boolean): { effect: SignalEffect; via?: string } {
  const { row, init, viaShell } = recognised;
  const rewritten = init?.rewrite[signal];
  if (rewritten === '') return { effect: { meaning: 'ignored', text: `${init!.init} drops it (--rewrite to 0), so ${row.program} runs on until SIGKILL` }, via: `${init!.init} drops ${signal}` };
  const received = rewritten ?? signal;
  const effect = signalEffect(row, received, recognised.pid1);
  const notes: string[] = [];
  if (init) notes.push(`${init.init} passes ${rewritten ? `${signal} on as ${received}` : 'it on'}${init.group ? ' to the process group' : ''}`);
  if (viaShell) notes.push(`${viaShell} exec'd ${row.program}, so it is PID 1 and gets the signal itself`);
  if (row.pid1Ignores && !recognised.pid1) notes.push(`${row.program} is not PID 1 (${init ? init.init : sharedPid ? 'the pause process is, shareProcessNamespace' : 'another process is'}), so without a handler it dies at once instead of ignoring the signal`);
  return { effect, ...(notes.length ? { via: notes.join('; ') } : {}) };
}

/** A container's timeline once its stop signal time and the seconds already spent are known (G6, M2). */
function containerTimeline(c: RunningContainer, preStop: PreStopTiming, preStopEnd: number, sigtermAt: number, budget: number, shutdown: Shutdown, waitsFor: string[], gates: Features): ContainerTimeline {
  const sent = signalSent(c.facts, gates);
  const recognised = recogniseProgram(c.facts, c.sharedPid);
  const passed = recognised ? passedOn(recognised, sent.signal, c.sharedPid === true) : undefined;
  const spent = Math.floor(preStopEnd) + Math.floor(sigtermAt - preStopEnd);
  const { sigkillAt, drainWindow } = stop(sigtermAt, budget, spent);
  const shutdownSeconds = clampSeconds(c.facts.shutdownSeconds ?? shutdown.seconds);
  const fromTable = c.facts.shutdownSeconds === undefined && shutdown.source === 'setting' ? passed?.effect.meaning : undefined;
  return {
    name: c.facts.name,
    role: c.role,
    preStop,
    preStopEnd,
    sigtermAt,
    sigkillAt,
    drainWindow,
    ...exit(sigtermAt, sigkillAt, shutdownSeconds, preStop, fromTable),
    stopSignal: sent.signal,
    stopSignalSource: sent.source,
    ...(sent.dropped ? { droppedStopSignal: sent.dropped } : {}),
    ...(sent.gate && c.facts.stopSignal ? { stopSignalGate: sent.gate } : {}),
    ...(sent.assumption ? { imageSignalAssumption: sent.assumption } : {}),
    ...(recognised && passed ? { program: { name: recognised.row.program, meaning: passed.effect.meaning, text: passed.effect.text, source: recognised.row.signalSource, ...(passed.via ? { via: passed.via } : {}) } } : {}),
    waitsFor,
    shutdownSeconds,
  };
}

/** The program running as PID 1 in the container, for hooks that signal PID 1 (`kill -QUIT 1`). */
function pid1Program(c: RunningContainer) {
  const recognised = recogniseProgram(c.facts, c.sharedPid);
  return recognised?.pid1 ? recognised.row : undefined;
}

function regularTimeline(c: RunningContainer, budget: number, shutdown: Shutdown, gates: Features): ContainerTimeline {
  const preStop = preStopTiming(c.facts, gates, pid1Program(c));
  // H2/H4: the kubelet waits for the hook at most the budget, then moves on.
  const preStopEnd = Math.min(preStop.seconds, budget);
  return containerTimeline(c, preStop, preStopEnd, preStopEnd, budget, shutdown, [], gates);
}

/**
 * SC2–SC4: native sidecars stop in reverse declaration order, each after all regular containers
 * and the sidecar declared after it have exited; their preStop hooks ran from T0 (SC3), and they
 * share the pod's one deadline (SC4).
 */
function sidecarTimelines(sidecars: RunningContainer[], regular: ContainerTimeline[], budget: number, shutdown: Shutdown, gates: Features): ContainerTimeline[] {
  const result: ContainerTimeline[] = [];
  let prerequisitesExit = Math.max(0, ...regular.map((c) => c.exitAt));
  let prerequisites = regular.map((c) => c.name);
  for (const c of [...sidecars].reverse()) {
    const preStop = preStopTiming(c.facts, gates, pid1Program(c));
    const preStopEnd = Math.min(preStop.seconds, budget);
    const sigtermAt = Math.min(Math.max(preStopEnd, prerequisitesExit), budget);
    const timeline = containerTimeline(c, preStop, preStopEnd, sigtermAt, budget, shutdown, prerequisites, gates);
    result.unshift(timeline);
    prerequisitesExit = timeline.exitAt;
    prerequisites = [c.facts.name];
  }
  return result;
}

/** §11: the gates the user set, and an unreleased version's planned defaults, as assumption lines. */
function versionNotes(gates: Features): { versionNotes?: string[] } {
  const notes = gates.gateNotes.map((note) => gateNoteText(note, gates.minor));
  if (gates.planned) {
    const planned = gates.plannedGates.length ? ` (${gates.plannedGates.map((g) => `${g} on by default`).join(', ')})` : '';
    notes.push(`Kubernetes 1.${gates.minor} is not released: its defaults are the planned ones${planned}`);
  }
  return notes.length ? { versionNotes: notes } : {};
}

export function buildTimeline(containers: RunningContainer[], options: TimelineOptions): WorkloadTimeline {
  const budget = options.deletionGraceSeconds === undefined ? graceBudget(options.tgps) : deletionBudget(options.tgps, options.deletionGraceSeconds, options.gates.minor);
  const { gates } = options;
  const shutdownSeconds = clampSeconds(options.shutdown.seconds);
  const shutdown = { ...options.shutdown, seconds: shutdownSeconds };
  // SC1: before 1.29 native sidecars terminate like regular containers.
  const ordered = gates.orderedSidecarStop;
  const sidecars = ordered ? containers.filter((c) => c.role === 'native-sidecar') : [];
  const regular = containers.filter((c) => !sidecars.includes(c)).map((c) => regularTimeline(c, budget, shutdown, gates));
  const native = sidecarTimelines(sidecars, regular, budget, shutdown, gates);
  return {
    object: options.object,
    gracePeriodSeconds: budget,
    graceDefaulted: options.tgps === undefined,
    serviceOutSeconds: Math.max(0, ...options.serviceOut.map((s) => clampSeconds(s.seconds))),
    serviceOutSources: options.serviceOut,
    shutdownSeconds,
    shutdownSource: options.shutdown.source,
    selectedByService: options.selectedByService,
    orderedSidecars: ordered,
    ...versionNotes(gates),
    containers: [...regular, ...native],
  };
}

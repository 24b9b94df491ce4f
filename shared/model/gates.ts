/**
 * The feature gates the model reads, with their stages per minor version (rule book §11, SC1, S1,
 * S3, SIG2, V8), and the one function that decides a gate: "the gate the user set, else the
 * version's default". Clusters turn alpha gates on (kind, kubeadm `featureGates:`, some managed
 * offerings), so a user must be able to say so; a GA gate is locked on, and a gate the version does
 * not have yet cannot be turned on.
 */

export interface GateStages {
  /** First minor with the gate (alpha, off by default). */
  alpha: number;
  /** First minor where it is on by default (beta). */
  beta?: number;
  /** First minor where it is GA (locked on: Kubernetes refuses to start with it set to false). */
  ga?: number;
  /** Stages that are announced but not released: their minors are plans (KEP milestones). */
  planned?: Array<'beta' | 'ga'>;
  /** Where the stages come from. */
  source: string;
}

export const GATES = {
  // SC1: alpha 1.28, beta 1.29, GA 1.33.
  SidecarContainers: { alpha: 28, beta: 29, ga: 33, source: 'Kubernetes feature-gate table, SidecarContainers' },
  // S1: alpha 1.29, beta 1.30, GA 1.34.
  PodLifecycleSleepAction: { alpha: 29, beta: 30, ga: 34, source: 'Kubernetes feature-gate table, PodLifecycleSleepAction' },
  // S3: alpha 1.32, beta 1.33, GA 1.34.
  PodLifecycleSleepActionAllowZero: { alpha: 32, beta: 33, ga: 34, source: 'Kubernetes feature-gate table, PodLifecycleSleepActionAllowZero' },
  // SIG2: alpha 1.33 (off); beta planned for 1.38 (kubernetes/enhancements keps/sig-node/4960-container-stop-signals/kep.yaml).
  ContainerStopSignals: { alpha: 33, beta: 38, planned: ['beta'], source: 'KEP-4960 kep.yaml: milestone beta "v1.38"; pkg/features: alpha 1.33 only' },
  // V8: alpha 1.34, beta 1.35 (docs/research.md).
  ContainerRestartRules: { alpha: 34, beta: 35, source: 'Kubernetes feature-gate table, ContainerRestartRules (docs/research.md)' },
} as const satisfies Record<string, GateStages>;

export type GateName = keyof typeof GATES;
export const GATE_NAMES = Object.keys(GATES) as GateName[];

export function isGateName(name: string): name is GateName {
  return Object.hasOwn(GATES, name);
}

/** A gate's state in one cluster. */
export interface GateState {
  /** 'absent': the version does not know the gate; 'off'/'on': the gate's value. */
  state: 'absent' | 'off' | 'on';
  /**
   * Why: the version's default, the user's explicit value, or the version's lock (GA gates are on
   * whatever the user says; a gate the version does not have yet cannot be set).
   */
  source: 'default' | 'user' | 'locked';
  /** True when the state rests on a stage that is planned, not released (1.38's ContainerStopSignals beta). */
  planned: boolean;
}

/** "Explicit gate, else the version's default" (§11), for one gate at one minor. */
export function gateState(name: GateName, minor: number, explicit: Readonly<Record<string, boolean>> = {}): GateState {
  const stages: GateStages = GATES[name];
  const planned = (stage: 'beta' | 'ga') => stages.planned?.includes(stage) ?? false;
  if (minor < stages.alpha) return { state: 'absent', source: Object.hasOwn(explicit, name) ? 'locked' : 'default', planned: false };
  if (stages.ga !== undefined && minor >= stages.ga) return { state: 'on', source: Object.hasOwn(explicit, name) ? 'locked' : 'default', planned: planned('ga') };
  if (Object.hasOwn(explicit, name)) return { state: explicit[name] ? 'on' : 'off', source: 'user', planned: false };
  const beta = stages.beta !== undefined && minor >= stages.beta;
  return { state: beta ? 'on' : 'off', source: 'default', planned: beta && planned('beta') };
}

/** A gate the user set that changes nothing at this version (locked or unknown there), for the assumptions line. */
export interface GateNote {
  gate: string;
  value: boolean;
  /** How the model used it. */
  effect: 'applied' | 'locked-on' | 'not-in-version' | 'not-read';
}

/** How each gate the user set was applied at `minor`, for hovers and `explain`. */
export function gateNotes(minor: number, explicit: Readonly<Record<string, boolean>>): GateNote[] {
  return Object.entries(explicit).map(([gate, value]): GateNote => {
    if (!isGateName(gate)) return { gate, value, effect: 'not-read' };
    const state = gateState(gate, minor, explicit);
    const effect = state.source === 'user' ? 'applied' : state.state === 'absent' ? 'not-in-version' : 'locked-on';
    return { gate, value, effect };
  });
}

/** "ContainerStopSignals=true (set by you)" style wording of the notes, one string each. */
export function gateNoteText(note: GateNote, minor: number): string {
  const setting = `${note.gate}=${String(note.value)}`;
  switch (note.effect) {
    case 'applied':
      return `feature gate ${setting} as you set it`;
    case 'locked-on':
      return `feature gate ${setting} ignored: it is GA and always on in 1.${minor}`;
    case 'not-in-version':
      return `feature gate ${setting} ignored: 1.${minor} does not have it`;
    case 'not-read':
      return `feature gate ${setting} does not change this model`;
  }
}

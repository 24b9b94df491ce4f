/**
 * Which kubelet and API behaviours a target minor version has (rule book §11). Every gate is read
 * through gates.ts's `gateState`: the gate the user set (`featureGates` setting), else the version's
 * default. Everything version-dependent in the model asks this file.
 */
import { DEFAULT_SETTINGS, parseMinor } from '../settings';
import { type GateName, type GateNote, gateNotes, gateState } from './gates';

type Stage = 'absent' | 'gate-off' | 'on';

export interface Features {
  minor: number;
  /** `initContainers[].restartPolicy: Always` accepted (SidecarContainers: beta 1.29, GA 1.33; SC1). */
  nativeSidecars: Stage;
  /** Ordered sidecar termination (SC1: from 1.29, or 1.28 with the gate on). */
  orderedSidecarStop: boolean;
  /** `lifecycle.*.sleep` (S1: PodLifecycleSleepAction alpha 1.29, beta 1.30, GA 1.34). */
  sleepAction: Stage;
  /** `sleep.seconds: 0` allowed (S3: PodLifecycleSleepActionAllowZero alpha 1.32, beta 1.33). */
  sleepZero: boolean;
  /** `lifecycle.stopSignal` (SIG2: ContainerStopSignals alpha 1.33, off by default; beta planned for 1.38). */
  stopSignal: Stage;
  /** `restartPolicy` on regular containers (V8; ContainerRestartRules: alpha 1.34, beta 1.35; docs/research.md). */
  containerRestartRules: boolean;
  /** Gates whose state here is the user's explicit value, not the version's default. */
  userGates: GateName[];
  /** Every gate the user set, and what the model did with it (hover, `explain`). */
  gateNotes: GateNote[];
  /** True when the version is not released: its defaults are plans (1.38). */
  planned: boolean;
  /** Gates whose state rests on a planned stage (ContainerStopSignals beta in 1.38). */
  plannedGates: GateName[];
}

/** The newest released minor (rule book §11); later minors carry planned defaults. */
export const LATEST_RELEASED_MINOR = 37;

export function features(kubernetesVersion: string, featureGates: Readonly<Record<string, boolean>> = {}): Features {
  const minor = parseMinor(kubernetesVersion) ?? parseMinor(DEFAULT_SETTINGS.kubernetesVersion)!;
  const userGates: GateName[] = [];
  const plannedGates: GateName[] = [];
  const read = (name: GateName) => {
    const state = gateState(name, minor, featureGates);
    if (state.source === 'user') userGates.push(name);
    if (state.planned) plannedGates.push(name);
    return state.state;
  };
  const stage = (name: GateName): Stage => {
    const state = read(name);
    return state === 'off' ? 'gate-off' : state;
  };
  const nativeSidecars = stage('SidecarContainers');
  const sleepAction = stage('PodLifecycleSleepAction');
  return {
    minor,
    nativeSidecars,
    // SC1: in 1.28 (alpha) sidecars stop like regular containers even with the gate on.
    orderedSidecarStop: minor >= 29 && nativeSidecars === 'on',
    sleepAction,
    sleepZero: sleepAction === 'on' && read('PodLifecycleSleepActionAllowZero') === 'on',
    stopSignal: stage('ContainerStopSignals'),
    containerRestartRules: read('ContainerRestartRules') === 'on',
    userGates,
    gateNotes: gateNotes(minor, featureGates),
    planned: minor > LATEST_RELEASED_MINOR,
    plannedGates,
  };
}

/** True when `gate` is on here only because the user set it: results that rest on it say so. */
export function restsOnUserGate(gates: Features, gate: GateName): boolean {
  return gates.userGates.includes(gate);
}

/**
 * Which kubelet and API behaviours a target minor version has, with default feature gates
 * (rule book §11). Everything version-dependent in the model asks this file.
 */
import { DEFAULT_SETTINGS, parseMinor } from '../settings';

export interface Features {
  minor: number;
  /** `initContainers[].restartPolicy: Always` accepted (gate on by default from beta 1.29; SC1). */
  nativeSidecars: 'absent' | 'gate-off' | 'on';
  /** Ordered sidecar termination (SC1: from 1.29). */
  orderedSidecarStop: boolean;
  /** `lifecycle.*.sleep` (S1): absent below 1.29, alpha (off) in 1.29, on from 1.30. */
  sleepAction: 'absent' | 'gate-off' | 'on';
  /** `sleep.seconds: 0` allowed (S3: PodLifecycleSleepActionAllowZero beta 1.33). */
  sleepZero: boolean;
  /** `lifecycle.stopSignal` (SIG2): alpha 1.33 (off), beta 1.37 (on). */
  stopSignal: 'absent' | 'gate-off' | 'on';
  /** `restartPolicy` on regular containers (V8; ContainerRestartRules: alpha 1.34, beta 1.35; docs/research.md). */
  containerRestartRules: boolean;
}

export function features(kubernetesVersion: string): Features {
  const minor = parseMinor(kubernetesVersion) ?? parseMinor(DEFAULT_SETTINGS.kubernetesVersion)!;
  return {
    minor,
    nativeSidecars: minor < 28 ? 'absent' : minor === 28 ? 'gate-off' : 'on',
    orderedSidecarStop: minor >= 29,
    sleepAction: minor < 29 ? 'absent' : minor === 29 ? 'gate-off' : 'on',
    sleepZero: minor >= 33,
    stopSignal: minor < 33 ? 'absent' : minor < 37 ? 'gate-off' : 'on',
    containerRestartRules: minor >= 35,
  };
}

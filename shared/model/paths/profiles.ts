/**
 * The platform profiles of `kubegrace.platform` and the shape of that setting: plain data, no
 * imports, so the settings module can read it (paths/platform.ts does the modelling). Each value is
 * sourced in docs/research.md, "Platforms".
 */
export interface PlatformSettings {
  /** A profile name from PLATFORM_PROFILES ("none" when nothing is known). */
  profile: string;
  /** The kubelet's `shutdownGracePeriod` (0: graceful node shutdown off). */
  nodeShutdownSeconds?: number;
  /** The kubelet's `shutdownGracePeriodCriticalPods`, reserved for critical pods at the end. */
  nodeShutdownCriticalSeconds?: number;
  /** Seconds between a spot or preemption notice and the node's end. */
  reclaimNoticeSeconds?: number;
}

export interface PlatformProfile {
  /** How messages name the platform: "GKE Spot". */
  label: string;
  nodeShutdownSeconds?: number;
  nodeShutdownCriticalSeconds?: number;
  reclaimNoticeSeconds?: number;
}

export const PLATFORM_PROFILES: Readonly<Record<string, PlatformProfile>> = Object.freeze({
  none: { label: 'this platform' },
  // GKE's Spot and preemptible nodes: 30 s of graceful node shutdown, the last 15 s for critical pods.
  'gke-spot': { label: 'GKE Spot', nodeShutdownSeconds: 30, nodeShutdownCriticalSeconds: 15 },
  'gke-preemptible': { label: 'GKE preemptible VMs', nodeShutdownSeconds: 30, nodeShutdownCriticalSeconds: 15 },
  // EC2's two-minute Spot interruption notice; the node termination handler or Karpenter drains within it.
  'eks-spot': { label: 'EKS on Spot', reclaimNoticeSeconds: 120 },
  'karpenter-spot': { label: 'Karpenter on Spot', reclaimNoticeSeconds: 120 },
});

export const PLATFORM_NAMES = Object.keys(PLATFORM_PROFILES);


/**
 * Where the pods run decides two more ways they end (rule book E3): graceful node shutdown, where
 * the kubelet gives each pod `min(TGPS, its priority group's budget)`, and the reclaim of a spot or
 * preemptible node, whose notice ends everything. The numbers are platform defaults that vary, so
 * they are settings (`kubegrace.platform`), with named profiles; every profile value is sourced in
 * docs/research.md, "Platforms".
 */
import type { DisruptionPath } from '../output';
import { seconds as secs } from '../../timeline-text';
import { PLATFORM_PROFILES, type PlatformSettings } from './profiles';

/** The shortest budget the platform gives a non-critical pod, and why. */
export interface PlatformCap {
  seconds: number;
  label: string;
  kind: 'node-shutdown' | 'reclaim';
  /** "node shutdown 30 s − 15 s for critical pods" */
  why: string;
}

export function platformCap(platform: PlatformSettings): PlatformCap | undefined {
  const profile = PLATFORM_PROFILES[platform.profile] ?? PLATFORM_PROFILES.none!;
  const shutdown = platform.nodeShutdownSeconds ?? profile.nodeShutdownSeconds ?? 0;
  const critical = platform.nodeShutdownCriticalSeconds ?? profile.nodeShutdownCriticalSeconds ?? 0;
  const notice = platform.reclaimNoticeSeconds ?? profile.reclaimNoticeSeconds ?? 0;
  const caps: PlatformCap[] = [];
  if (shutdown > 0) {
    // E3: critical pods are stopped last, in the reserved part; the others get what is before it.
    const seconds = Math.max(0, shutdown - critical);
    caps.push({ seconds, label: profile.label, kind: 'node-shutdown', why: critical > 0 ? `graceful node shutdown ${secs(shutdown)}, of which ${secs(critical)} are kept for critical pods` : `graceful node shutdown ${secs(shutdown)}` });
  }
  if (notice > 0) caps.push({ seconds: notice, label: profile.label, kind: 'reclaim', why: `a ${secs(notice)} reclaim notice` });
  return caps.sort((a, b) => a.seconds - b.seconds)[0];
}

/** The path, listed when the platform cuts the pod's grace period. */
export function platformPath(cap: PlatformCap | undefined, grace: number): DisruptionPath | undefined {
  if (!cap || cap.seconds >= grace) return undefined;
  return {
    kind: cap.kind,
    graceSeconds: cap.seconds,
    text: `${cap.kind === 'reclaim' ? 'Node reclaim' : 'Node shutdown'} on ${cap.label}: pods get ${secs(cap.seconds)} (${cap.why}), not the grace period of ${secs(grace)}; whatever runs past ${secs(cap.seconds)} is killed with the node.`,
  };
}

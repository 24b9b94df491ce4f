/**
 * Where the pods run decides two more ways they end (rule book E3): graceful node shutdown, where
 * the kubelet gives each pod `min(TGPS, its priority group's budget)`, and the reclaim of a spot or
 * preemptible node, whose notice ends everything. The numbers are platform defaults that vary, so
 * they are settings (`kubegrace.platform`), with named profiles; every profile value is sourced in
 * docs/research.md, "Platforms". A Karpenter NodePool in the files gives a third cap, the node's
 * termination deadline (nodepool.ts), linked to the line that sets it.
 */
import type { Span } from '../facts';
import type { DisruptionPath } from '../output';
import { seconds as secs } from '../../timeline-text';
import type { NodeDeadline } from './nodepool';
import { PLATFORM_PROFILES, type PlatformSettings } from './profiles';

/** The shortest budget the platform gives a non-critical pod, and why. */
export interface PlatformCap {
  seconds: number;
  label: string;
  kind: 'node-shutdown' | 'reclaim' | 'node-deadline';
  /** "node shutdown 30 s − 15 s for critical pods" */
  why: string;
  /** The object that sets the cap, when it is in the files (a NodePool's terminationGracePeriod). */
  source?: { span: Span; file?: string; message: string };
}

export function platformCap(platform: PlatformSettings, deadline?: NodeDeadline): PlatformCap | undefined {
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
  if (deadline) {
    const { pool, seconds } = deadline;
    const value = pool.terminationGracePeriod!;
    caps.push({
      seconds,
      label: `Karpenter NodePool/${pool.name}`,
      kind: 'node-deadline',
      why: `its terminationGracePeriod ${value.value}${deadline.tie === 'only' ? ', the only NodePool in the files' : ''}`,
      source: { span: value.span, ...(pool.file !== undefined ? { file: pool.file } : {}), message: `NodePool/${pool.name} terminationGracePeriod` },
    });
  }
  return caps.sort((a, b) => a.seconds - b.seconds)[0];
}

/** The path, listed when the platform cuts the pod's grace period. */
export function platformPath(cap: PlatformCap | undefined, grace: number): DisruptionPath | undefined {
  if (!cap || cap.seconds >= grace) return undefined;
  return {
    kind: cap.kind,
    graceSeconds: cap.seconds,
    text: `${cap.kind === 'reclaim' ? 'Node reclaim' : cap.kind === 'node-deadline' ? 'Node termination' : 'Node shutdown'} on ${cap.label}: pods get ${secs(cap.seconds)} (${cap.why}), not the grace period of ${secs(grace)}; whatever runs past ${secs(cap.seconds)} is killed with the node.`,
  };
}

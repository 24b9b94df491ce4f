/**
 * Where the pods run decides two more ways they end (rule book E3): graceful node shutdown, where
 * the kubelet gives each pod `min(TGPS, its priority group's budget)`, and the reclaim of a spot or
 * preemptible node, whose notice ends everything. The numbers are platform defaults that vary, so
 * they are settings (`kubegrace.platform`), with named profiles; every profile value is sourced in
 * docs/research.md, "Platforms". A Karpenter NodePool in the files gives a third cap, the node's
 * termination deadline (nodepool.ts), linked to the line that sets it.
 */
import type { PodSpecFacts, Span } from '../facts';
import type { DisruptionPath } from '../output';
import { seconds as secs } from '../../timeline-text';
import type { NodeDeadline } from './nodepool';
import { PLATFORM_PROFILES, type PlatformSettings } from './profiles';

/** The shortest budget the platform gives the pod (critical or not), and why. */
export interface PlatformCap {
  seconds: number;
  label: string;
  kind: 'node-shutdown' | 'reclaim' | 'node-deadline';
  /** "node shutdown 30 s − 15 s for critical pods" */
  why: string;
  /** The object that sets the cap, when it is in the files (a NodePool's terminationGracePeriod). */
  source?: { span: Span; file?: string; message: string };
}

/**
 * The priority classes whose pods the kubelet stops in the critical group of a node shutdown. The
 * kubelet groups pods by `spec.priority` (nodeshutdown_manager.go `groupByPriority`), and the
 * migrated configuration's critical group starts at SystemCriticalPriority, 2,000,000,000
 * (`migrateConfig`); only the two system classes reach it (system-cluster-critical 2e9,
 * system-node-critical 2e9 + 1000), since the API server rejects any other PriorityClass above
 * 1e9 (pkg/apis/scheduling: HighestUserDefinablePriority; docs/research.md, "Critical pods").
 */
export const CRITICAL_PRIORITY_CLASSES: readonly string[] = ['system-node-critical', 'system-cluster-critical'];

/** The pod's priority class when it puts the pod in the critical node-shutdown group. */
export function criticalClass(pod: PodSpecFacts): string | undefined {
  const name = pod.priorityClassName?.value;
  return name !== undefined && CRITICAL_PRIORITY_CLASSES.includes(name) ? name : undefined;
}

export function platformCap(platform: PlatformSettings, critical?: string, deadline?: NodeDeadline): PlatformCap | undefined {
  const profile = PLATFORM_PROFILES[platform.profile] ?? PLATFORM_PROFILES.none!;
  const shutdown = platform.nodeShutdownSeconds ?? profile.nodeShutdownSeconds ?? 0;
  const reserved = platform.nodeShutdownCriticalSeconds ?? profile.nodeShutdownCriticalSeconds ?? 0;
  const notice = platform.reclaimNoticeSeconds ?? profile.reclaimNoticeSeconds ?? 0;
  const caps: PlatformCap[] = [];
  if (shutdown > 0 && reserved > shutdown) {
    // A reserved part longer than the whole makes migrateConfig return no groups: the kubelet then
    // does no graceful shutdown at all, and every pod ends with the node.
    caps.push({ seconds: 0, label: profile.label, kind: 'node-shutdown', why: `the kubelet skips graceful node shutdown when the critical pods' ${secs(reserved)} exceed the whole ${secs(shutdown)}` });
  } else if (shutdown > 0) {
    // E3: the kubelet makes two groups (migrateConfig): regular pods get shutdownGracePeriod −
    // shutdownGracePeriodCriticalPods, then critical pods get the reserved part.
    if (critical) caps.push({ seconds: reserved, label: profile.label, kind: 'node-shutdown', why: `graceful node shutdown ${secs(shutdown)}, whose last ${secs(reserved)} are for critical pods such as this one (priorityClassName ${critical})` });
    else caps.push({ seconds: shutdown - reserved, label: profile.label, kind: 'node-shutdown', why: reserved > 0 ? `graceful node shutdown ${secs(shutdown)}, of which ${secs(reserved)} are kept for critical pods` : `graceful node shutdown ${secs(shutdown)}` });
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

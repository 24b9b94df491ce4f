/**
 * A Karpenter NodePool's `spec.template.spec.terminationGracePeriod` is a node-level deadline
 * (rule book E3's family): once Karpenter starts draining one of its nodes (drift, expiry,
 * consolidation, interruption), every pod is gone by then. A pod whose grace period would run past
 * it is deleted at once with the time left (at least 1 s), bypassing its PodDisruptionBudget;
 * shorter ones are deleted at `deadline − TGPS` at the latest. So no pod on such a node gets more
 * than the deadline. kubernetes-sigs/karpenter `pkg/apis/v1/nodepool.go` (the field's doc) and
 * `pkg/controllers/node/termination/terminator/eviction.go` (`needsForceDelete`, `forceDelete`);
 * docs/research.md, "Platforms".
 *
 * Which NodePool is the pod's: the one its `nodeSelector` or required node affinity names on
 * `karpenter.sh/nodepool` (several named: the shortest deadline, since the pod may land on any);
 * with no such tie, the only NodePool of the files or workspace, since Karpenter then provisions
 * for any pod it can hold; with several and no tie, none (the model cannot tell which).
 */
import type { WorkloadFacts } from '../facts';
import { goDuration } from '../mesh/inject';
import type { NodePoolFacts } from './related';

export interface NodeDeadline {
  pool: NodePoolFacts;
  seconds: number;
  /** How the pod is tied to it: by its own selector or affinity, or as the only NodePool. */
  tie: 'selector' | 'only';
}

/** Seconds of a `terminationGracePeriod` (Karpenter's pattern `^([0-9]+(s|m|h))+$`), else undefined. */
export function poolSeconds(pool: NodePoolFacts): number | undefined {
  const text = pool.terminationGracePeriod?.value;
  return text !== undefined && /^([0-9]+(s|m|h))+$/.test(text) ? goDuration(text) : undefined;
}

export function nodeDeadline(workload: WorkloadFacts, pools: readonly NodePoolFacts[]): NodeDeadline | undefined {
  const wanted = workload.pod.nodePools?.names;
  const candidates = wanted ? pools.filter((p) => wanted.includes(p.name)) : pools.length === 1 ? pools : [];
  let found: NodeDeadline | undefined;
  for (const pool of candidates) {
    const seconds = poolSeconds(pool);
    if (seconds !== undefined && (!found || seconds < found.seconds)) found = { pool, seconds, tie: wanted ? 'selector' : 'only' };
  }
  return found;
}

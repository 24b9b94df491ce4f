/**
 * A node drain (rule book E1): `kubectl drain`, node upgrades and autoscaler scale-downs evict
 * pods through the Eviction API, which checks every PodDisruptionBudget selecting the pod and then
 * deletes it with its grace period. A budget that allows no disruption makes the eviction fail
 * (429) on every retry, so the drain never completes; a pod selected by more than one budget
 * cannot be evicted at all. Plain deletes and rollouts do not consult budgets.
 * Sources: docs/research.md, "Disruption paths".
 */
import type { WorkloadFacts } from '../facts';
import type { DisruptionBudgetFacts } from './related';
import type { DisruptionPath } from '../output';

/** Kinds whose pods a drain evicts and a budget is meant for (DaemonSet pods are skipped by drains). */
const EVICTED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'Rollout', 'DeploymentConfig']);

export interface BudgetVerdict {
  budget: DisruptionBudgetFacts;
  /** Pods the controller expects: `spec.replicas`, 1 when not written. */
  replicas: number;
  replicasDefaulted: boolean;
  /** Evictions allowed at once while every pod is healthy. */
  allowed: number;
  /** "minAvailable: 2" */
  limit: string;
}

/**
 * An int-or-percent scaled to `total`, rounded up as the disruption controller does
 * (`GetScaledValueFromIntOrPercent(…, roundUp=true)` in pkg/controller/disruption).
 */
export function scaled(value: number | string, total: number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const match = /^(\d+)%$/.exec(value.trim());
  return match ? Math.ceil((Number(match[1]) * total) / 100) : undefined;
}

/** What one budget allows for this workload, or undefined when it sets no readable limit. */
export function judge(workload: WorkloadFacts, budget: DisruptionBudgetFacts): BudgetVerdict | undefined {
  const replicas = workload.replicas ?? 1;
  const base = { budget, replicas, replicasDefaulted: workload.replicas === undefined };
  const min = budget.budget?.minAvailable;
  const max = budget.budget?.maxUnavailable;
  if (min) {
    const needed = scaled(min.value, replicas);
    return needed === undefined ? undefined : { ...base, allowed: Math.max(0, replicas - needed), limit: `minAvailable: ${min.value}` };
  }
  if (max) {
    const unavailable = scaled(max.value, replicas);
    return unavailable === undefined ? undefined : { ...base, allowed: Math.min(replicas, unavailable), limit: `maxUnavailable: ${max.value}` };
  }
  return undefined;
}

export function evictedByDrain(workload: WorkloadFacts): boolean {
  return EVICTED.has(workload.kind) && workload.replicas !== 0;
}

/** The drain path, shown when a budget selects the pods (without one a drain is a plain delete). */
export function drainPath(workload: WorkloadFacts, budgets: DisruptionBudgetFacts[]): DisruptionPath | undefined {
  if (budgets.length === 0 || !evictedByDrain(workload)) return undefined;
  if (budgets.length > 1) {
    return { kind: 'drain', blocked: true, text: `Node drain: ${budgets.map((b) => `PodDisruptionBudget/${b.name}`).join(' and ')} all select these pods; the Eviction API refuses pods with more than one budget, so a drain cannot evict them.` };
  }
  const verdict = judge(workload, budgets[0]!);
  if (!verdict) return undefined;
  const count = `${verdict.replicas} replica${verdict.replicas === 1 ? '' : 's'}${verdict.replicasDefaulted ? ' (replicas not set: 1)' : ''}`;
  if (verdict.allowed === 0) {
    return { kind: 'drain', blocked: true, text: `Node drain: PodDisruptionBudget/${verdict.budget.name} (${verdict.limit}) allows no eviction of ${count}: the drain retries forever and the node is never emptied.` };
  }
  return { kind: 'drain', text: `Node drain: PodDisruptionBudget/${verdict.budget.name} (${verdict.limit}) lets ${verdict.allowed} of ${count} be evicted at a time; each eviction is then a delete with the grace period above.` };
}

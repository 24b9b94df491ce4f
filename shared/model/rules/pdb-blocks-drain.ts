/**
 * pdb-blocks-drain — E1: a node drain evicts through the Eviction API, which refuses a pod whose
 * PodDisruptionBudget allows no disruption (429, retried forever by `kubectl drain` and node
 * upgrades) and any pod selected by more than one budget (500). The drain, and the node upgrade or
 * scale-down waiting on it, never finishes. Sources: docs/research.md, "Disruption paths".
 */
import type { RuleContext } from '../context';
import type { FixIntent } from '../output';
import { evictedByDrain, judge } from '../paths/drain';
import type { Rule, RuleFinding } from '../rule';

export const pdbBlocksDrain: Rule = {
  id: 'pdb-blocks-drain',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    const { budgets, workload } = ctx;
    if (budgets.length === 0 || !evictedByDrain(workload)) return [];
    const span = workload.nameSpan ?? workload.kindSpan;
    const at = (b: (typeof budgets)[number], value = b.budget?.minAvailable ?? b.budget?.maxUnavailable) => ({
      span: value?.span ?? b.nameSpan ?? b.kindSpan,
      message: `PodDisruptionBudget/${b.name}`,
      ...(b.file ? { file: b.file } : {}),
    });
    if (budgets.length > 1) {
      return [{ message: `${budgets.map((b) => `PodDisruptionBudget/${b.name}`).join(' and ')} all select the pods of ${ctx.object}: the Eviction API refuses a pod with more than one budget, so a node drain can never evict them.`, span, related: budgets.map((b) => at(b)), fixes: [] }];
    }
    const verdict = judge(workload, budgets[0]!);
    if (!verdict || verdict.allowed > 0) return [];
    const b = verdict.budget;
    const replicas = verdict.replicasDefaulted ? '1 replica (replicas not set)' : `${verdict.replicas} replica${verdict.replicas === 1 ? '' : 's'}`;
    return [
      {
        message: `PodDisruptionBudget/${b.name} (${verdict.limit}) allows no eviction of ${replicas}: a node drain retries forever and the node upgrade or scale-down waiting on it never completes.`,
        span,
        related: [at(b)],
        fixes: relax(ctx, verdict.replicas),
      },
    ];
  },
};

/** Where the budget is in the workload's own file and its limit is a plain number, allow one eviction. */
function relax(ctx: RuleContext, replicas: number): FixIntent[] {
  const b = ctx.budgets[0]!;
  if (b.file !== undefined) return [];
  const min = b.budget?.minAvailable;
  const max = b.budget?.maxUnavailable;
  if (max && typeof max.value === 'number') {
    return [{ id: 'relax-disruption-budget', title: `Set maxUnavailable of PodDisruptionBudget/${b.name} to 1`, safe: false, changes: [{ op: 'replace', at: max.span, value: 1 }] }];
  }
  // With one replica any minAvailable ≥ 1 blocks: that needs a second replica, a decision for a person.
  if (min && typeof min.value === 'number' && replicas >= 2) {
    return [{ id: 'relax-disruption-budget', title: `Set minAvailable of PodDisruptionBudget/${b.name} to ${replicas - 1}`, safe: false, changes: [{ op: 'replace', at: min.span, value: replicas - 1 }] }];
  }
  return [];
}

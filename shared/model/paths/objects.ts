/**
 * The related objects matched to a workload (paths/related.ts) arrive in one list; the model
 * splits it by kind before any rule runs.
 */
import type { WorkloadInput } from '../input';
import type { BackendConfigFacts, DisruptionBudgetFacts, NamespaceFacts, NodePoolFacts } from './related';

export interface Related {
  /** PodDisruptionBudgets selecting the pods (E1). */
  budgets: DisruptionBudgetFacts[];
  /** Namespace objects of the workload's namespace (mesh injection, mesh/inject.ts). */
  namespaces: NamespaceFacts[];
  /** BackendConfigs of the workload's namespace named by a selecting Service's annotation. */
  backendConfigs: BackendConfigFacts[];
  /** The NodePools with a deadline that can be the pod's (matching keeps the named ones, else the only one); paths/nodepool.ts picks. */
  nodePools: NodePoolFacts[];
}

export function separate(input: WorkloadInput): Related {
  const found: Related = { budgets: [], namespaces: [], backendConfigs: [], nodePools: [] };
  for (const object of input.related ?? []) {
    if (object.kind === 'PodDisruptionBudget') found.budgets.push(object);
    else if (object.kind === 'Namespace') found.namespaces.push(object);
    else if (object.kind === 'BackendConfig') found.backendConfigs.push(object);
    else found.nodePools.push(object);
  }
  return found;
}

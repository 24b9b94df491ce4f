/**
 * PodDisruptionBudgets and Namespaces arrive mixed with the Services that select a workload's pods
 * (facts.ts, `budget` and `namespaceObject`). The model separates them before anything else, so
 * every rule that reads `services` sees Services only.
 */
import type { ServiceFacts } from '../facts';
import type { WorkloadInput } from '../input';

export interface Selecting {
  /** The input with only real Services left. */
  input: WorkloadInput;
  /** PodDisruptionBudgets selecting the pods (E1). */
  budgets: ServiceFacts[];
  /** Namespace objects of the workload's namespace (mesh injection, mesh/inject.ts). */
  namespaces: ServiceFacts[];
}

export function separate(input: WorkloadInput): Selecting {
  if (!input.services.some((s) => s.budget || s.namespaceObject)) return { input, budgets: [], namespaces: [] };
  return {
    input: { ...input, services: input.services.filter((s) => !s.budget && !s.namespaceObject) },
    budgets: input.services.filter((s) => s.budget),
    namespaces: input.services.filter((s) => s.namespaceObject),
  };
}

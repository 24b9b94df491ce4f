/**
 * The model's input for one workload: its facts, the objects that route traffic to it, the objects
 * that decide how its pods end, and the file-level facts (ignore comments) that suppression needs.
 */
import type { IgnoreComment, IngressFacts, ServiceFacts, WorkloadFacts } from './facts';
import type { RelatedFacts } from './paths/related';

export interface WorkloadInput {
  workload: WorkloadFacts;
  /** Services known to select the pod template (already matched by namespace and selector). */
  services: ServiceFacts[];
  /** Ingresses that send traffic to one of those Services. */
  ingresses: IngressFacts[];
  /**
   * PodDisruptionBudgets and Namespaces that apply to the pods, BackendConfigs with connection
   * draining named by those Services, and the NodePools with a deadline that can hold the pods
   * (paths/related.ts); the model splits them by kind (paths/objects.ts).
   * The engine always sets it; an input built by hand may leave it out.
   */
  related?: RelatedFacts[];
  /** `# kubegrace-ignore` comments of the file the workload is in. */
  ignoreComments: IgnoreComment[];
}

/**
 * The model's input for one workload: its facts, the objects that route traffic to it, and the
 * file-level facts (ignore comments) that suppression needs.
 */
import type { IgnoreComment, IngressFacts, ServiceFacts, WorkloadFacts } from './facts';

export interface WorkloadInput {
  workload: WorkloadFacts;
  /** Services known to select the pod template (already matched by namespace and selector). */
  services: ServiceFacts[];
  /** Ingresses that send traffic to one of those Services. */
  ingresses: IngressFacts[];
  /** `# kubegrace-ignore` comments of the file the workload is in. */
  ignoreComments: IgnoreComment[];
}

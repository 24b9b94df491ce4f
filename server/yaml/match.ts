/**
 * Joins a file's facts into the model's per-workload input: which Services select the pod
 * template, and which Ingresses route to those Services. Only objects of the same file are known.
 */
import type { IngressFacts, ServiceFacts, WorkloadFacts } from '../../shared/model/facts';
import type { WorkloadInput } from '../../shared/model/input';
import type { FileFacts } from './extract';

export function workloadInputs(facts: FileFacts): WorkloadInput[] {
  return facts.workloads.map((workload) => {
    const services = facts.services.filter((service) => selects(service, workload));
    return {
      workload,
      services,
      ingresses: facts.ingresses.filter((ingress) => routesTo(ingress, services, workload)),
      ignoreComments: facts.ignoreComments,
    };
  });
}

/**
 * True when the Service's endpoints include the workload's pods: same namespace (an absent
 * namespace only equals an absent one, since the namespace applied at deploy time is unknown) and
 * a non-empty selector whose every label the pod template carries.
 */
export function selects(service: ServiceFacts, workload: WorkloadFacts): boolean {
  if (service.namespace !== workload.namespace || !service.selector) return false;
  const selector = Object.entries(service.selector);
  const labels = workload.podMetadata.labels;
  return selector.length > 0 && selector.every(([key, value]) => Object.hasOwn(labels, key) && labels[key] === value);
}

function routesTo(ingress: IngressFacts, services: ServiceFacts[], workload: WorkloadFacts): boolean {
  return (
    ingress.namespace === workload.namespace &&
    services.some((service) => ingress.serviceNames.includes(service.name))
  );
}

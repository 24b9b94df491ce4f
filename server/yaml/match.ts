/**
 * Joins facts into the model's per-workload input: which Services select the pod template, and
 * which Ingresses route to those Services. `workloadInputs` knows only the objects of one file;
 * `workloadInputsAcross` also matches the Services and Ingresses of other files (the workspace
 * index in the server, all paths of one run in the CLI).
 */
import type { IngressFacts, ServiceFacts, WorkloadFacts } from '../../shared/model/facts';
import type { WorkloadInput } from '../../shared/model/input';
import type { FileFacts } from './extract';

/** The objects of another file that can send traffic to a workload. */
export interface OtherFile {
  /** The file's URI (server) or path (CLI); copied into the `file` of its Services and Ingresses. */
  file: string;
  services: ServiceFacts[];
  ingresses: IngressFacts[];
}

/** What selection needs of a pod template: the workload's namespace and the template's labels. */
export interface PodLabels {
  namespace?: string;
  labels: Record<string, string>;
}

export function workloadInputs(facts: FileFacts): WorkloadInput[] {
  return workloadInputsAcross({ file: '', facts }, []);
}

/**
 * Like `workloadInputs`, but Services and Ingresses of `others` match too, under the same rules:
 * a Service selects a pod template of its own namespace, an Ingress routes to the Services named in
 * its backends within its namespace, whichever files they are in. Objects of another file come back
 * with `file` set to that file; the own file's objects keep no `file`. A file of `others` with the
 * same name as `own` is skipped (its objects are already in `own.facts`). Pure: inputs are not changed.
 */
export function workloadInputsAcross(own: { file: string; facts: FileFacts }, others: OtherFile[]): WorkloadInput[] {
  const elsewhere = others.filter((other) => other.file !== own.file);
  const allServices = [...own.facts.services, ...elsewhere.flatMap((o) => o.services.map((s) => ({ ...s, file: o.file })))];
  const allIngresses = [...own.facts.ingresses, ...elsewhere.flatMap((o) => o.ingresses.map((i) => ({ ...i, file: o.file })))];
  return own.facts.workloads.map((workload) => {
    const services = allServices.filter((service) => selects(service, workload));
    return {
      workload,
      services,
      ingresses: allIngresses.filter((ingress) => routesTo(ingress, services, workload)),
      ignoreComments: own.facts.ignoreComments,
    };
  });
}

/**
 * True when the Service's endpoints include the workload's pods: same namespace (an absent
 * namespace only equals an absent one, since the namespace applied at deploy time is unknown) and
 * a non-empty selector whose every label the pod template carries.
 */
export function selects(service: ServiceFacts, workload: WorkloadFacts): boolean {
  return selectsPods(service, { namespace: workload.namespace, labels: workload.podMetadata.labels });
}

/** `selects` for a pod template known only by its namespace and labels (the workspace index). */
export function selectsPods(service: Pick<ServiceFacts, 'namespace' | 'selector'>, pods: PodLabels): boolean {
  if (service.namespace !== pods.namespace || !service.selector) return false;
  const selector = Object.entries(service.selector);
  return selector.length > 0 && selector.every(([key, value]) => Object.hasOwn(pods.labels, key) && pods.labels[key] === value);
}

function routesTo(ingress: IngressFacts, services: ServiceFacts[], workload: WorkloadFacts): boolean {
  return (
    ingress.namespace === workload.namespace &&
    services.some((service) => ingress.serviceNames.includes(service.name))
  );
}

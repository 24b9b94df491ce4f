/**
 * Joins facts into the model's per-workload input: which Services select the pod template, which
 * Ingresses route to those Services, and which related objects apply (PodDisruptionBudgets by
 * selector, the Namespace, BackendConfigs the Services name, every NodePool). `workloadInputs` knows only the objects of one file;
 * `workloadInputsAcross` also matches the Services and Ingresses of other files (the workspace
 * index in the server, all paths of one run in the CLI).
 *
 * Matching goes through a TrafficIndex: Services keyed by namespace and one label of their
 * selector, Ingresses by namespace and backend Service name. A workload looks up only the keys its
 * own labels make, so matching costs O(its labels + the candidates found), not O(all Services).
 */
import type { IngressFacts, LabelExpression, ServiceFacts, WorkloadFacts } from '../../../shared/model/facts';
import { backendConfigRefs } from '../../../shared/model/gateways/annotation';
import { injectsByNamespace } from '../../../shared/model/mesh/inject';
import type { WorkloadInput } from '../../../shared/model/input';
import type { DisruptionBudgetFacts, NodePoolFacts, RelatedFacts } from '../../../shared/model/paths/related';
import type { FileFacts } from './extract';

/** The objects of another file that can send traffic to a workload. */
export interface OtherFile {
  /** The file's URI (server) or path (CLI); copied into the `file` of its Services and Ingresses. */
  file: string;
  services: ServiceFacts[];
  ingresses: IngressFacts[];
  /** Its PodDisruptionBudgets, Namespaces, BackendConfigs and NodePools (none when absent). */
  related?: RelatedFacts[];
}

/** What selection needs of a pod template: the workload's namespace and the template's labels. */
export interface PodLabels {
  namespace?: string;
  labels: Record<string, string>;
  /** The Karpenter NodePools the pod spec names (PodSpecFacts.nodePools). */
  nodePools?: string[];
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
  const traffic = trafficIndexOf(own, others);
  return own.facts.workloads.map((workload) => {
    const pods = podsOf(workload);
    const services = traffic.servicesFor(pods);
    return { workload, services, ingresses: traffic.ingressesFor(workload.namespace, services), related: traffic.relatedFor(pods, services), ignoreComments: own.facts.ignoreComments };
  });
}

/** The index of the own file's Services, Ingresses and related objects and those of `others` (tagged with their file). */
export function trafficIndexOf(own: { file: string; facts: Pick<FileFacts, 'services' | 'ingresses' | 'related'> }, others: readonly OtherFile[]): TrafficIndex {
  const elsewhere = others.filter((other) => other.file !== own.file);
  return new TrafficIndex(
    [...own.facts.services, ...elsewhere.flatMap((o) => o.services.map((s) => tagged(s, o.file)))],
    [...own.facts.ingresses, ...elsewhere.flatMap((o) => o.ingresses.map((i) => tagged(i, o.file)))],
    [...own.facts.related, ...elsewhere.flatMap((o) => (o.related ?? []).map((r) => tagged(r, o.file)))],
  );
}

export function podsOf(workload: WorkloadFacts): PodLabels {
  const pods: PodLabels = { namespace: workload.namespace, labels: workload.podMetadata.labels };
  if (workload.pod.nodePools) pods.nodePools = workload.pod.nodePools.names;
  return pods;
}

// The tagged copy of another file's object (`file` set) is made once, so it keeps its identity between
// analyses (the analysis memo compares matched objects by identity) and costs nothing the next time.
const taggedCopies = new WeakMap<object, Map<string, object>>();

export function tagged<T extends ServiceFacts | IngressFacts | RelatedFacts>(object: T, file: string): T {
  let byFile = taggedCopies.get(object);
  if (!byFile) {
    byFile = new Map();
    taggedCopies.set(object, byFile);
  }
  let copy = byFile.get(file) as T | undefined;
  if (!copy) {
    copy = { ...object, file };
    byFile.set(file, copy);
  }
  return copy;
}

/**
 * Services and PodDisruptionBudgets by their selector (SelectorIndex), Ingresses by namespace and
 * backend name, Namespaces and BackendConfigs by namespace and name.
 */
export class TrafficIndex {
  private readonly services: SelectorIndex<ServiceFacts>;
  private readonly ingresses = new Map<string, Array<{ order: number; ingress: IngressFacts }>>();
  private readonly budgets: SelectorIndex<DisruptionBudgetFacts>;
  /** Namespaces and BackendConfigs by namespace and name; NodePools (cluster-scoped) in a list. */
  private readonly named = new Map<string, Array<{ order: number; object: RelatedFacts }>>();
  private readonly nodePools: NodePoolFacts[] = [];

  constructor(services: readonly ServiceFacts[], ingresses: readonly IngressFacts[], related: readonly RelatedFacts[] = []) {
    this.services = new SelectorIndex(services);
    ingresses.forEach((ingress, order) => {
      for (const name of new Set(ingress.serviceNames)) push(this.ingresses, nameKey(ingress.namespace, name), { order, ingress });
    });
    const budgets: DisruptionBudgetFacts[] = [];
    related.forEach((object, order) => {
      if (object.kind === 'PodDisruptionBudget') budgets.push(object);
      else if (object.kind === 'NodePool') this.nodePools.push(object);
      // A Namespace that injects no mesh proxy, or a BackendConfig without connection draining,
      // says nothing about how pods end: not matched, so it ties no analysis to its position.
      else if (object.kind === 'Namespace' ? injectsByNamespace(object) : object.drainingTimeoutSec) push(this.named, nameKey(object.namespace, `${object.kind}\u0001${object.name}`), { order, object });
    });
    this.budgets = new SelectorIndex(budgets);
  }

  /** The Services selecting the pods, in the order they were given. */
  servicesFor(pods: PodLabels): ServiceFacts[] {
    return this.services.selecting(pods);
  }

  /**
   * The related objects of the pods: the budgets selecting them, their Namespace object, the
   * BackendConfigs with connection draining their Services name (in the Services' namespace), then
   * the NodePools with a deadline that can be theirs (poolsFor).
   */
  relatedFor(pods: PodLabels, services: readonly ServiceFacts[]): RelatedFacts[] {
    const found: RelatedFacts[] = [...this.budgets.selecting(pods)];
    if (this.named.size > 0) {
      // A Namespace object's namespace is its own name; a pod of no known namespace has none.
      const named = pods.namespace === undefined ? [] : [...(this.named.get(nameKey(pods.namespace, `Namespace\u0001${pods.namespace}`)) ?? [])];
      const seen = new Set<string>();
      for (const service of services) {
        for (const ref of backendConfigRefs(service)) {
          if (seen.has(ref.name)) continue;
          seen.add(ref.name);
          named.push(...(this.named.get(nameKey(service.namespace, `BackendConfig\u0001${ref.name}`)) ?? []));
        }
      }
      found.push(...inOrder(named).map((n) => n.object));
    }
    found.push(...this.poolsFor(pods));
    return found;
  }

  /**
   * The NodePools whose deadline can apply (shared/model/paths/nodepool.ts): those the pod names on
   * `karpenter.sh/nodepool`, else the only one; and of those only pools with a deadline, so a pool
   * without one (the default) ties nothing to the workload's analysis.
   */
  private poolsFor(pods: PodLabels): RelatedFacts[] {
    const named = pods.nodePools;
    const pools = named ? this.nodePools.filter((p) => named.includes(p.name)) : this.nodePools.length === 1 ? this.nodePools : [];
    return pools.filter((p) => p.terminationGracePeriod !== undefined);
  }

  /** The Ingresses of `namespace` routing to one of `services`, in the order they were given. */
  ingressesFor(namespace: string | undefined, services: readonly ServiceFacts[]): IngressFacts[] {
    if (services.length === 0 || this.ingresses.size === 0) return [];
    const found = new Map<IngressFacts, number>();
    for (const service of services) {
      for (const { order, ingress } of this.ingresses.get(nameKey(namespace, service.name)) ?? []) found.set(ingress, order);
    }
    return [...found].sort((a, b) => a[1] - b[1]).map(([ingress]) => ingress);
  }
}

/**
 * Objects that select pods by labels (Services, PodDisruptionBudgets), by namespace and the first
 * pair of their selector: a selector matches a pod only if the pod carries every pair, so in
 * particular the first one, and looking up each of the pod's own labels finds every candidate once.
 */
class SelectorIndex<T extends Selector> {
  private readonly byKey = new Map<string, Array<{ order: number; object: T }>>();

  constructor(objects: readonly T[]) {
    objects.forEach((object, order) => {
      // A PodDisruptionBudget with an empty selector applies to its whole namespace.
      if (object.wholeNamespace || (!object.selector && object.expressions)) {
        push(this.byKey, nameKey(object.namespace, '\u0001all'), { order, object });
        return;
      }
      const first = object.selector ? Object.entries(object.selector)[0] : undefined;
      if (!first) return; // no or an empty selector selects nothing here (it has manual endpoints)
      push(this.byKey, labelKey(object.namespace, first[0], first[1]), { order, object });
    });
  }

  /** The objects selecting the pods, in the order they were given. */
  selecting(pods: PodLabels): T[] {
    if (this.byKey.size === 0) return [];
    const found = (this.byKey.get(nameKey(pods.namespace, '\u0001all')) ?? []).filter((c) => selectsPods(c.object, pods));
    for (const key in pods.labels) {
      if (!Object.hasOwn(pods.labels, key)) continue;
      for (const candidate of this.byKey.get(labelKey(pods.namespace, key, pods.labels[key]!)) ?? []) {
        if (selectsPods(candidate.object, pods)) found.push(candidate);
      }
    }
    return inOrder(found).map((f) => f.object);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function inOrder<T extends { order: number }>(list: T[]): T[] {
  return list.length > 1 ? list.sort((a, b) => a.order - b.order) : list;
}

// An absent namespace is its own key: it only equals an absent one (see `selects`).
const labelKey = (namespace: string | undefined, key: string, value: string) => `${namespace === undefined ? '\u0000' : `=${namespace}`}\u0000${key}\u0000${value}`;
const nameKey = (namespace: string | undefined, name: string) => `${namespace === undefined ? '\u0000' : `=${namespace}`}\u0000${name}`;

/**
 * True when the Service's endpoints include the workload's pods: same namespace (an absent
 * namespace only equals an absent one, since the namespace applied at deploy time is unknown) and
 * a non-empty selector whose every label the pod template carries.
 */
export function selects(service: ServiceFacts, workload: WorkloadFacts): boolean {
  return selectsPods(service, podsOf(workload));
}

/** `selects` for a pod template known only by its namespace and labels (the workspace index). */
/** What label selection reads of a Service or a PodDisruptionBudget. */
export interface Selector {
  namespace?: string;
  selector?: Record<string, string>;
  wholeNamespace?: boolean;
  expressions?: LabelExpression[];
}

export function selectsPods(service: Selector, pods: PodLabels): boolean {
  if (service.namespace !== pods.namespace) return false;
  if (service.wholeNamespace) return true;
  if (!service.selector) return service.expressions?.every((e) => holds(e, pods.labels)) === true;
  const selector = Object.entries(service.selector);
  return selector.length > 0 && selector.every(([key, value]) => Object.hasOwn(pods.labels, key) && pods.labels[key] === value) && (service.expressions ?? []).every((e) => holds(e, pods.labels));
}

/** A `matchExpressions` entry (a PodDisruptionBudget's); an unknown operator selects nothing. */
function holds(expression: LabelExpression, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, expression.key);
  switch (expression.operator) {
    case 'In':
      return has && expression.values.includes(labels[expression.key]!);
    case 'NotIn':
      return !has || !expression.values.includes(labels[expression.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

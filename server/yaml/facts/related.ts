/**
 * Objects that decide how a workload's pods end without routing traffic to them → facts
 * (shared/model/paths/related.ts): PodDisruptionBudgets select pods by labels (E1: a node drain's
 * evictions), Namespaces by name (mesh injection labels and annotations), GKE BackendConfigs are
 * named by a Service annotation (connection draining), Karpenter NodePools hold a node-level
 * deadline. Only fields the model reads are kept.
 */
import { isScalar, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { LabelExpression, Span } from '../../../shared/model/facts';
import type { BackendConfigFacts, DisruptionBudgetFacts, NamespaceFacts, NodePoolFacts } from '../../../shared/model/paths/related';
import { readAnnotations, readLabels } from './metadata';
import type { ObjectHeader } from './metadata';
import { asMap, deref, get, getMap, getPath, getString, located, readNumber, readNumberOrString, readString, scalarText, span } from '../parse/nodes';
import type { Reader } from '../parse/nodes';

/**
 * A `policy/v1` (or v1beta1) PodDisruptionBudget. In policy/v1 an empty selector selects every pod
 * of the namespace; in v1beta1 it selected none (k8s.io/api policy/v1 types.go, `Selector`).
 */
export function readDisruptionBudget(reader: Reader, map: YAMLMap, header: ObjectHeader): DisruptionBudgetFacts {
  const spec = getMap(reader, map, 'spec');
  const selector = getMap(reader, spec, 'selector');
  const facts: DisruptionBudgetFacts = { ...header, kind: 'PodDisruptionBudget', budget: {} };
  const min = located(reader, spec, 'minAvailable', readNumberOrString);
  const max = located(reader, spec, 'maxUnavailable', readNumberOrString);
  if (min) facts.budget.minAvailable = min;
  if (max) facts.budget.maxUnavailable = max;
  if (!selector) return facts;
  const labels = readLabels(reader, getMap(reader, selector, 'matchLabels'));
  const expressions = readExpressions(reader, selector);
  if (Object.keys(labels).length > 0) facts.selector = labels;
  if (expressions.length > 0) facts.expressions = expressions;
  if (!facts.selector && !facts.expressions && header.apiVersion === 'policy/v1') facts.wholeNamespace = true;
  return facts;
}

function readExpressions(reader: Reader, selector: YAMLMap): LabelExpression[] {
  const seq = get(reader, selector, 'matchExpressions');
  if (!isSeq(seq)) return [];
  const found: LabelExpression[] = [];
  for (const item of seq.items) {
    const map = asMap(reader, item);
    const key = getString(reader, map, 'key');
    const operator = getString(reader, map, 'operator');
    if (key === undefined || operator === undefined) continue;
    const values = get(reader, map, 'values');
    const list: string[] = [];
    for (const v of isSeq(values) ? values.items : []) {
      const node = deref(reader, v);
      const text = isScalar(node) ? scalarText(node) : undefined;
      if (text !== undefined) list.push(text);
    }
    found.push({ key, operator, values: list });
  }
  return found;
}

/** A `v1` Namespace: it applies to the pods whose namespace is its name. */
export function readNamespace(reader: Reader, map: YAMLMap, header: ObjectHeader): NamespaceFacts {
  const metadata = getMap(reader, map, 'metadata');
  return {
    ...header,
    kind: 'Namespace',
    namespace: header.name,
    namespaceObject: {
      labels: readLabels(reader, getMap(reader, metadata, 'labels')),
      annotations: readAnnotations(reader, getMap(reader, metadata, 'annotations')),
    },
  };
}

/**
 * A GKE BackendConfig (`cloud.google.com/v1`, or v1beta1): `spec.connectionDraining.drainingTimeoutSec`,
 * an integer of seconds (GKE docs, "Configuring Ingress features through BackendConfig parameters").
 */
export function readBackendConfig(reader: Reader, map: YAMLMap, header: ObjectHeader): BackendConfigFacts {
  const facts: BackendConfigFacts = { ...header, kind: 'BackendConfig' };
  const draining = getMap(reader, getMap(reader, map, 'spec'), 'connectionDraining');
  const timeout = located(reader, draining, 'drainingTimeoutSec', readNumber);
  if (timeout && Number.isFinite(timeout.value)) facts.drainingTimeoutSec = timeout;
  return facts;
}

/**
 * A Karpenter NodePool (`karpenter.sh/v1`): `spec.template.spec.terminationGracePeriod`, a duration
 * string. Cluster-scoped, so a namespace written on it is dropped.
 */
export function readNodePool(reader: Reader, map: YAMLMap, header: ObjectHeader): NodePoolFacts {
  const { namespace: _ignored, ...rest } = header;
  const facts: NodePoolFacts = { ...rest, kind: 'NodePool' };
  const spec = asMap(reader, getPath(reader, map, ['spec', 'template', 'spec']));
  const grace = located(reader, spec, 'terminationGracePeriod', readString);
  if (grace) facts.terminationGracePeriod = grace;
  return facts;
}

const NODEPOOL_LABEL = 'karpenter.sh/nodepool';

/**
 * The NodePools a pod spec ties itself to (Karpenter labels each node with `karpenter.sh/nodepool`):
 * its `nodeSelector`, else the first `In` term on that key of a required node affinity. Preferred
 * affinity ties nothing.
 */
export function readNodePoolChoice(reader: Reader, spec: YAMLMap): { names: string[]; span: Span } | undefined {
  const selected = located(reader, getMap(reader, spec, 'nodeSelector'), NODEPOOL_LABEL, readString);
  if (selected) return { names: [selected.value], span: selected.span };
  const terms = getPath(reader, asMap(reader, getPath(reader, spec, ['affinity', 'nodeAffinity'])), ['requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms']);
  for (const term of isSeq(terms) ? terms.items : []) {
    const expressions = get(reader, asMap(reader, term), 'matchExpressions');
    for (const item of isSeq(expressions) ? expressions.items : []) {
      const map = asMap(reader, item);
      if (getString(reader, map, 'key') !== NODEPOOL_LABEL || getString(reader, map, 'operator') !== 'In') continue;
      const values = get(reader, map, 'values');
      const names = (isSeq(values) ? values.items : []).map((v) => deref(reader, v)).flatMap((n) => (isScalar(n) && scalarText(n) !== undefined ? [scalarText(n)!] : []));
      if (names.length > 0 && values) return { names, span: span(reader, values) };
    }
  }
  return undefined;
}

/**
 * PodDisruptionBudgets and Namespaces → facts that travel with the Services (see `budget` and
 * `namespaceObject` in shared/model/facts.ts): both decide something about the pods of a
 * namespace, one by a label selector (E1: a node drain's evictions), the other by name (mesh
 * injection labels and annotations). Only fields the model reads are kept.
 */
import { isScalar, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { LabelExpression, ServiceFacts } from '../../../shared/model/facts';
import { readAnnotations, readLabels } from './metadata';
import type { ObjectHeader } from './metadata';
import { asMap, deref, get, getMap, getString, located, readNumberOrString, scalarText } from '../parse/nodes';
import type { Reader } from '../parse/nodes';

/**
 * A `policy/v1` (or v1beta1) PodDisruptionBudget. In policy/v1 an empty selector selects every pod
 * of the namespace; in v1beta1 it selected none (k8s.io/api policy/v1 types.go, `Selector`).
 */
export function readDisruptionBudget(reader: Reader, map: YAMLMap, header: ObjectHeader): ServiceFacts {
  const spec = getMap(reader, map, 'spec');
  const selector = getMap(reader, spec, 'selector');
  const facts: ServiceFacts = { ...header, ports: [], annotations: {}, budget: {} };
  const min = located(reader, spec, 'minAvailable', readNumberOrString);
  const max = located(reader, spec, 'maxUnavailable', readNumberOrString);
  if (min) facts.budget!.minAvailable = min;
  if (max) facts.budget!.maxUnavailable = max;
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
export function readNamespace(reader: Reader, map: YAMLMap, header: ObjectHeader): ServiceFacts {
  const metadata = getMap(reader, map, 'metadata');
  return {
    ...header,
    namespace: header.name,
    ports: [],
    annotations: {},
    wholeNamespace: true,
    namespaceObject: {
      labels: readLabels(reader, getMap(reader, metadata, 'labels')),
      annotations: readAnnotations(reader, getMap(reader, metadata, 'annotations')),
    },
  };
}

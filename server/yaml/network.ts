/**
 * Services and Ingresses → ServiceFacts and IngressFacts: what sends traffic to which pods.
 */
import { isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { IngressFacts, ServiceFacts, ServicePortFacts } from '../../shared/model/facts';
import { readAnnotations, readLabels } from './metadata';
import type { ObjectHeader } from './metadata';
import { asMap, get, getMap, getNumber, getPath, getString, located, readBoolean, readNumberOrString } from './nodes';
import type { Reader } from './nodes';

export function readService(reader: Reader, map: YAMLMap, header: ObjectHeader): ServiceFacts {
  const spec = getMap(reader, map, 'spec');
  const facts: ServiceFacts = {
    ...header,
    ports: readServicePorts(reader, spec),
    annotations: readAnnotations(reader, annotationsOf(reader, map)),
  };
  const selector = getMap(reader, spec, 'selector');
  if (selector) facts.selector = readLabels(reader, selector);
  const type = getString(reader, spec, 'type');
  if (type !== undefined) facts.type = type;
  const publish = located(reader, spec, 'publishNotReadyAddresses', readBoolean);
  if (publish) facts.publishNotReadyAddresses = publish;
  return facts;
}

function readServicePorts(reader: Reader, spec: YAMLMap | undefined): ServicePortFacts[] {
  const seq = get(reader, spec, 'ports');
  if (!isSeq(seq)) return [];
  const ports: ServicePortFacts[] = [];
  for (const item of seq.items) {
    const port = asMap(reader, item);
    if (!port) continue;
    const facts: ServicePortFacts = {};
    const number = getNumber(reader, port, 'port');
    if (number !== undefined) facts.port = number;
    const targetNode = get(reader, port, 'targetPort');
    const target = targetNode ? readNumberOrString(targetNode) : undefined;
    if (target !== undefined) facts.targetPort = target;
    const name = getString(reader, port, 'name');
    if (name !== undefined) facts.name = name;
    ports.push(facts);
  }
  return ports;
}

/**
 * The Services an Ingress routes to, from its default backend and every rule path. Both the
 * `networking.k8s.io/v1` shape (`service.name`) and the older v1beta1 shape (`serviceName`) are read.
 */
export function readIngress(reader: Reader, map: YAMLMap, header: ObjectHeader): IngressFacts {
  const spec = getMap(reader, map, 'spec');
  const names: string[] = [];
  const add = (backend: YAMLMap | undefined): void => {
    const name = getString(reader, getMap(reader, backend, 'service'), 'name') ?? getString(reader, backend, 'serviceName');
    if (name !== undefined && !names.includes(name)) names.push(name);
  };
  add(getMap(reader, spec, 'defaultBackend'));
  add(getMap(reader, spec, 'backend'));
  const rules = get(reader, spec, 'rules');
  for (const rule of isSeq(rules) ? rules.items : []) {
    const paths = getPath(reader, asMap(reader, rule), ['http', 'paths']);
    for (const path of isSeq(paths) ? paths.items : []) add(getMap(reader, asMap(reader, path), 'backend'));
  }
  return {
    ...header,
    serviceNames: names,
    annotations: readAnnotations(reader, annotationsOf(reader, map)),
  };
}

function annotationsOf(reader: Reader, map: YAMLMap): YAMLMap | undefined {
  return getMap(reader, getMap(reader, map, 'metadata'), 'annotations');
}

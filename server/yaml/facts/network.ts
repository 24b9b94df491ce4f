/**
 * Services and Ingresses → ServiceFacts and IngressFacts: what sends traffic to which pods.
 * Values of the wrong JSON type for the fields read here are decode errors (decode.ts): the API
 * server rejects the whole object, so the model does not route traffic through it.
 */
import { isScalar, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { DecodeErrorFacts, IngressFacts, ServiceFacts, ServicePortFacts } from '../../../shared/model/facts';
import { checkDecode, fieldChecker } from './decode';
import { readAnnotations, readLabels } from './metadata';
import type { ObjectHeader } from './metadata';
import { asMap, deref, entries, entry, get, getMap, getNumber, getPath, getString, located, readBoolean, readNumberOrString, scalarText } from '../parse/nodes';
import type { Reader } from '../parse/nodes';
import { checkMetadata } from './workload';

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
  const errors = [...checkMetadata(reader, getMap(reader, map, 'metadata'), 'metadata'), ...checkServiceSpec(reader, spec)];
  if (errors.length) facts.decodeErrors = errors.sort((a, b) => a.span.start - b.span.start);
  return facts;
}

/** ServiceSpec and ServicePort in k8s.io/api core/v1 types.go (docs/research.md, "decode errors"). */
function checkServiceSpec(reader: Reader, spec: YAMLMap | undefined): DecodeErrorFacts[] {
  const errors: DecodeErrorFacts[] = [];
  const check = fieldChecker(reader, errors);
  const selector = getMap(reader, spec, 'selector');
  for (const [, found] of selector ? entries(reader, selector) : []) checkDecode(reader, found.raw, 'string', 'ServiceSpec', 'spec.selector', errors);
  check(spec, 'type', 'v1.ServiceType', 'ServiceSpec', 'spec.type');
  check(spec, 'publishNotReadyAddresses', 'bool', 'ServiceSpec', 'spec.publishNotReadyAddresses');
  const ports = get(reader, spec, 'ports');
  for (const item of isSeq(ports) ? ports.items : []) {
    const port = asMap(reader, item);
    check(port, 'name', 'string', 'ServicePort', 'spec.ports.name');
    check(port, 'port', 'int32', 'ServicePort', 'spec.ports.port');
    check(port, 'targetPort', 'intstr', 'ServicePort', 'spec.ports.targetPort');
  }
  return errors.map((e) => ({ ...e, absolute: true }));
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
  const errors = checkMetadata(reader, getMap(reader, map, 'metadata'), 'metadata');
  // Fields of the other version are unknown fields: dropped (a warning), never decoded.
  const beta = header.apiVersion.endsWith('/v1beta1');
  const add = (backend: YAMLMap | undefined, path: string): void => {
    const service = getMap(reader, backend, 'service');
    // A name of the wrong type is matched as written: the Ingress names that Service, and is rejected.
    const name = nameText(reader, service, 'name') ?? nameText(reader, backend, 'serviceName');
    if (name !== undefined && !names.includes(name)) names.push(name);
    errors.push(...checkBackend(reader, backend, path, beta));
  };
  add(getMap(reader, spec, beta ? 'backend' : 'defaultBackend'), beta ? 'spec.backend' : 'spec.defaultBackend');
  add(getMap(reader, spec, beta ? 'defaultBackend' : 'backend'), '');
  const rules = get(reader, spec, 'rules');
  for (const rule of isSeq(rules) ? rules.items : []) {
    const paths = getPath(reader, asMap(reader, rule), ['http', 'paths']);
    for (const path of isSeq(paths) ? paths.items : []) add(getMap(reader, asMap(reader, path), 'backend'), 'spec.rules.http.paths.backend');
  }
  const facts: IngressFacts = {
    ...header,
    serviceNames: names,
    annotations: readAnnotations(reader, annotationsOf(reader, map)),
  };
  if (errors.length) facts.decodeErrors = errors.sort((a, b) => a.span.start - b.span.start);
  return facts;
}

function nameText(reader: Reader, map: YAMLMap | undefined, key: string): string | undefined {
  const node = deref(reader, entry(reader, map, key)?.raw);
  return isScalar(node) ? scalarText(node) : undefined;
}

/**
 * IngressBackend → IngressServiceBackend → ServiceBackendPort in networking/v1 types.go; the
 * v1beta1 IngressBackend has `serviceName` (string) and `servicePort` (IntOrString).
 */
function checkBackend(reader: Reader, backend: YAMLMap | undefined, path: string, beta: boolean): DecodeErrorFacts[] {
  if (!backend || !path) return [];
  const errors: DecodeErrorFacts[] = [];
  const check = fieldChecker(reader, errors);
  if (beta) {
    check(backend, 'serviceName', 'string', 'IngressBackend', `${path}.serviceName`);
    check(backend, 'servicePort', 'intstr', 'IngressBackend', `${path}.servicePort`);
  } else {
    const service = getMap(reader, backend, 'service');
    check(service, 'name', 'string', 'IngressServiceBackend', `${path}.service.name`);
    const port = getMap(reader, service, 'port');
    check(port, 'name', 'string', 'ServiceBackendPort', `${path}.service.port.name`);
    check(port, 'number', 'int32', 'ServiceBackendPort', `${path}.service.port.number`);
  }
  return errors.map((e) => ({ ...e, absolute: true }));
}

function annotationsOf(reader: Reader, map: YAMLMap): YAMLMap | undefined {
  return getMap(reader, getMap(reader, map, 'metadata'), 'annotations');
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workloadInputs } from '../../server/yaml/facts/match';
import { at, factsOf, yaml } from './helpers';

const deployment = (name: string, namespace: string | undefined, labels: string) =>
  yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    ...(namespace ? [`  namespace: ${namespace}`] : []),
    'spec:',
    '  template:',
    `    metadata: {labels: ${labels}}`,
    '    spec: {containers: [{name: app}]}',
  );

const service = (name: string, namespace: string | undefined, selector: string) =>
  yaml('apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${name}`, ...(namespace ? [`  namespace: ${namespace}`] : []), 'spec:', `  selector: ${selector}`);

test('Service facts: selector, type, ports, publishNotReadyAddresses, annotations', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: web',
    '  namespace: shop',
    '  annotations:',
    '    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: deregistration_delay.timeout_seconds=30',
    'spec:',
    '  type: LoadBalancer',
    '  publishNotReadyAddresses: true',
    '  selector: {app: web, tier: 1}',
    '  ports:',
    '    - {name: http, port: 80, targetPort: http}',
    '    - {port: 443, targetPort: 8443}',
  );
  const facts = factsOf(text);
  assert.equal(facts.workloads.length, 0);
  const s = facts.services[0]!;
  assert.equal(s.name, 'web');
  assert.equal(s.namespace, 'shop');
  assert.equal(at(text, s.kindSpan), 'Service');
  assert.equal(at(text, s.nameSpan), 'web');
  assert.deepEqual(s.selector, { app: 'web', tier: '1' });
  assert.equal(s.type, 'LoadBalancer');
  assert.deepEqual(s.ports, [
    { name: 'http', port: 80, targetPort: 'http' },
    { port: 443, targetPort: 8443 },
  ]);
  assert.equal(s.publishNotReadyAddresses!.value, true);
  assert.equal(at(text, s.publishNotReadyAddresses!.pairSpan), 'publishNotReadyAddresses: true');
  const annotation = s.annotations['service.beta.kubernetes.io/aws-load-balancer-target-group-attributes']!;
  assert.equal(annotation.value, 'deregistration_delay.timeout_seconds=30');
});

test('a Service without a selector has an undefined selector; a Knative Service is a workload', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: external}',
    'spec: {type: ExternalName, externalName: example.com}',
    '---',
    'apiVersion: serving.knative.dev/v1',
    'kind: Service',
    'metadata: {name: kn}',
    'spec: {template: {spec: {containers: [{image: x}]}}}',
  );
  const facts = factsOf(text);
  assert.equal(facts.services.length, 1);
  assert.equal(facts.services[0]!.selector, undefined);
  assert.deepEqual(
    facts.workloads.map((w) => w.name),
    ['kn'],
  );
});

test('Ingress facts: v1 service.name and v1beta1 serviceName backends, default backends', () => {
  const text = yaml(
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata:',
    '  name: new',
    '  annotations: {alb.ingress.kubernetes.io/target-group-attributes: deregistration_delay.timeout_seconds=10}',
    'spec:',
    '  defaultBackend: {service: {name: fallback, port: {number: 80}}}',
    '  rules:',
    '    - http:',
    '        paths:',
    '          - {path: /, backend: {service: {name: web, port: {name: http}}}}',
    '          - {path: /api, backend: {service: {name: api}}}',
    '          - {path: /again, backend: {service: {name: web}}}',
    '    - host: no-http.example.com',
    '---',
    'apiVersion: extensions/v1beta1',
    'kind: Ingress',
    'metadata: {name: old, namespace: legacy}',
    'spec:',
    '  backend: {serviceName: default, servicePort: 80}',
    '  rules: [{http: {paths: [{backend: {serviceName: web, servicePort: 80}}]}}]',
  );
  const [v1, beta] = factsOf(text).ingresses;
  assert.deepEqual(v1!.serviceNames, ['fallback', 'web', 'api']);
  assert.equal(v1!.annotations['alb.ingress.kubernetes.io/target-group-attributes']!.value, 'deregistration_delay.timeout_seconds=10');
  assert.equal(at(text, v1!.kindSpan), 'Ingress');
  assert.deepEqual(beta!.serviceNames, ['default', 'web']);
  assert.equal(beta!.namespace, 'legacy');
});

test('matching: selector subset of pod labels, same namespace, Ingresses through matched Services', () => {
  const text = [
    deployment('web', undefined, '{app: web, tier: front}'),
    deployment('web-prod', 'prod', '{app: web, tier: front}'),
    service('web', undefined, '{app: web}'),
    service('web-both', undefined, '{app: web, tier: front}'),
    service('web-prod', 'prod', '{app: web}'),
    service('other', undefined, '{app: other}'),
    service('wider', undefined, '{app: web, tier: front, extra: x}'),
    service('empty', undefined, '{}'),
    yaml('apiVersion: v1', 'kind: Service', 'metadata: {name: manual}', 'spec: {ports: [{port: 80}]}'),
    yaml('apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata: {name: ing}', 'spec: {defaultBackend: {service: {name: web}}}'),
    yaml('apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata: {name: ing-other}', 'spec: {defaultBackend: {service: {name: other}}}'),
    yaml('apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata: {name: ing-prod, namespace: prod}', 'spec: {defaultBackend: {service: {name: web}}}'),
    yaml('# kubegrace-ignore grace-zero', 'apiVersion: v1', 'kind: Namespace', 'metadata: {name: prod}'),
  ].join('---\n');
  const facts = factsOf(text);
  const inputs = workloadInputs(facts);
  const summary = inputs.map((input) => ({
    workload: input.workload.name,
    services: input.services.map((s) => s.name),
    ingresses: input.ingresses.map((i) => i.name),
    related: input.related?.map((r) => `${r.kind}/${r.name}`),
  }));
  assert.deepEqual(summary, [
    { workload: 'web', services: ['web', 'web-both'], ingresses: ['ing'], related: [] },
    // The Namespace object of `prod` sets no mesh injection, so it changes nothing and is not matched (issue 16).
    { workload: 'web-prod', services: ['web-prod'], ingresses: [], related: [] },
  ]);
  assert.equal(inputs[0]!.ignoreComments, facts.ignoreComments);
  assert.equal(facts.ignoreComments.length, 1);
});

test('a Service in a namespace does not select a workload without one, nor the reverse', () => {
  const text = `${deployment('a', undefined, '{app: a}')}---\n${service('a', 'default', '{app: a}')}---\n${deployment('b', 'default', '{app: b}')}---\n${service('b', undefined, '{app: b}')}`;
  assert.deepEqual(
    workloadInputs(factsOf(text)).map((input) => input.services.length),
    [0, 0],
  );
});

test('a Namespace that injects a mesh proxy applies to the pods of its namespace, in the related list', () => {
  const text = [
    deployment('web-prod', 'prod', '{app: web}'),
    yaml('apiVersion: v1', 'kind: Namespace', 'metadata: {name: prod, labels: {istio-injection: enabled}}'),
    yaml('apiVersion: v1', 'kind: Namespace', 'metadata: {name: other, labels: {istio-injection: enabled}}'),
    yaml('apiVersion: v1', 'kind: Namespace', 'metadata: {name: prod, annotations: {linkerd.io/inject: enabled}}'),
  ].join('---\n');
  assert.deepEqual(
    workloadInputs(factsOf(text)).map((input) => input.related?.map((r) => `${r.kind}/${r.name}`)),
    [['Namespace/prod', 'Namespace/prod']],
  );
});

/**
 * Decode errors in the Services and Ingresses the model reads (issue 10). Go types from
 * kubernetes/kubernetes staging/src/k8s.io/api/core/v1/types.go (ServiceSpec, ServicePort) and
 * networking/v1/types.go (IngressBackend, IngressServiceBackend, ServiceBackendPort); the message is
 * Go's UnmarshalTypeError behind the API server's "<Kind> in version … cannot be handled as a <Kind>"
 * (docs/research.md, "Decode errors"). Such an object does not exist in the cluster: it routes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile } from '../../server/engine/analyze';
import { extractFacts } from '../../server/yaml/facts/extract';
import { parseFile } from '../../server/yaml/parse/parse';
import { buildContext } from '../../shared/model/context';
import { deployment, rule, settings } from './helpers';

const SERVICE = '  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n';
/** The helper's Deployment and Service, with the Service's spec lines replaced. */
const withService = (spec: string, metadata = '') => deployment().replace(`kind: Service\nmetadata:\n  name: web\nspec:\n${SERVICE}`, `kind: Service\nmetadata:\n  name: web\n${metadata}spec:\n${spec}`);

test('decode errors: the Service fields the model reads, with the Go struct and the exact span', () => {
  const cases: Array<[string, string, string, string]> = [
    // ServiceSpec.PublishNotReadyAddresses bool
    ['  selector: {app: web}\n  publishNotReadyAddresses: "true"\n', '', '"true"', 'string into Go struct field ServiceSpec.spec.publishNotReadyAddresses of type bool'],
    // ServiceSpec.Type ServiceType (a named string)
    ['  selector: {app: web}\n  type: 1\n', '', '1', 'number into Go struct field ServiceSpec.spec.type of type v1.ServiceType'],
    // ServicePort.Port int32
    ['  selector: {app: web}\n  ports: [{port: "80", targetPort: 8080}]\n', '', '"80"', 'string into Go struct field ServicePort.spec.ports.port of type int32'],
    ['  selector: {app: web}\n  ports: [{port: 80.5}]\n', '', '80.5', 'number 80.5 into Go struct field ServicePort.spec.ports.port of type int32'],
    // ServicePort.TargetPort intstr.IntOrString: a string as is, anything else into its int32
    ['  selector: {app: web}\n  ports: [{port: 80, targetPort: true}]\n', '', 'true', 'bool into Go struct field ServicePort.spec.ports.targetPort of type int32'],
    ['  selector: {app: web}\n  ports: [{port: 80, targetPort: 99999999999}]\n', '', '99999999999', 'number 99999999999 into Go struct field ServicePort.spec.ports.targetPort of type int32'],
    // ServiceSpec.Selector map[string]string
    ['  selector: {app: web, canary: false}\n', '', 'false', 'bool into Go struct field ServiceSpec.spec.selector of type string'],
    // ObjectMeta.Annotations map[string]string: the load-balancer annotations the model reads
    [SERVICE, '  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-connection-draining-timeout: 30\n', '30', 'number into Go struct field ObjectMeta.metadata.annotations of type string'],
  ];
  for (const [spec, metadata, at, message] of cases) {
    const text = withService(spec, metadata).replace('labels: {app: web}', 'labels: {app: web, canary: "false"}');
    const found = rule('api-validation', text);
    assert.equal(found.length, 1, spec + metadata);
    assert.equal(found[0]!.at, at, spec + metadata);
    assert.equal(found[0]!.message, `The API server rejects Service/web: Service in version "v1" cannot be handled as a Service: json: cannot unmarshal ${message}. Until it is fixed the Service does not exist and sends no traffic to Deployment/web.`);
  }
});

test('a targetPort may be a number or a name (IntOrString): neither is a decode error', () => {
  for (const target of ['8080', 'http', '"8080"']) {
    assert.deepEqual(rule('api-validation', withService(`  selector: {app: web}\n  ports: [{port: 80, targetPort: ${target}}]\n`)), [], target);
  }
});

test('a Service that does not decode routes no traffic: it is not used as if the bad field were absent', () => {
  const flagged = withService('  selector: {app: web}\n  publishNotReadyAddresses: true\n');
  assert.equal(rule('publish-not-ready-addresses', flagged).length, 1);
  // The same Service with a wrong-typed `type` is rejected: it cannot publish anything.
  const rejected = withService('  selector: {app: web}\n  publishNotReadyAddresses: true\n  type: [ClusterIP]\n');
  assert.deepEqual(rule('publish-not-ready-addresses', rejected), []);
  assert.match(rule('api-validation', rejected)[0]!.message, /cannot unmarshal array into Go struct field ServiceSpec\.spec\.type of type v1\.ServiceType/);
  const [workload] = analyzeFile(rejected, settings()).workloads;
  assert.equal(workload!.input.services.length, 1, 'matched, so its error is reported on the workload it targets');
  assert.deepEqual(buildContext(workload!.input, settings()).input.services, [], 'but the rules see no Service');
});

test('a wrong-typed selector value is matched as written, never dropped (which would select more pods)', () => {
  const text = withService('  selector: {app: web, tier: 1}\n');
  assert.deepEqual(rule('api-validation', text), [], 'the pod has no tier label: the Service does not select it');
  const facts = extractFacts(parseFile(text));
  assert.deepEqual(facts.services[0]!.selector, { app: 'web', tier: '1' });
  const selected = rule('api-validation', text.replace('labels: {app: web}', 'labels: {app: web, tier: "1"}'));
  assert.deepEqual(selected.map((f) => f.at), ['1']);
});

const ingress = (apiVersion: string, backend: string) =>
  `${deployment()}---\napiVersion: ${apiVersion}\nkind: Ingress\nmetadata:\n  name: front\nspec:\n  rules:\n    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend: ${backend}\n`;

test('decode errors: the Ingress backend the model reads (networking.k8s.io/v1 and v1beta1)', () => {
  const cases: Array<[string, string, string, string]> = [
    ['networking.k8s.io/v1', '{service: {name: web, port: {number: "80"}}}', '"80"', 'Ingress in version "v1" cannot be handled as a Ingress: json: cannot unmarshal string into Go struct field ServiceBackendPort.spec.rules.http.paths.backend.service.port.number of type int32'],
    ['networking.k8s.io/v1', '{service: {name: web, port: {name: 80}}}', '80', 'Ingress in version "v1" cannot be handled as a Ingress: json: cannot unmarshal number into Go struct field ServiceBackendPort.spec.rules.http.paths.backend.service.port.name of type string'],
    ['networking.k8s.io/v1', '{service: {name: [web], port: {number: 80}}}', '[web]', 'Ingress in version "v1" cannot be handled as a Ingress: json: cannot unmarshal array into Go struct field IngressServiceBackend.spec.rules.http.paths.backend.service.name of type string'],
    ['extensions/v1beta1', '{serviceName: web, servicePort: {number: 80}}', '{number: 80}', 'Ingress in version "v1beta1" cannot be handled as a Ingress: json: cannot unmarshal object into Go struct field IngressBackend.spec.rules.http.paths.backend.servicePort of type int32'],
  ];
  for (const [apiVersion, backend, at, message] of cases) {
    // A name that is not a string names no Service: a second, correct backend makes the Ingress match.
    const text = ingress(apiVersion, backend).replace('name: front\nspec:\n', backend.includes('[web]') ? 'name: front\nspec:\n  defaultBackend: {service: {name: web, port: {number: 80}}}\n' : 'name: front\nspec:\n');
    const found = rule('api-validation', text);
    assert.equal(found.length, 1, backend);
    assert.equal(found[0]!.at, at, backend);
    assert.equal(found[0]!.message, `The API server rejects Ingress/front: ${message}. Until it is fixed the Ingress does not exist and sends no traffic to Deployment/web.`);
  }
  assert.deepEqual(rule('api-validation', ingress('networking.k8s.io/v1', '{service: {name: web, port: {number: 80}}}')), []);
  // `servicePort` is not a field of networking.k8s.io/v1: it is dropped, not decoded.
  assert.deepEqual(rule('api-validation', ingress('networking.k8s.io/v1', '{service: {name: web, port: {number: 80}}, servicePort: {a: 1}}')), []);
});

test('an Ingress that does not decode routes nothing: the rules see the Service but not the Ingress', () => {
  const good = ingress('networking.k8s.io/v1', '{service: {name: web, port: {number: 80}}}');
  const bad = ingress('networking.k8s.io/v1', '{service: {name: web, port: {number: "80"}}}');
  assert.equal(analyzeFile(good, settings()).workloads[0]!.input.ingresses.length, 1);
  assert.equal(buildContext(analyzeFile(good, settings()).workloads[0]!.input, settings()).input.ingresses.length, 1);
  const [workload] = analyzeFile(bad, settings()).workloads;
  assert.equal(workload!.input.ingresses.length, 1);
  const context = buildContext(workload!.input, settings());
  assert.deepEqual([context.input.ingresses.length, context.input.services.length, context.rejected.length], [0, 1, 1]);
});

test('a rejected Service in another file is reported on the workload, pointing at the value there', () => {
  const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: "80"}]\n';
  const facts = extractFacts(parseFile(service));
  const text = deployment({ service: false });
  const analysis = analyzeFile(text, settings(), undefined, { file: 'app.yaml', others: [{ file: 'svc.yaml', services: facts.services, ingresses: [] }] });
  const found = analysis.workloads[0]!.analysis.findings.filter((f) => f.rule === 'api-validation');
  assert.equal(found.length, 1);
  assert.equal(text.slice(found[0]!.span.start, found[0]!.span.end), 'Deployment');
  assert.equal(found[0]!.related[0]!.file, 'svc.yaml');
  assert.equal(service.slice(found[0]!.related[0]!.span.start, found[0]!.related[0]!.span.end), '"80"');
});

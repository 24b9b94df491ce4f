/** lb-deregistration-delay and the service-out estimate of AWS Load Balancer Controller ip targets (N5). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployment, rule, timelines } from './helpers';

const ingress = (annotations: string) =>
  [
    '---',
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata:',
    '  name: web',
    '  annotations:',
    ...annotations.split('\n').map((l) => `    ${l}`),
    'spec:',
    '  rules:',
    '    - http:',
    '        paths:',
    '          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}',
    '',
  ].join('\n');

const sleep10 = 'lifecycle: {preStop: {sleep: {seconds: 10}}}';

test('an ALB with ip targets raises the service-out estimate to albDeregistrationSeconds', () => {
  const text = deployment({ container: sleep10 }) + ingress('alb.ingress.kubernetes.io/target-type: ip');
  const [t] = timelines(text);
  assert.equal(t!.serviceOutSeconds, 30);
  assert.deepEqual(t!.serviceOutSources.map((s) => s.kind), ['setting', 'aws-load-balancer']);
  const found = rule('lb-deregistration-delay', text);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.severity, 'warning');
  assert.equal(found[0]!.at, 'preStop');
  assert.match(found[0]!.message, /Ingress\/web.*≈30 s.*ends at 10 s/);
  assert.deepEqual(found[0]!.fixes, ['insert-prestop-sleep', 'ignore-rule']);
  assert.deepEqual(rule('prestop-too-short', text), [], 'not reported twice');
});

test('instance targets (the default) keep the kube-proxy estimate', () => {
  const text = deployment({ container: sleep10 }) + ingress('alb.ingress.kubernetes.io/target-type: instance');
  assert.equal(timelines(text)[0]!.serviceOutSeconds, 5);
  assert.deepEqual(rule('lb-deregistration-delay', text), []);
});

test('an NLB of the controller with ip targets uses nlbDeregistrationSeconds; the legacy in-tree nlb does not', () => {
  const nlb = (annotations: string) =>
    deployment({ container: sleep10 }).replace('kind: Service\nmetadata:\n  name: web\n', `kind: Service\nmetadata:\n  name: web\n  annotations:\n${annotations}\n`);
  const external = nlb('    service.beta.kubernetes.io/aws-load-balancer-type: external\n    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip');
  assert.equal(timelines(external)[0]!.serviceOutSeconds, 120);
  assert.equal(timelines(external, { nlbDeregistrationSeconds: 60 })[0]!.serviceOutSeconds, 60);
  assert.equal(rule('lb-deregistration-delay', external).length, 1);
  const legacy = nlb('    service.beta.kubernetes.io/aws-load-balancer-type: nlb');
  assert.equal(timelines(legacy)[0]!.serviceOutSeconds, 5);
});

test('a preStop delay that covers the estimate is quiet', () => {
  const text = deployment({ container: 'lifecycle: {preStop: {sleep: {seconds: 30}}}', pod: 'terminationGracePeriodSeconds: 45' }) + ingress('alb.ingress.kubernetes.io/target-type: ip');
  assert.deepEqual(rule('lb-deregistration-delay', text), []);
});

test('no preStop behind an ALB: prestop-missing reports it, with the load balancer estimate', () => {
  const text = deployment() + ingress('alb.ingress.kubernetes.io/target-type: ip');
  assert.deepEqual(rule('lb-deregistration-delay', text), []);
  assert.match(rule('prestop-missing', text)[0]!.message, /≈30 s/);
});

test('a deregistration delay shorter than the shutdown estimate cuts in-flight requests (information)', () => {
  const text =
    deployment({ container: 'lifecycle: {preStop: {sleep: {seconds: 30}}}', pod: 'terminationGracePeriodSeconds: 45' }) +
    ingress('alb.ingress.kubernetes.io/target-type: ip\nalb.ingress.kubernetes.io/target-group-attributes: stickiness.enabled=false,deregistration_delay.timeout_seconds=5');
  const found = rule('lb-deregistration-delay', text);
  assert.deepEqual(found.map((f) => f.severity), ['information']);
  assert.match(found[0]!.message, /deregistration_delay.timeout_seconds=5.*10 s/);
  assert.match(found[0]!.at, /deregistration_delay/);
});

/** workloadInputsAcross: Services and Ingresses of other files, under the same-file rules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workloadInputs, workloadInputsAcross, type OtherFile } from '../../server/yaml/facts/match';
import { factsOf, yaml } from '../yaml/helpers';

const deployment = (name: string, labels: string, namespace?: string) =>
  yaml('apiVersion: apps/v1', 'kind: Deployment', `metadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}`, 'spec:', '  template:', `    metadata: {labels: ${labels}}`, '    spec: {containers: [{name: app}]}');
const service = (name: string, selector: string, namespace?: string) =>
  yaml('apiVersion: v1', 'kind: Service', `metadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}`, `spec: {selector: ${selector}}`);
const ingress = (name: string, backend: string, namespace?: string) =>
  yaml('apiVersion: networking.k8s.io/v1', 'kind: Ingress', `metadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}`, `spec: {defaultBackend: {service: {name: ${backend}}}}`);

function other(file: string, text: string): OtherFile {
  const facts = factsOf(text);
  return { file, services: facts.services, ingresses: facts.ingresses };
}

function summary(inputs: ReturnType<typeof workloadInputsAcross>) {
  return inputs.map((input) => ({
    workload: input.workload.name,
    services: input.services.map((s) => `${s.file ?? '(own)'}:${s.name}`),
    ingresses: input.ingresses.map((i) => `${i.file ?? '(own)'}:${i.name}`),
  }));
}

test('a Service in another file selects the pod template and comes back with that file', () => {
  const own = factsOf(deployment('web', '{app: web, tier: front}'));
  const inputs = workloadInputsAcross({ file: 'deploy.yaml', facts: own }, [
    other('service.yaml', `${service('web', '{app: web}')}---\n${service('other', '{app: other}')}`),
    other('wide.yaml', service('wide', '{app: web, tier: front, extra: x}')),
  ]);
  assert.deepEqual(summary(inputs), [{ workload: 'web', services: ['service.yaml:web'], ingresses: [] }]);
  assert.deepEqual(inputs[0]!.ignoreComments, own.ignoreComments);
});

test('Ingresses route to Services by name within the namespace, across files, and own objects come first', () => {
  const own = factsOf(`${deployment('web', '{app: web}')}---\n${service('local', '{app: web}')}---\n${ingress('own-ing', 'web')}`);
  const inputs = workloadInputsAcross({ file: 'deploy.yaml', facts: own }, [
    other('service.yaml', service('web', '{app: web}')),
    other('ingress.yaml', `${ingress('ing', 'web')}---\n${ingress('ing-local', 'local')}---\n${ingress('ing-other', 'other')}---\n${ingress('ing-prod', 'web', 'prod')}`),
  ]);
  assert.deepEqual(summary(inputs), [
    { workload: 'web', services: ['(own):local', 'service.yaml:web'], ingresses: ['(own):own-ing', 'ingress.yaml:ing', 'ingress.yaml:ing-local'] },
  ]);
});

test('namespaces: a Service of another namespace, or with a namespace where the workload has none, does not select', () => {
  const own = factsOf(`${deployment('a', '{app: a}')}---\n${deployment('b', '{app: a}', 'prod')}`);
  const inputs = workloadInputsAcross({ file: 'deploy.yaml', facts: own }, [
    other('default.yaml', service('in-default', '{app: a}', 'default')),
    other('prod.yaml', `${service('in-prod', '{app: a}', 'prod')}---\n${ingress('prod-ing', 'in-prod', 'prod')}---\n${ingress('default-ing', 'in-prod', 'default')}`),
    other('none.yaml', service('no-namespace', '{app: a}')),
  ]);
  assert.deepEqual(summary(inputs), [
    { workload: 'a', services: ['none.yaml:no-namespace'], ingresses: [] },
    { workload: 'b', services: ['prod.yaml:in-prod'], ingresses: ['prod.yaml:prod-ing'] },
  ]);
});

test('the own file among the others is skipped; the facts passed in are not changed', () => {
  const text = `${deployment('web', '{app: web}')}---\n${service('web', '{app: web}')}`;
  const own = factsOf(text);
  const elsewhere = other('service.yaml', service('web', '{app: web}'));
  const before = JSON.stringify(elsewhere);
  const inputs = workloadInputsAcross({ file: 'deploy.yaml', facts: own }, [other('deploy.yaml', text), elsewhere]);
  assert.deepEqual(summary(inputs)[0]!.services, ['(own):web', 'service.yaml:web']);
  assert.equal(JSON.stringify(elsewhere), before, 'the other file keeps no `file` stamp');
  assert.equal(own.services[0]!.file, undefined);
});

test('with no other files it is workloadInputs', () => {
  const facts = factsOf(`${deployment('web', '{app: web}')}---\n${service('web', '{app: web}')}---\n${ingress('ing', 'web')}`);
  assert.deepEqual(workloadInputsAcross({ file: 'x.yaml', facts }, []), workloadInputs(facts));
});

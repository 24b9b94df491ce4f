/** api-validation: §10 V1–V8, V10 with the API server's wording. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rule, yaml } from './helpers';

function pod(containers: string, init = ''): string {
  const indent = (s: string) => s.split('\n').map((l) => `    ${l}`).join('\n');
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${init ? `  initContainers:\n${indent(init)}\n` : ''}  containers:\n${indent(containers)}\n`;
}

const messages = (text: string) => rule('api-validation', text).map((f) => f.message);

test('V1: a hook with no handler', () => {
  const found = rule('api-validation', pod('- name: a\n  image: x\n  lifecycle:\n    preStop: {}'));
  assert.equal(found.length, 1);
  assert.equal(found[0]!.at, 'preStop');
  assert.match(found[0]!.message, /spec\.containers\[0\]\.lifecycle\.preStop: Required value: must specify a handler type/);
});

test('V2: two handlers', () => {
  assert.match(messages(pod('- name: a\n  image: x\n  lifecycle:\n    preStop: {exec: {command: [sleep, "1"]}, sleep: {seconds: 1}}'))[0]!, /may not specify more than 1 handler type/);
});

test('V3: exec without a command', () => {
  assert.match(messages(pod('- name: a\n  image: x\n  lifecycle:\n    postStart: {exec: {command: []}}'))[0]!, /postStart\.exec\.command: Required value/);
});

test('V4: httpGet port and scheme', () => {
  assert.match(messages(pod('- name: a\n  image: x\n  lifecycle:\n    preStop: {httpGet: {path: /x}}'))[0]!, /httpGet\.port: Required value/);
  assert.match(messages(pod('- name: a\n  image: x\n  lifecycle:\n    preStop: {httpGet: {path: /x, port: 70000}}'))[0]!, /Invalid value: 70000/);
  assert.match(messages(pod('- name: a\n  image: x\n  lifecycle:\n    preStop: {httpGet: {path: /x, port: Not_A_Name}}'))[0]!, /Invalid value/);
  assert.match(messages(pod('- name: a\n  image: x\n  lifecycle:\n    preStop: {httpGet: {path: /x, port: 80, scheme: FTP}}'))[0]!, /Unsupported value: "FTP"/);
  assert.deepEqual(messages(pod('- name: a\n  image: x\n  lifecycle:\n    preStop: {httpGet: {path: /x, port: http, scheme: HTTPS}}')), []);
});

test('V5: negative sleep seconds', () => {
  assert.match(messages(pod('- name: a\n  image: x\n  lifecycle:\n    preStop: {sleep: {seconds: -3}}'))[0]!, /sleep\.seconds: Invalid value: -3/);
});

test('V6 and V7: lifecycle and probes on a regular init container; restartPolicy other than Always', () => {
  const found = messages(pod('- name: a\n  image: x', '- name: init\n  image: x\n  lifecycle: {preStop: {sleep: {seconds: 1}}}\n  readinessProbe: {tcpSocket: {port: 80}}'));
  assert.equal(found.length, 2);
  assert.match(found[0]!, /initContainers\[0\]\.lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always/);
  assert.match(found[1]!, /initContainers\[0\]\.readinessProbe: Forbidden/);
  assert.match(messages(pod('- name: a\n  image: x', '- name: init\n  image: x\n  restartPolicy: OnFailure'))[0]!, /Unsupported value: "OnFailure"/);
  assert.deepEqual(messages(pod('- name: a\n  image: x', '- name: side\n  image: x\n  restartPolicy: Always\n  readinessProbe: {tcpSocket: {port: 80}}')), []);
});

test('V8: restartPolicy on a regular container, until ContainerRestartRules is on (1.35)', () => {
  const text = pod('- name: a\n  image: x\n  restartPolicy: Always');
  assert.match(messages(text)[0]!, /containers\[0\]\.restartPolicy: Forbidden: may not be set for non-init containers/);
  assert.equal(rule('api-validation', text, { kubernetesVersion: '1.34' }).length, 1);
  assert.deepEqual(rule('api-validation', text, { kubernetesVersion: '1.35' }), []);
});

test('V10: probe-level grace period', () => {
  const found = messages(pod('- name: a\n  image: x\n  readinessProbe: {tcpSocket: {port: 80}, terminationGracePeriodSeconds: 5}\n  livenessProbe: {tcpSocket: {port: 80}, terminationGracePeriodSeconds: 0}'));
  assert.equal(found.length, 2);
  assert.match(found[0]!, /must not be set for readinessProbes/);
  assert.match(found[1]!, /livenessProbe\.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0/);
});

test('the path in the message follows the kind (CronJob)', () => {
  const text = yaml(`
    apiVersion: batch/v1
    kind: CronJob
    metadata: {name: c}
    spec:
      schedule: "* * * * *"
      jobTemplate:
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: a
                  image: x
                  lifecycle: {preStop: {}}
  `);
  assert.match(messages(text)[0]!, /^The API server rejects this: spec\.jobTemplate\.spec\.template\.spec\.containers\[0\]\.lifecycle\.preStop/);
});

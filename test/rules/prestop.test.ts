/** prestop-missing, prestop-too-short, prestop-exceeds-grace, prestop-tcpsocket (N3, H1–H4, G6, S3). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployment, rule, yaml } from './helpers';

test('prestop-missing: warning for a container behind a Service (N3), on its name', () => {
  const found = rule('prestop-missing', deployment());
  assert.equal(found.length, 1);
  assert.equal(found[0]!.severity, 'warning');
  assert.equal(found[0]!.at, 'web');
  assert.deepEqual(found[0]!.fixes, ['insert-prestop-sleep', 'ignore-rule']);
  assert.match(found[0]!.message, /SIGTERM at 0 s.*Service\/web.*≈5 s/);
});

test('prestop-missing: information when the container only declares ports', () => {
  const found = rule('prestop-missing', deployment({ service: false }));
  assert.deepEqual(found.map((f) => f.severity), ['information']);
});

test('prestop-missing: nothing with a preStop, for Jobs, or without ports or Service', () => {
  assert.deepEqual(rule('prestop-missing', deployment({ container: 'lifecycle: {preStop: {sleep: {seconds: 5}}}' })), []);
  const job = yaml(`
    apiVersion: batch/v1
    kind: Job
    metadata: {name: once}
    spec:
      template:
        spec:
          restartPolicy: Never
          containers: [{name: task, image: busybox, ports: [{containerPort: 80}]}]
  `);
  assert.deepEqual(rule('prestop-missing', job), []);
  const worker = yaml(`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: worker}
    spec:
      template:
        spec:
          containers: [{name: worker, image: example/worker}]
  `);
  assert.deepEqual(rule('prestop-missing', worker), []);
});

test('prestop-missing: the endpoint estimate setting changes the message and the fix', () => {
  const found = rule('prestop-missing', deployment(), { endpointPropagationSeconds: 15 });
  assert.match(found[0]!.message, /≈15 s/);
});

test('prestop-too-short: an exact 3 s delay below the 5 s estimate', () => {
  const found = rule('prestop-too-short', deployment({ container: 'lifecycle:\n  preStop:\n    sleep: {seconds: 3}' }));
  assert.equal(found.length, 1);
  assert.equal(found[0]!.at, 'preStop');
  assert.match(found[0]!.message, /ends at 3 s.*≈5 s/);
  assert.deepEqual(found[0]!.fixes, ['insert-prestop-sleep', 'ignore-rule']);
});

test('prestop-too-short: not for a long enough delay, nor for an unknown one (H6)', () => {
  assert.deepEqual(rule('prestop-too-short', deployment({ container: 'lifecycle: {preStop: {sleep: {seconds: 5}}}' })), []);
  assert.deepEqual(rule('prestop-too-short', deployment({ container: 'lifecycle: {preStop: {exec: {command: ["sh", "-c", "sleep 2; nginx -s quit"]}}}' })), []);
  assert.deepEqual(rule('prestop-too-short', deployment({ container: 'lifecycle: {preStop: {httpGet: {path: /drain, port: 8080}}}' })), []);
});

test('prestop-exceeds-grace: a sleep action above TGPS is an error (S3, V5)', () => {
  const text = deployment({ pod: 'terminationGracePeriodSeconds: 30', container: 'lifecycle:\n  preStop:\n    sleep: {seconds: 40}' });
  const found = rule('prestop-exceeds-grace', text);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.severity, 'error');
  assert.equal(found[0]!.at, '40');
  assert.match(found[0]!.message, /rejects/);
  assert.deepEqual(found[0]!.fixes, ['raise-grace-period', 'ignore-rule']);
});

test('prestop-exceeds-grace: exec sleep 40 with TGPS 30 is a warning (b): SIGTERM at 30, 2 s left', () => {
  const text = deployment({ pod: 'terminationGracePeriodSeconds: 30', container: 'lifecycle:\n  preStop:\n    exec: {command: [sleep, "40"]}' });
  const found = rule('prestop-exceeds-grace', text);
  assert.equal(found[0]!.severity, 'warning');
  assert.match(found[0]!.message, /stops waiting at 30 s.*2 s left.*SIGKILL at 32 s/);
});

test('prestop-exceeds-grace: sleep 30 with TGPS 30 is valid but leaves the 2 s floor', () => {
  const found = rule('prestop-exceeds-grace', deployment({ pod: 'terminationGracePeriodSeconds: 30', container: 'lifecycle: {preStop: {sleep: {seconds: 30}}}' }));
  assert.deepEqual(found.map((f) => f.severity), ['warning']);
});

test('prestop-exceeds-grace: (f) the Apache hook fits in 40 but not in 30', () => {
  const hook = 'lifecycle:\n  preStop:\n    exec:\n      command: ["sh", "-c", "sleep 3; apachectl -k graceful-stop; sleep 30"]';
  assert.deepEqual(rule('prestop-exceeds-grace', deployment({ pod: 'terminationGracePeriodSeconds: 40', container: hook })), []);
  const cut = rule('prestop-exceeds-grace', deployment({ pod: 'terminationGracePeriodSeconds: 30', container: hook }));
  assert.equal(cut.length, 1);
  assert.match(cut[0]!.message, /≥ 33 s/);
});

test('prestop-tcpsocket: a tcpSocket hook is reported on the handler, with a replacement fix', () => {
  const found = rule('prestop-tcpsocket', deployment({ container: 'lifecycle:\n  preStop:\n    tcpSocket: {port: 8080}' }));
  assert.equal(found.length, 1);
  assert.equal(found[0]!.at, 'tcpSocket');
  assert.deepEqual(found[0]!.fixes, ['replace-tcpsocket-hook', 'ignore-rule']);
});

test('prestop-too-short: information when the container only declares ports', () => {
  const found = rule('prestop-too-short', deployment({ service: false, container: 'lifecycle: {preStop: {sleep: {seconds: 3}}}' }));
  assert.deepEqual(found.map((f) => f.severity), ['information']);
});

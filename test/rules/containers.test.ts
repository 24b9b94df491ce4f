/** legacy-sidecar (K1), shell-pid1 (§15), exec-hook-unavailable (H3), readiness-probe-missing (W3), publish-not-ready-addresses (N1). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployment, rule, yaml } from './helpers';

test('legacy-sidecar: an Istio proxy next to the app gets SIGTERM at 0 while the app serves (d)', () => {
  const text = deployment({
    container: 'lifecycle: {preStop: {sleep: {seconds: 10}}}',
    extraContainers: '- name: istio-proxy\n  image: docker.io/istio/proxyv2:1.22.0',
  });
  const found = rule('legacy-sidecar', text);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.at, 'istio-proxy');
  assert.match(found[0]!.message, /SIGTERM at 0 s, in parallel with web, which runs until ≈20 s/);
});

test('legacy-sidecar: a lone proxy image is the main container, not a sidecar', () => {
  const text = yaml(`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: envoy}
    spec:
      template:
        spec:
          containers: [{name: envoy, image: envoyproxy/envoy:v1.30.0}]
  `);
  assert.deepEqual(rule('legacy-sidecar', text), []);
});

test('legacy-sidecar: in a Job the sidecar also keeps the pod from completing', () => {
  const text = yaml(`
    apiVersion: batch/v1
    kind: Job
    metadata: {name: migrate}
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: migrate
              image: example/migrate
            - name: cloud-sql-proxy
              image: gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0
  `);
  const found = rule('legacy-sidecar', text);
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /does not complete/);
});

test('legacy-sidecar: a native sidecar is not reported', () => {
  const text = yaml(`
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      initContainers: [{name: istio-proxy, image: docker.io/istio/proxyv2:1.22.0, restartPolicy: Always}]
      containers: [{name: app, image: example/app}]
  `);
  assert.deepEqual(rule('legacy-sidecar', text), []);
});

test('shell-pid1: a script with a trap keeps every shell as PID 1 (warning) with an exec fix', () => {
  const text = deployment({ container: `command: ["/bin/sh", "-c", "trap 'echo bye' INT; node server.js"]` });
  const found = rule('shell-pid1', text);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.severity, 'warning');
  assert.deepEqual(found[0]!.fixes, ['exec-final-command', 'ignore-rule']);
});

test('shell-pid1: a pipeline stays PID 1 and has no safe fix', () => {
  const found = rule('shell-pid1', deployment({ container: 'command: ["sh", "-c", "node server.js | tee /log/out"]' }));
  assert.deepEqual(found.map((f) => [f.severity, f.fixes]), [['warning', ['ignore-rule']]]);
});

test('shell-pid1: a list whose last command only some shells exec is information (§15, docs/research.md)', () => {
  const found = rule('shell-pid1', deployment({ container: 'command: ["sh", "-c"]\nargs:\n  - |\n    cd /app\n    node server.js' }));
  assert.deepEqual(found.map((f) => f.severity), ['information']);
  assert.match(found[0]!.message, /dash/);
});

test('shell-pid1: a lone command is information; exec and no shell are fine', () => {
  assert.deepEqual(rule('shell-pid1', deployment({ container: 'command: ["sh", "-c", "node server.js"]' })).map((f) => f.severity), ['information']);
  assert.deepEqual(rule('shell-pid1', deployment({ container: 'command: ["sh", "-c", "echo hi; exec node server.js"]' })), []);
  assert.deepEqual(rule('shell-pid1', deployment({ container: 'command: ["node", "server.js"]' })), []);
});

test('shell-pid1: not when the pod shares its process namespace (the pause container is PID 1)', () => {
  assert.deepEqual(rule('shell-pid1', deployment({ pod: 'shareProcessNamespace: true', container: 'command: ["sh", "-c", "a; b"]' })), []);
});

test('exec-hook-unavailable: exec sleep in distroless fails (H3); offers the sleep action', () => {
  const text = deployment().replace('example/web:1.0', 'gcr.io/distroless/static-debian12:nonroot').replace(
    'readinessProbe: {httpGet: {path: /ready, port: 8080}}',
    'readinessProbe: {httpGet: {path: /ready, port: 8080}}\n          lifecycle: {preStop: {exec: {command: ["sleep", "5"]}}}',
  );
  const found = rule('exec-hook-unavailable', text);
  assert.equal(found.length, 1);
  assert.deepEqual(found[0]!.fixes, ['exec-to-sleep-action', 'ignore-rule']);
  assert.deepEqual(rule('exec-hook-unavailable', text.replace(':nonroot', ':debug')), []);
});

test('readiness-probe-missing: warning behind a Service, information with ports only, nothing for Recreate', () => {
  const noProbe = (d: string) => d.replace('          readinessProbe: {httpGet: {path: /ready, port: 8080}}\n', '');
  const found = rule('readiness-probe-missing', noProbe(deployment()));
  assert.deepEqual(found.map((f) => [f.severity, f.at]), [['warning', 'web']]);
  assert.deepEqual(found[0]!.fixes, ['insert-readiness-probe', 'ignore-rule']);
  assert.deepEqual(rule('readiness-probe-missing', noProbe(deployment({ service: false }))).map((f) => f.severity), ['information']);
  const recreate = noProbe(deployment()).replace('spec:\n  selector:', 'spec:\n  strategy: {type: Recreate}\n  selector:');
  assert.deepEqual(rule('readiness-probe-missing', recreate), []);
});

test('publish-not-ready-addresses: information on the Service field', () => {
  const text = deployment().replace('  selector: {app: web}\n  ports', '  publishNotReadyAddresses: true\n  selector: {app: web}\n  ports');
  const found = rule('publish-not-ready-addresses', text);
  assert.deepEqual(found.map((f) => [f.severity, f.at]), [['information', 'true']]);
  assert.deepEqual(rule('publish-not-ready-addresses', deployment()), []);
});

test('exec-hook-unavailable: a postStart exec in a shell-less image restarts the container', () => {
  const text = deployment({ container: 'lifecycle: {postStart: {exec: {command: ["sh", "-c", "echo up"]}}}' }).replace('example/web:1.0', 'gcr.io/distroless/base-debian12');
  const found = rule('exec-hook-unavailable', text);
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /kills the container after a failed postStart/);
  assert.deepEqual(found[0]!.fixes, ['ignore-rule']);
});

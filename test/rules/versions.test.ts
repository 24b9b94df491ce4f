/** Version boundaries 1.27/1.28/1.29/1.30/1.33/1.37: S1–S3, SC1, SIG2. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployment, rule, timelines, yaml } from './helpers';

const sleepHook = 'lifecycle: {preStop: {sleep: {seconds: 5}}}';

test('sleep-action-unavailable: error below 1.29, warning at 1.29, nothing from 1.30 (S1, S2)', () => {
  const text = deployment({ container: sleepHook });
  assert.deepEqual(rule('sleep-action-unavailable', text, { kubernetesVersion: '1.28' }).map((f) => f.severity), ['error']);
  const at129 = rule('sleep-action-unavailable', text, { kubernetesVersion: '1.29' });
  assert.deepEqual(at129.map((f) => f.severity), ['warning']);
  assert.match(at129[0]!.message, /drops the field/);
  assert.deepEqual(at129[0]!.fixes, ['sleep-action-to-exec', 'ignore-rule']);
  assert.deepEqual(rule('sleep-action-unavailable', text, { kubernetesVersion: '1.30' }), []);
  assert.deepEqual(rule('sleep-action-unavailable', text, { kubernetesVersion: '1.33' }), []);
});

test('at 1.29 the gated-off sleep gives no delay, so the container is also unprotected in the timeline', () => {
  const [t] = timelines(deployment({ container: sleepHook }), { kubernetesVersion: '1.29' });
  assert.equal(t!.containers[0]!.sigtermAt, 0);
  assert.equal(timelines(deployment({ container: sleepHook }), { kubernetesVersion: '1.30' })[0]!.containers[0]!.sigtermAt, 5);
});

test('sleep: 0 is rejected before 1.33 and allowed from 1.33 (S3, AllowZero)', () => {
  const text = deployment({ container: 'lifecycle: {preStop: {sleep: {seconds: 0}}}' });
  const at132 = rule('api-validation', text, { kubernetesVersion: '1.32' });
  assert.equal(at132.length, 1);
  assert.match(at132[0]!.message, /must be greater than 0/);
  assert.deepEqual(rule('api-validation', text, { kubernetesVersion: '1.33' }), []);
});

const nativeSidecar = yaml(`
  apiVersion: v1
  kind: Pod
  metadata: {name: p}
  spec:
    initContainers:
      - name: proxy
        image: example/proxy
        restartPolicy: Always
    containers:
      - name: app
        image: example/app
`);

test('native-sidecar-unavailable: error at 1.27, warning at 1.28, nothing at 1.29 (SC1)', () => {
  assert.deepEqual(rule('native-sidecar-unavailable', nativeSidecar, { kubernetesVersion: '1.27' }).map((f) => [f.severity, f.at]), [['error', 'Always']]);
  assert.deepEqual(rule('native-sidecar-unavailable', nativeSidecar, { kubernetesVersion: '1.28' }).map((f) => f.severity), ['warning']);
  assert.deepEqual(rule('native-sidecar-unavailable', nativeSidecar, { kubernetesVersion: '1.29' }), []);
});

test('legacy-sidecar offers convert-native-sidecar only from 1.29', () => {
  const text = deployment({ extraContainers: '- name: istio-proxy\n  image: docker.io/istio/proxyv2:1.22.0' });
  assert.deepEqual(rule('legacy-sidecar', text, { kubernetesVersion: '1.28' })[0]!.fixes, ['ignore-rule']);
  assert.deepEqual(rule('legacy-sidecar', text, { kubernetesVersion: '1.29' })[0]!.fixes, ['convert-native-sidecar', 'ignore-rule']);
});

test('insert-prestop-sleep is the sleep action from 1.30 and exec sleep below (S1)', async () => {
  const { analyzeFile } = await import('../../server/engine/analyze');
  const { settings } = await import('./helpers');
  const fixOf = (version: string) =>
    analyzeFile(deployment(), settings({ kubernetesVersion: version })).workloads[0]!.analysis.findings.find((f) => f.rule === 'prestop-missing')!.fixes[0]!;
  assert.deepEqual(fixOf('1.30').changes[0], { ...fixOf('1.30').changes[0], value: { sleep: { seconds: 5 } } });
  assert.deepEqual((fixOf('1.29').changes[0] as { value: unknown }).value, { exec: { command: ['sleep', '5'] } });
});

function signalPod(signal: string, os?: string): string {
  return yaml(`
    apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      ${os ? `os: {name: ${os}}` : 'hostname: p'}
      containers:
        - name: app
          image: example/app
          lifecycle:
            stopSignal: ${signal}
  `);
}

test('stop-signal-invalid: below 1.33 the field does not exist (SIG2)', () => {
  const found = rule('stop-signal-invalid', signalPod('SIGQUIT', 'linux'), { kubernetesVersion: '1.32' });
  assert.deepEqual(found.map((f) => [f.severity, f.at]), [['error', 'SIGQUIT']]);
});

// SIG2: KEP-4960 kep.yaml (kubernetes/enhancements keps/sig-node/4960-container-stop-signals) names beta
// "v1.38" as a milestone, and kubernetes/kubernetes pkg/features has only the 1.33 alpha entry (off).
test('stop-signal-invalid: 1.33–1.37 alpha gate is a warning unless the gate is set; 1.38 (planned beta) is fine', () => {
  for (const v of ['1.33', '1.37']) assert.deepEqual(rule('stop-signal-invalid', signalPod('SIGQUIT', 'linux'), { kubernetesVersion: v }).map((f) => f.severity), ['warning'], v);
  assert.match(rule('stop-signal-invalid', signalPod('SIGQUIT', 'linux'), { kubernetesVersion: '1.37' })[0]!.message, /featureGates: ContainerStopSignals=true/);
  assert.deepEqual(rule('stop-signal-invalid', signalPod('SIGQUIT', 'linux'), { kubernetesVersion: '1.38' }), []);
  // The user turned the planned default off: dropped again, and the message names their setting.
  const off = rule('stop-signal-invalid', signalPod('SIGQUIT', 'linux'), { kubernetesVersion: '1.38', featureGates: { ContainerStopSignals: false } });
  assert.match(off[0]!.message, /ContainerStopSignals feature gate is off \(as set in featureGates\)/);
  assert.deepEqual(rule('stop-signal-invalid', signalPod('SIGQUIT', 'linux'), { kubernetesVersion: '1.37', featureGates: { ContainerStopSignals: true } }), []);
});

test('stop-signal-invalid: needs spec.os.name, and Windows allows only SIGTERM and SIGKILL (V9)', () => {
  assert.match(rule('stop-signal-invalid', signalPod('SIGQUIT'), { kubernetesVersion: '1.37', featureGates: { ContainerStopSignals: true } })[0]!.message, /empty spec.os.name/);
  assert.equal(rule('stop-signal-invalid', signalPod('SIGQUIT', 'windows'), { kubernetesVersion: '1.37', featureGates: { ContainerStopSignals: true } }).length, 1);
  assert.deepEqual(rule('stop-signal-invalid', signalPod('SIGTERM', 'windows'), { kubernetesVersion: '1.37', featureGates: { ContainerStopSignals: true } }), []);
  assert.equal(rule('stop-signal-invalid', signalPod('SIGFOO', 'linux'), { kubernetesVersion: '1.37', featureGates: { ContainerStopSignals: true } }).length, 1);
  assert.deepEqual(rule('stop-signal-invalid', signalPod('SIGRTMIN+3', 'linux'), { kubernetesVersion: '1.37', featureGates: { ContainerStopSignals: true } }), []);
});

test('the stop signal shows in the timeline (SIG1)', () => {
  const [t] = timelines(signalPod('SIGQUIT', 'linux'), { kubernetesVersion: '1.37', featureGates: { ContainerStopSignals: true } });
  assert.equal(t!.containers[0]!.stopSignal, 'SIGQUIT');
});

test('stop-signal-invalid: with the gate off (1.33–1.36) the field is dropped, so a missing os is not an error', () => {
  assert.deepEqual(rule('stop-signal-invalid', signalPod('SIGQUIT'), { kubernetesVersion: '1.34' }).map((f) => f.severity), ['warning']);
});

test('the sleep-above-grace error quotes the server text of the target version (S3)', () => {
  const text = deployment({ pod: 'terminationGracePeriodSeconds: 30', container: 'lifecycle: {preStop: {sleep: {seconds: 40}}}' });
  assert.match(rule('prestop-exceeds-grace', text, { kubernetesVersion: '1.32' })[0]!.message, /must be greater than 0 and less than terminationGracePeriodSeconds \(30\)/);
  assert.match(rule('prestop-exceeds-grace', text, { kubernetesVersion: '1.33' })[0]!.message, /must be non-negative and less than terminationGracePeriodSeconds \(30\)/);
});

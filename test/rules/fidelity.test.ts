/**
 * Model fidelity, round 2 (issue 10): sleep forms, `$(VAR)` in hooks, zero-second sleeps, decode
 * errors and the stop signal actually sent. Each vector names the upstream behaviour it comes from.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployment, rule, timelines } from './helpers';

const hook = (command: string) => `lifecycle:\n  preStop:\n    exec: {command: ${command}}`;

test('sleep inf never ends: H4, the kubelet stops waiting at G, SIGKILL after the 2 s floor; no grace fix', () => {
  const text = deployment({ container: hook('["sh", "-c", "sleep inf"]') });
  const [t] = timelines(text);
  const web = t!.containers[0]!;
  assert.deepEqual([web.preStopEnd, web.sigtermAt, web.sigkillAt], [30, 30, 32]);
  const found = rule('prestop-exceeds-grace', text);
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /never ends/);
  assert.deepEqual(found[0]!.fixes, ['ignore-rule']);
});

test('GNU `sleep 20 20` is 40 s: beyond a 30 s grace period (coreutils sums its operands)', () => {
  const found = rule('prestop-exceeds-grace', deployment({ container: hook('["sleep", "20", "20"]') }));
  assert.match(found[0]!.message, /runs 40 s/);
});

test('the sleep family the finding assumed is named when the image tells it', () => {
  const text = deployment({ container: hook('["sleep", "1m"]') }).replace('example/web:1.0', 'alpine:3.20');
  const found = rule('prestop-exceeds-grace', text);
  assert.match(found[0]!.message, /BusyBox sleep, as the image ships/);
  // `sleep 5 inf` is forever for GNU and an error for BusyBox: with no image hint, GNU is assumed aloud.
  const assumed = rule('prestop-exceeds-grace', deployment({ container: hook('["sleep", "5", "inf"]') }));
  assert.match(assumed[0]!.message, /assuming GNU coreutils sleep/);
});

test('$(DELAY) in a hook fails at once (kubernetes/kubernetes#129502): reported, and grace-exhausted is not silenced', () => {
  const text = deployment({ container: hook('["sleep", "$(DELAY)"]'), annotations: 'kubegrace/shutdown-seconds: "40"' });
  const found = rule('exec-hook-unavailable', text);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.at, '["sleep", "$(DELAY)"]');
  assert.match(found[0]!.message, /does not expand \$\(DELAY\).*delays nothing/);
  assert.equal(timelines(text)[0]!.containers[0]!.sigtermAt, 0);
  assert.equal(rule('grace-exhausted', text).length, 1);
});

test('a zero-second sleep outlives nothing: no prestop-exceeds-grace, even with grace 0', () => {
  for (const grace of [0, 1, 30]) {
    const text = deployment({ container: 'lifecycle: {preStop: {sleep: {seconds: 0}}}', pod: `terminationGracePeriodSeconds: ${grace}` });
    assert.deepEqual(rule('prestop-exceeds-grace', text, { kubernetesVersion: '1.34' }), [], `grace ${grace}`);
  }
});

test('sleep: 0 before AllowZero quotes validateSleepAction in full, with the grace period (S3)', () => {
  const text = deployment({ container: 'lifecycle: {preStop: {sleep: {seconds: 0}}}', pod: 'terminationGracePeriodSeconds: 45' });
  const found = rule('api-validation', text, { kubernetesVersion: '1.31' });
  assert.equal(found.length, 1);
  assert.equal(found[0]!.at, '0');
  assert.equal(
    found[0]!.message,
    'The API server rejects this: spec.template.spec.containers[0].lifecycle.preStop.sleep.seconds: Invalid value: 0: must be greater than 0 and less than terminationGracePeriodSeconds (45).',
  );
});

// Go encoding/json UnmarshalTypeError, as the API server returns it (seen verbatim in
// `kubectl create` output: `Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal
// number into Go struct field Container.spec.containers.command of type string`).
test('decode errors: a string grace period and a number in command, with the decoder message and span', () => {
  const text = deployment({ pod: 'terminationGracePeriodSeconds: "5"', container: 'command: [sleep, 40]' });
  const found = rule('api-validation', text);
  assert.deepEqual(
    found.map((f) => [f.at, f.message]),
    [
      ['"5"', 'The API server rejects this: Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.terminationGracePeriodSeconds of type int64.'],
      ['40', 'The API server rejects this: Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.command of type string.'],
    ],
  );
});

test('decode errors: the other fields the model reads', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['lifecycle: {preStop: {sleep: {seconds: "5"}}}', '"5"', /string into Go struct field SleepAction\.spec\.template\.spec\.containers\.lifecycle\.preStop\.sleep\.seconds of type int64/],
    ['lifecycle: {preStop: {sleep: {seconds: 2.5}}}', '2.5', /number 2\.5 into Go struct field SleepAction\..*sleep\.seconds of type int64/],
    ['lifecycle: {preStop: {exec: {command: [sleep, 5]}}}', '5', /number into Go struct field ExecAction\..*preStop\.exec\.command of type string/],
    ['lifecycle: {preStop: {exec: {command: "sleep 5"}}}', '"sleep 5"', /string into Go struct field ExecAction\..*exec\.command of type \[\]string/],
    ['lifecycle: {stopSignal: 15}', '15', /number into Go struct field Lifecycle\..*lifecycle\.stopSignal of type v1\.Signal/],
    ['livenessProbe: {terminationGracePeriodSeconds: "10"}', '"10"', /string into Go struct field Probe\..*livenessProbe\.terminationGracePeriodSeconds of type int64/],
    ['args: [--port, yes]', 'yes', /bool into Go struct field Container\..*containers\.args of type string/],
  ];
  for (const [container, at, message] of cases) {
    const found = rule('api-validation', deployment({ container }));
    assert.equal(found.length, 1, container);
    assert.equal(found[0]!.at, at, container);
    assert.match(found[0]!.message, message, container);
  }
  const pod = rule('api-validation', deployment({ pod: 'os: {name: 1}\nshareProcessNamespace: "true"' }));
  assert.deepEqual(pod.map((f) => f.at), ['1', '"true"']);
  assert.match(pod[1]!.message, /string into Go struct field PodSpec\.spec\.template\.spec\.shareProcessNamespace of type bool/);
});

test('a dropped stopSignal (SIG2 gate off in 1.33–1.36) is not the signal sent: the timeline says SIGTERM', () => {
  const text = deployment({ container: 'lifecycle: {stopSignal: SIGUSR1, preStop: {sleep: {seconds: 5}}}', pod: 'os: {name: linux}' });
  const dropped = timelines(text, { kubernetesVersion: '1.34' })[0]!.containers[0]!;
  assert.deepEqual([dropped.stopSignal, dropped.stopSignalSource, dropped.droppedStopSignal], ['SIGTERM', 'default', 'SIGUSR1']);
  const honoured = timelines(text, { kubernetesVersion: '1.37', featureGates: { ContainerStopSignals: true } })[0]!.containers[0]!;
  assert.deepEqual([honoured.stopSignal, honoured.stopSignalSource, honoured.droppedStopSignal], ['SIGUSR1', 'stopSignal', undefined]);
});

test('messages name the signal actually sent: a dropped stopSignal and a recognised image STOPSIGNAL', () => {
  const text = deployment({ container: 'lifecycle: {stopSignal: SIGTERM}', pod: 'os: {name: linux}' }).replace('example/web:1.0', 'nginx:1.27');
  const [dropped] = rule('stop-signal-invalid', text, { kubernetesVersion: '1.34' });
  assert.match(dropped!.message, /the field is dropped and web gets SIGQUIT \(the image's STOPSIGNAL\)\./);
  assert.match(rule('prestop-missing', text, { kubernetesVersion: '1.34' })[0]!.message, /^web gets SIGQUIT at 0 s/);
});

// Seen verbatim: `ReplicationController in version "v1" cannot be handled as a ReplicationController:
// json: cannot unmarshal number into Go struct field ObjectMeta.spec.template.metadata.labels of type string`.
test('decode errors: label and annotation values must be strings, at the object and in the pod template', () => {
  const text = deployment({ annotations: 'kubegrace/shutdown-seconds: 45' }).replace('labels: {app: web}', 'labels: {app: web, version: 2}');
  const found = rule('api-validation', text);
  assert.deepEqual(found.map((f) => f.at), ['45', '2']);
  assert.match(found[0]!.message, /cannot unmarshal number into Go struct field ObjectMeta\.metadata\.annotations of type string\.$/);
  assert.match(found[1]!.message, /cannot unmarshal number into Go struct field ObjectMeta\.spec\.template\.metadata\.labels of type string\.$/);
});

test('a sleep operand that sleep rejects fails at once (GNU and BusyBox check operands first)', () => {
  const text = deployment({ container: hook('["sh", "-c", "sleep 5x"]') });
  const found = rule('exec-hook-unavailable', text);
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /sleep rejects its operand: it exits with an error at once/);
  assert.equal(timelines(text)[0]!.containers[0]!.sigtermAt, 0);
});

test('decode errors: the object name and the rollout strategy type the model reads', () => {
  const text = deployment().replace('metadata:\n  name: web\n', 'metadata:\n  name: 2048\n').replace('spec:\n  selector:', 'spec:\n  strategy: {type: true}\n  selector:');
  const found = rule('api-validation', text);
  assert.deepEqual(found.map((f) => f.at), ['2048', 'true']);
  assert.match(found[0]!.message, /number into Go struct field ObjectMeta\.metadata\.name of type string/);
  assert.match(found[1]!.message, /bool into Go struct field DeploymentStrategy\.spec\.strategy\.type of type v1\.DeploymentStrategyType/);
});

test('decode errors: an infinite grace period has no JSON form', () => {
  const found = rule('api-validation', deployment({ pod: 'terminationGracePeriodSeconds: .inf' }));
  assert.deepEqual(found.map((f) => [f.at, f.message]), [['.inf', 'The API server rejects this: an infinite number has no JSON form, so the manifest cannot be sent; terminationGracePeriodSeconds must be a whole number (int64).']]);
});

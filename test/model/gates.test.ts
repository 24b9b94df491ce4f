// Feature gates: "the gate the user set, else the version's default" (rule book §11, SIG2, SC1, S1, S3).
// Stages: kubernetes/enhancements keps/sig-node/4960-container-stop-signals/kep.yaml (alpha "v1.33",
// beta "v1.38" as a milestone) and kubernetes/kubernetes pkg/features (ContainerStopSignals has only
// the 1.33 alpha entry, default false); the others as in the rule book's §11 table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gateNotes, gateState } from '../../shared/model/gates';
import { features } from '../../shared/model/features';
import { normalizeSettings, parseFeatureGates } from '../../shared/settings';

test('SIG2: ContainerStopSignals is off by default through 1.37 and planned on in 1.38', () => {
  assert.equal(features('1.32').stopSignal, 'absent');
  for (const v of ['1.33', '1.34', '1.35', '1.36', '1.37']) assert.equal(features(v).stopSignal, 'gate-off', v);
  const next = features('1.38');
  assert.equal(next.stopSignal, 'on');
  assert.equal(next.planned, true);
  assert.deepEqual(next.plannedGates, ['ContainerStopSignals']);
  assert.equal(features('1.37').planned, false);
});

test('an explicit gate wins over the default, and says so', () => {
  const on = features('1.34', { ContainerStopSignals: true });
  assert.equal(on.stopSignal, 'on');
  assert.deepEqual(on.userGates, ['ContainerStopSignals']);
  // 1.38's planned beta turned off by the user: off, and resting on the user's gate, not the plan.
  const off = features('1.38', { ContainerStopSignals: false });
  assert.equal(off.stopSignal, 'gate-off');
  assert.deepEqual(off.plannedGates, []);
  // SC1/S1 alpha versions: 1.28 sidecars and 1.29 sleep only with the gate on.
  assert.equal(features('1.28', { SidecarContainers: true }).nativeSidecars, 'on');
  assert.equal(features('1.28', { SidecarContainers: true }).orderedSidecarStop, false, 'SC1: ordered stop only from 1.29');
  assert.equal(features('1.29', { PodLifecycleSleepAction: true }).sleepAction, 'on');
  assert.equal(features('1.31', { PodLifecycleSleepAction: false }).sleepAction, 'gate-off');
  assert.equal(features('1.32', { PodLifecycleSleepActionAllowZero: true }).sleepZero, true);
  assert.equal(features('1.34', { ContainerRestartRules: true }).containerRestartRules, true);
});

test('a GA gate is locked on and a gate the version lacks stays absent, whatever the user sets', () => {
  // Kubernetes refuses to set a locked (GA) gate to false; the model keeps it on and says it ignored it.
  assert.deepEqual(gateState('SidecarContainers', 33, { SidecarContainers: false }), { state: 'on', source: 'locked', planned: false });
  assert.deepEqual(gateState('ContainerStopSignals', 32, { ContainerStopSignals: true }), { state: 'absent', source: 'locked', planned: false });
  assert.deepEqual(
    gateNotes(33, { SidecarContainers: false, ContainerStopSignals: true, InPlacePodVerticalScaling: true }).map((n) => n.effect),
    ['locked-on', 'applied', 'not-read'],
  );
});

test('featureGates accepts the Kubernetes flag form, a mapping and a list, later values winning', () => {
  assert.deepEqual(parseFeatureGates('ContainerStopSignals=true,SidecarContainers=false'), { gates: { ContainerStopSignals: true, SidecarContainers: false }, problems: [] });
  assert.deepEqual(parseFeatureGates({ ContainerStopSignals: 'true' }).gates, { ContainerStopSignals: true });
  assert.deepEqual(parseFeatureGates([{ ContainerStopSignals: true }, 'ContainerStopSignals=false']).gates, { ContainerStopSignals: false });
  assert.equal(parseFeatureGates('ContainerStopSignals').problems.length, 1);
  assert.equal(parseFeatureGates('ContainerStopSignals=yes').problems.length, 1);
  assert.equal(parseFeatureGates('container-stop-signals=true').problems.length, 1);
  assert.equal(parseFeatureGates(7).problems.length, 1);
  const { settings, problems } = normalizeSettings({ kubernetesVersion: '1.38', featureGates: { ContainerStopSignals: false } });
  assert.deepEqual(problems, []);
  assert.equal(settings.kubernetesVersion, '1.38');
  assert.deepEqual(settings.featureGates, { ContainerStopSignals: false });
  assert.equal(normalizeSettings({ kubernetesVersion: '1.39' }).problems.length, 1);
});

test('findings that rest on a gate the user turned off say it is their setting', async () => {
  const { deployment, rule } = await import('../rules/helpers');
  // S1/S2: with PodLifecycleSleepAction off the sleep field is dropped.
  const sleep = deployment({ container: 'lifecycle: {preStop: {sleep: {seconds: 5}}}' });
  const [off] = rule('sleep-action-unavailable', sleep, { kubernetesVersion: '1.31', featureGates: { PodLifecycleSleepAction: false } });
  assert.match(off!.message, /^The PodLifecycleSleepAction feature gate is off \(as set in featureGates\)/);
  assert.match(rule('sleep-action-unavailable', sleep, { kubernetesVersion: '1.29' })[0]!.message, /off by default/);
  assert.deepEqual(rule('sleep-action-unavailable', sleep, { kubernetesVersion: '1.29', featureGates: { PodLifecycleSleepAction: true } }), []);
  // SC1: SidecarContainers off in 1.31 (beta, so the user's choice).
  const sidecar = deployment({ pod: 'initContainers:\n  - name: proxy\n    image: example/proxy:1\n    restartPolicy: Always' });
  const [sc] = rule('native-sidecar-unavailable', sidecar, { kubernetesVersion: '1.31', featureGates: { SidecarContainers: false } });
  assert.match(sc!.message, /^The SidecarContainers feature gate is off \(as set in featureGates\)/);
});

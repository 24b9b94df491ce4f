/**
 * The mesh proxy the manifest does not show (issue 16). Expected values come from:
 * - istio/istio 86c9f01f: mesh default terminationDrainDuration 5 s (pkg/config/mesh/mesh.go);
 *   the agent drains that long after SIGTERM (pkg/envoy/agent.go); ENABLE_NATIVE_SIDECARS=auto
 *   injects native sidecars when kubelets are 1.33+ (pkg/kube/inject/webhook.go
 *   DetectNativeSidecar), and `sidecar.istio.io/nativeSidecar` overrides it (inject.go).
 * - linkerd/linkerd2 b24cd405: `proxy-wait-before-exit-seconds` becomes a preStop `sleep`
 *   (charts/partials/templates/_proxy.tpl), ignored for native sidecars; nativeSidecar is on by
 *   default (charts/linkerd-control-plane/values.yaml).
 * - the rule book K1 and SC2 (example (d)) for how the kubelet stops each lane.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile } from '../../server/engine/analyze';
import { applyEdits, fixEdits } from '../../server/yaml/edits';
import { goDuration, istioProxyConfig } from '../../shared/model/mesh/inject';
import { deployment, rule, settings, timelines } from './helpers';

const sleep10 = 'lifecycle: {preStop: {sleep: {seconds: 10}}}';
const annotated = (annotations: string) => deployment({ container: sleep10 }).replace('      labels: {app: web}\n', `      labels: {app: web}\n      annotations:\n${annotations.split('\n').map((l) => `        ${l}`).join('\n')}\n`);
const istio = annotated('sidecar.istio.io/inject: "true"');
const namespace = (labels: string) => ['---', 'apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: shop', `  ${labels}`, ''].join('\n');
const inShop = (text: string) => text.replace(/metadata:\n {2}name: web\n/g, 'metadata:\n  name: web\n  namespace: shop\n');

test('Istio below 1.33: a regular proxy lane that drains 5 s from T0 (example (d) of the rule book)', () => {
  const [t] = timelines(istio, { kubernetesVersion: '1.31' });
  const lane = t!.containers.find((c) => c.name === 'istio-proxy');
  assert.ok(lane);
  assert.equal(lane.role, 'legacy-sidecar');
  assert.equal(lane.sigtermAt, 0);
  assert.equal(lane.exitAt, 5);
  assert.equal(lane.implied?.mesh, 'Istio');
  const found = rule('proxy-exits-early', istio, { kubernetesVersion: '1.31' });
  assert.equal(found.length, 1);
  assert.equal(found[0]!.at, '"true"');
  // web: preStop 10 s, SIGTERM 10 s, exits 10 + shutdownSeconds 10 = 20 s.
  assert.match(found[0]!.message, /gone at ≈5 s, while web runs until ≈20 s/);
  assert.deepEqual(found[0]!.fixes, ['set-proxy-drain', 'ignore-rule']);
});

test('Istio from 1.33 (ENABLE_NATIVE_SIDECARS=auto): a native sidecar lane, stopped after web, and quiet', () => {
  const [t] = timelines(istio, { kubernetesVersion: '1.33' });
  const lane = t!.containers.find((c) => c.name === 'istio-proxy')!;
  assert.equal(lane.role, 'native-sidecar');
  assert.equal(lane.sigtermAt, 20);
  assert.deepEqual(rule('proxy-exits-early', istio, { kubernetesVersion: '1.33' }), []);
  // The pod's annotation wins over auto.
  const legacy = annotated('sidecar.istio.io/inject: "true"\nsidecar.istio.io/nativeSidecar: "false"');
  assert.equal(rule('proxy-exits-early', legacy, { kubernetesVersion: '1.33' }).length, 1);
});

test('the fix sets terminationDrainDuration; the result is quiet', () => {
  const s = settings({ kubernetesVersion: '1.31' });
  const finding = analyzeFile(istio, s).workloads[0]!.analysis.findings.find((f) => f.rule === 'proxy-exits-early')!;
  const after = applyEdits(istio, fixEdits(istio, finding.fixes[0]!));
  assert.match(after, /\n {8}proxy\.istio\.io\/config: "terminationDrainDuration: 20s"\n/);
  assert.deepEqual(rule('proxy-exits-early', after, { kubernetesVersion: '1.31' }), []);
  assert.equal(timelines(after, { kubernetesVersion: '1.31' })[0]!.containers.find((c) => c.implied)!.exitAt, 20);
});

test('EXIT_ON_ZERO_ACTIVE_CONNECTIONS keeps the proxy up while connections are open', () => {
  const text = annotated('sidecar.istio.io/inject: "true"\nproxy.istio.io/config: |\n  proxyMetadata:\n    EXIT_ON_ZERO_ACTIVE_CONNECTIONS: "true"');
  assert.deepEqual(rule('proxy-exits-early', text, { kubernetesVersion: '1.31' }), []);
  assert.equal(timelines(text, { kubernetesVersion: '1.31' })[0]!.containers.find((c) => c.implied)!.exitAt, 20);
});

test('injection off, already injected, or no mesh: no lane', () => {
  for (const text of [annotated('sidecar.istio.io/inject: "false"'), deployment({ container: sleep10 }), annotated('linkerd.io/inject: disabled')]) {
    assert.equal(timelines(text)[0]!.containers.some((c) => c.implied), false);
  }
  // A rendered or already-injected manifest shows the proxy itself.
  const shown = istio.replace('      containers:\n', '      containers:\n        - name: istio-proxy\n          image: docker.io/istio/proxyv2:1.24.0\n');
  const lanes = timelines(shown)[0]!.containers;
  assert.deepEqual(lanes.map((c) => [c.name, !!c.implied]), [['istio-proxy', false], ['web', false]]);
});

test('a Namespace object with istio-injection: enabled, in the same files, injects the proxy', () => {
  const text = inShop(deployment({ container: sleep10 })) + namespace('labels: {istio-injection: enabled}');
  const found = rule('proxy-exits-early', text, { kubernetesVersion: '1.31' });
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /Namespace\/shop label istio-injection: enabled/);
  assert.equal(rule('proxy-exits-early', inShop(deployment({ container: sleep10 })) + namespace('labels: {istio-injection: disabled}'), { kubernetesVersion: '1.31' }).length, 0);
  // Another namespace's label does not count.
  assert.equal(rule('proxy-exits-early', deployment({ container: sleep10 }) + namespace('labels: {istio-injection: enabled}'), { kubernetesVersion: '1.31' }).length, 0);
});

test('Linkerd legacy proxy: SIGTERM at once, or after proxy-wait-before-exit-seconds; native by default from 1.29', () => {
  const text = annotated('linkerd.io/inject: enabled\nconfig.linkerd.io/proxy-enable-native-sidecar: "false"');
  const lane = timelines(text)[0]!.containers.find((c) => c.implied)!;
  assert.equal(lane.name, 'linkerd-proxy');
  assert.equal(lane.exitAt, 0);
  const found = rule('proxy-exits-early', text);
  assert.equal(found.length, 1);
  const fix = analyzeFile(text, settings()).workloads[0]!.analysis.findings.find((f) => f.rule === 'proxy-exits-early')!.fixes[0]!;
  const after = applyEdits(text, fixEdits(text, fix));
  assert.match(after, /config\.alpha\.linkerd\.io\/proxy-wait-before-exit-seconds: "20"/);
  assert.deepEqual(rule('proxy-exits-early', after), []);
  assert.equal(timelines(annotated('linkerd.io/inject: enabled'))[0]!.containers.find((c) => c.implied)!.role, 'native-sidecar');
});

test('proxy-drain-exceeds-grace: a drain longer than the grace period is cut by SIGKILL', () => {
  const text = annotated('sidecar.istio.io/inject: "true"\nproxy.istio.io/config: "terminationDrainDuration: 45s"');
  const found = rule('proxy-drain-exceeds-grace', text);
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /45 s, longer than the pod's grace period of 30 s/);
  assert.deepEqual(found[0]!.fixes, ['raise-grace-period', 'ignore-rule']);
  assert.deepEqual(rule('proxy-drain-exceeds-grace', annotated('sidecar.istio.io/inject: "true"\nproxy.istio.io/config: "terminationDrainDuration: 25s"')), []);
});

test('the budget chain of a served workload names the broken link, and holds after the fix', () => {
  const s = settings({ kubernetesVersion: '1.31' });
  const [t] = timelines(istio, { kubernetesVersion: '1.31' });
  // N4: 5 s estimate ≤ preStop 10 s; 10 s + 10 s ≤ 30 s; the proxy is gone at 5 s, web at 20 s.
  assert.deepEqual(t!.chain!.map((l) => l.holds), [true, true, false]);
  assert.match(t!.chain![2]!.text, /web done ≈20 s ≤ istio-proxy gone ≈5 s/);
  const finding = analyzeFile(istio, s).workloads[0]!.analysis.findings.find((f) => f.rule === 'proxy-exits-early')!;
  const after = applyEdits(istio, fixEdits(istio, finding.fixes[0]!));
  assert.deepEqual(timelines(after, { kubernetesVersion: '1.31' })[0]!.chain!.map((l) => l.holds), [true, true, true]);
  // Without a preStop the first link breaks (the race of prestop-missing).
  assert.equal(timelines(deployment())[0]!.chain![0]!.holds, false);
});

test('proxy.istio.io/config is read in block and JSON form; Go durations', () => {
  assert.deepEqual(istioProxyConfig('terminationDrainDuration: 30s\n'), { drain: 30, exitOnZero: false });
  assert.deepEqual(istioProxyConfig('{"terminationDrainDuration": "1m30s", "proxyMetadata": {"EXIT_ON_ZERO_ACTIVE_CONNECTIONS": "true"}}'), { drain: 90, exitOnZero: true });
  assert.deepEqual(istioProxyConfig('holdApplicationUntilProxyStarts: true'), { exitOnZero: false });
  assert.equal(goDuration('500ms'), 0.5);
  assert.equal(goDuration('5 s'), undefined);
});

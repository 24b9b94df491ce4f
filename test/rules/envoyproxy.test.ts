/**
 * Envoy Gateway EnvoyProxy shutdown (issue 16), rule gateway-drain-exceeds-grace. Expected values
 * from envoyproxy/gateway at commit d32f28294245e454d20f81d323d626a90e660c1e:
 * - defaults drainTimeout 60 s, minDrainDuration 10 s (api/v1alpha1/envoyproxy_types.go `ShutdownConfig`);
 * - the envoy pods' terminationGracePeriodSeconds = int(drainTimeout + 300), 360 by default
 *   (internal/infrastructure/kubernetes/proxy/resource_provider.go `expectedTerminationGracePeriodSeconds`),
 *   changed only by the envoyDeployment/envoyDaemonSet merge patch (`MergeWithPatch`, applied last);
 * - the drain ends between min(minDrainDuration, drainTimeout) and drainTimeout
 *   (internal/cmd/envoy/shutdown_manager.go `Shutdown`: the timeout is checked first).
 * envoyproxy/gateway#2633: the grace period must exceed the drain timeout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile } from '../../server/engine/analyze';
import { applyEdits, fixEdits } from '../../server/yaml/edits';
import { rule, settings, timelines } from './helpers';

function envoyProxy(options: { drain?: string; min?: string; grace?: number; set?: 'envoyDeployment' | 'envoyDaemonSet' } = {}): string {
  const lines = ['apiVersion: gateway.envoyproxy.io/v1alpha1', 'kind: EnvoyProxy', 'metadata:', '  name: edge', '  namespace: envoy-gateway-system', 'spec:'];
  if (options.drain || options.min) lines.push('  shutdown:', ...(options.drain ? [`    drainTimeout: ${options.drain}`] : []), ...(options.min ? [`    minDrainDuration: ${options.min}`] : []));
  lines.push('  provider:', '    type: Kubernetes', '    kubernetes:', `      ${options.set ?? 'envoyDeployment'}:`, '        replicas: 2');
  if (options.grace !== undefined) lines.push('        patch:', '          type: StrategicMerge', '          value:', '            spec:', '              template:', '                spec:', `                  terminationGracePeriodSeconds: ${options.grace}`);
  return `${lines.join('\n')}\n`;
}

test('the envoy pods get drainTimeout + 300 s unless a patch says otherwise: 360 by default, 420 for 120s', () => {
  assert.equal(timelines(envoyProxy())[0]!.gracePeriodSeconds, 360);
  assert.equal(timelines(envoyProxy({ drain: '2m' }))[0]!.gracePeriodSeconds, 420);
  assert.equal(timelines(envoyProxy({ drain: '90s', grace: 45 }))[0]!.gracePeriodSeconds, 45);
  assert.deepEqual(rule('gateway-drain-exceeds-grace', envoyProxy({ drain: '10m' })), [], 'the derived value always fits');
});

test('a patched grace period at or below the drain timeout: SIGKILL ends a full drain; linked to the drain settings', () => {
  const text = envoyProxy({ drain: '120s', grace: 60 });
  const found = rule('gateway-drain-exceeds-grace', text);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.severity, 'warning');
  assert.equal(found[0]!.at, '60');
  assert.match(found[0]!.message, /grace period of 60 s from the patch, but their drain may run until the drainTimeout 120s: a drain that still has connections at 60 s is cut by SIGKILL/);
  const finding = analyzeFile(text, settings()).workloads[0]!.analysis.findings[0]!;
  assert.deepEqual(finding.related.map((r) => text.slice(r.span.start, r.span.end)), ['120s']);
  const after = applyEdits(text, fixEdits(text, finding.fixes.find((f) => f.id === 'raise-grace-period')!));
  assert.match(after, /terminationGracePeriodSeconds: 420\n/);
  assert.deepEqual(rule('gateway-drain-exceeds-grace', after), []);
  // Equal is not enough: the drain stops just after the timeout, SIGKILL comes at it.
  assert.equal(rule('gateway-drain-exceeds-grace', envoyProxy({ drain: '60s', grace: 60 })).length, 1);
  assert.deepEqual(rule('gateway-drain-exceeds-grace', envoyProxy({ drain: '60s', grace: 61 })), []);
});

test('below the shortest drain every drain is cut; the defaults count when the shutdown block is absent; DaemonSet patches too', () => {
  assert.match(rule('gateway-drain-exceeds-grace', envoyProxy({ grace: 10 }))[0]!.message, /drainTimeout 60 s \(default\): even the shortest drain of 10 s does not fit/);
  assert.match(rule('gateway-drain-exceeds-grace', envoyProxy({ grace: 30 }))[0]!.message, /still has connections at 30 s/);
  assert.equal(rule('gateway-drain-exceeds-grace', envoyProxy({ grace: 30, set: 'envoyDaemonSet' })).length, 1);
});

test('minDrainDuration longer than drainTimeout never takes effect (information); unreadable durations are skipped', () => {
  const found = rule('gateway-drain-exceeds-grace', envoyProxy({ drain: '30s', min: '45s' }));
  assert.deepEqual(found.map((f) => [f.severity, f.at]), [['information', '45s']]);
  assert.match(found[0]!.message, /minDrainDuration 45s of EnvoyProxy\/edge is longer than its drainTimeout 30s/);
  assert.deepEqual(rule('gateway-drain-exceeds-grace', envoyProxy({ drain: 'soon', grace: 5 })), []);
});

test('an EnvoyProxy is not a pod of its own: no other rule fires, and a mesh namespace implies no proxy lane', () => {
  const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: envoy-gateway-system\n  labels: {istio-injection: enabled}\n';
  const text = `${namespace}---\n${envoyProxy({ drain: '30s', grace: 20 })}`;
  const all = analyzeFile(text, settings({ platform: { profile: 'gke-spot' } })).workloads.flatMap((w) => w.analysis.findings.map((f) => f.rule));
  assert.deepEqual(all, ['gateway-drain-exceeds-grace']);
  assert.deepEqual(timelines(text)[0]!.containers, []);
});

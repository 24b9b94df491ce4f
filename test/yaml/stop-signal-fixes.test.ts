/**
 * abrupt-stop-signal's fixes rendered as text through the real edit layer, then analysed again:
 * the graceful preStop hook (rule book worked timeline (f), the Apache recipe) with the grace
 * period raised to fit, and `lifecycle.stopSignal` with the `spec.os.name` it requires (SIG2).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile } from '../../server/engine/analyze';
import { applyEdits, fixEdits } from '../../server/yaml/edits';
import { DEFAULT_SETTINGS } from '../../shared/settings';

// ContainerStopSignals is alpha through 1.37 (KEP-4960 kep.yaml: beta planned for 1.38): the cluster turned it on.
const settings = { ...DEFAULT_SETTINGS, kubernetesVersion: '1.37', featureGates: { ContainerStopSignals: true } };
const head = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  template:', '    metadata: {labels: {app: web}}', '    spec:'];
const container = ['      containers:', '      - name: web', '        image: httpd:2.4', '        ports: [{containerPort: 80}]', '        lifecycle:', '          stopSignal: SIGTERM'];
const service = ['---', 'apiVersion: v1', 'kind: Service', 'metadata: {name: web}', 'spec: {selector: {app: web}}', ''];
const before = [...head, '      terminationGracePeriodSeconds: 10', ...container, ...service].join('\n');

function apply(id: string): string {
  const finding = analyzeFile(before, settings).workloads[0]!.analysis.findings.find((f) => f.rule === 'abrupt-stop-signal');
  assert.ok(finding, 'abrupt-stop-signal fires on httpd with stopSignal SIGTERM at 1.37 with the gate on');
  const fix = finding.fixes.find((f) => f.id === id);
  assert.ok(fix, id);
  const after = applyEdits(before, fixEdits(before, fix));
  const again = analyzeFile(after, settings).workloads[0]!.analysis.findings.filter((f) => f.rule === 'abrupt-stop-signal');
  assert.deepEqual(again, [], 'the finding is gone after the fix');
  return after;
}

test('graceful-prestop-hook: sleep, apachectl -k graceful-stop, sleep; grace raised from 10 to 20', () => {
  const hook = ['          preStop:', '            exec:', '              command:', '              - sh', '              - -c', '              - sleep 5; apachectl -k graceful-stop; sleep 10'];
  assert.equal(apply('graceful-prestop-hook'), [...head, '      terminationGracePeriodSeconds: 20', ...container, ...hook, ...service].join('\n'));
});

test('set-stop-signal: SIGWINCH replaces SIGTERM and spec.os.name is added', () => {
  const fixed = container.map((l) => l.replace('SIGTERM', 'SIGWINCH'));
  assert.equal(apply('set-stop-signal'), [...head, '      terminationGracePeriodSeconds: 10', ...fixed, '      os:', '        name: linux', ...service].join('\n'));
});

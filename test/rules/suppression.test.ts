/** kubegrace/ignore annotations, # kubegrace-ignore comments, and severity overrides. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployment, rule, seen } from './helpers';

test('the workload annotation silences the listed rules', () => {
  const text = deployment({ annotations: 'kubegrace/ignore: "prestop-missing, readiness-probe-missing"' });
  assert.deepEqual(rule('prestop-missing', text), []);
  assert.equal(rule('prestop-missing', deployment()).length, 1);
});

test('the pod template annotation works too', () => {
  const text = deployment().replace('      labels: {app: web}\n', '      labels: {app: web}\n      annotations: {kubegrace/ignore: prestop-missing}\n');
  assert.deepEqual(rule('prestop-missing', text), []);
});

test('a comment on the line above the flagged node silences that rule there', () => {
  const text = deployment().replace('        - name: web', '        # kubegrace-ignore prestop-missing -- drained by the mesh\n        - name: web');
  assert.deepEqual(rule('prestop-missing', text), []);
  const other = deployment().replace('        - name: web', '        # kubegrace-ignore grace-zero\n        - name: web');
  assert.equal(rule('prestop-missing', other).length, 1, 'another rule id does not silence it');
});

test('a bare comment above the object silences every rule of that object', () => {
  const text = `# kubegrace-ignore\n${deployment()}`;
  assert.deepEqual(seen(text), []);
  assert.ok(seen(deployment()).length > 0);
});

test('severity overrides and off', () => {
  assert.deepEqual(rule('prestop-missing', deployment(), { rules: { 'prestop-missing': 'error' } }).map((f) => f.severity), ['error']);
  assert.deepEqual(rule('prestop-missing', deployment(), { rules: { 'prestop-missing': 'off' } }), []);
});

test('the ignore-rule fix adds to an existing annotation', async () => {
  const { analyzeFile } = await import('../../server/engine/analyze');
  const { settings } = await import('./helpers');
  const text = deployment({ annotations: 'kubegrace/ignore: grace-zero' });
  const finding = analyzeFile(text, settings()).workloads[0]!.analysis.findings.find((f) => f.rule === 'prestop-missing')!;
  const fix = finding.fixes.find((f) => f.id === 'ignore-rule')!;
  assert.deepEqual(fix.changes, [{ op: 'replace', at: fix.changes[0]!.op === 'replace' ? fix.changes[0]!.at : undefined, value: 'grace-zero,prestop-missing' }]);
  assert.equal(text.slice((fix.changes[0] as { at: { start: number; end: number } }).at.start, (fix.changes[0] as { at: { end: number } }).at.end), 'grace-zero');
});

test('a comment above a block-style handler key silences a finding about that handler', () => {
  const text = deployment({ container: 'lifecycle:\n  preStop:\n    # kubegrace-ignore prestop-tcpsocket\n    tcpSocket:\n      port: 8080' });
  assert.deepEqual(rule('prestop-tcpsocket', text), []);
  assert.equal(rule('prestop-tcpsocket', text.replace('# kubegrace-ignore prestop-tcpsocket', '# unrelated')).length, 1);
});

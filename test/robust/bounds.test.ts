/**
 * Huge numbers and deep nesting (issue 11 "Hangs", "Crash", "Fixes that write what the API
 * rejects"): the model clamps its times, charts never iterate per second, a document nested
 * absurdly deep is reported instead of parsed, and no fix writes a value beyond int64.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeWorkload } from '../../shared/model/analyze';
import { MAX_MODEL_SECONDS } from '../../shared/model/timeline';
import { writesValidValues } from '../../shared/model/fixcheck';
import { tickStep, timelineChart } from '../../shared/timeline-text';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { nestingDepth, MAX_NESTING } from '../../server/yaml/parse/depth';
import { analyzeFile } from '../../server/engine/analyze';
import { input } from '../model/builders';
import { deployment, runCli, tempDir } from './helpers';

const HUGE = ['1000000000', '9223372036854775807', '.inf', '1e309'];

test('G1 clamp: a huge grace period gives finite timeline times no larger than MAX_MODEL_SECONDS', () => {
  for (const tgps of [1e9, 2 ** 63 - 1, Infinity]) {
    const t = analyzeWorkload(input({ tgps, containers: [{ name: 'app' }] }, { service: true }), DEFAULT_SETTINGS).timeline;
    assert.ok(t.gracePeriodSeconds <= MAX_MODEL_SECONDS, String(tgps));
    for (const c of t.containers) for (const v of [c.sigtermAt, c.sigkillAt, c.exitAt, c.drainWindow]) assert.ok(Number.isSafeInteger(v), `${tgps}: ${v}`);
  }
  const t = analyzeWorkload(input({ tgps: 30, containers: [{ name: 'app' }] }, { service: true }), { ...DEFAULT_SETTINGS, endpointPropagationSeconds: 1e10 }).timeline;
  assert.equal(t.serviceOutSeconds, MAX_MODEL_SECONDS);
});

test('the text chart has at most 10 ticks whatever the length, and its labels do not run together', () => {
  for (const end of [10, 45, 200, 600, 601, 3600, 1e9, MAX_MODEL_SECONDS * 2]) assert.ok(end / tickStep(end) <= 10, `${end}: step ${tickStep(end)}`);
  assert.equal(tickStep(35), 10);
  const t = analyzeWorkload(input({ tgps: Infinity, containers: [{ name: 'app' }] }, { service: true }), DEFAULT_SETTINGS).timeline;
  const labels = timelineChart(t).split('\n')[0]!;
  assert.doesNotMatch(labels, /\ds\d/);
});

test('explain, hover text and --endpoint-propagation-seconds 1e10 finish quickly on huge grace periods', () => {
  const dir = tempDir('huge');
  for (const tgps of HUGE) {
    const file = join(dir, `g${tgps}.yaml`);
    writeFileSync(file, deployment({ tgps }));
    const r = runCli(['explain', file], { timeout: 10000 });
    assert.equal(r.signal, null, `explain with ${tgps} was killed after ${r.ms} ms`);
    // `.inf` and 1e309 are also reported as api-validation errors (exit 1): no JSON number holds them.
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    assert.match(r.stdout, /SIGKILL/);
  }
  const r = runCli(['explain', '--endpoint-propagation-seconds', '1e10', join(dir, 'g1000000000.yaml')], { timeout: 10000 });
  assert.equal(r.signal, null, `killed after ${r.ms} ms`);
  assert.match(r.stdout, /new requests until ≈9223372036 s/);
});

test('a document nested deeper than MAX_NESTING is reported, not parsed; check --fix survives it', () => {
  assert.equal(nestingDepth('a: [1, {b: [2]}]'), 3);
  assert.equal(nestingDepth('- - - x'), 3);
  assert.equal(nestingDepth("a: 'it''s [[[['\nb: \"[[[[\\\"\"\nc: x # [[[[\n"), 0);
  for (const text of ['['.repeat(1000) + ']'.repeat(1000), `${'- '.repeat(1000)}x`, `${'{a: '.repeat(500)}1${'}'.repeat(500)}`]) {
    assert.ok(nestingDepth(text) > MAX_NESTING);
    const analysis = analyzeFile(text, DEFAULT_SETTINGS);
    assert.match(analysis.parseErrors.map((e) => e.message).join(), /nests deeper than 64 levels/);
  }
  const dir = tempDir('nest');
  const file = join(dir, 'deep.yaml');
  writeFileSync(file, `${deployment({ tgps: '0' })}---\n${'['.repeat(1000)}${']'.repeat(1000)}\n`);
  const r = runCli(['check', '--fix', file]);
  assert.equal(r.signal, null, r.stderr.slice(0, 300));
  assert.ok(r.status === 0 || r.status === 1, r.stderr.slice(0, 300));
  assert.match(r.stderr, /nests deeper than 64 levels/);
  assert.match(readFileSync(file, 'utf8'), /terminationGracePeriodSeconds: 15/, 'the valid document before it is still fixed');
});

test('no fix writes a number beyond int64, a rounded 2^63 or .inf', () => {
  const dir = tempDir('fixes');
  const cases: Array<[string, string]> = [
    ['sleep-beyond-int64', "{exec: {command: [sleep, '99999999999999999999']}}"],
    ['sleep-2^63', "{exec: {command: [sh, -c, 'sleep 9223372036854775808']}}"],
    ['sleep-action-2^63', '{sleep: {seconds: 9223372036854775808}}'],
    ['sleep-action-1e309', '{sleep: {seconds: 1e309}}'],
  ];
  for (const [name, preStop] of cases) {
    for (const version of ['1.29', '1.33']) {
      const file = join(dir, `${name}-${version}.yaml`);
      const text = deployment({ tgps: '30', preStop });
      writeFileSync(file, text);
      runCli(['check', '--fix', '--kubernetes-version', version, file]);
      const after = readFileSync(file, 'utf8');
      // Every word the fixes added must be something the API accepts: no 16+ digit number, no .inf.
      const before = new Set(text.split(/[\s{}[\],:'"]+/));
      const added = after.split(/[\s{}[\],:'"]+/).filter((word) => !before.has(word));
      assert.deepEqual(added.filter((word) => /^\d{16,}$|inf|Infinity|e\+/i.test(word)), [], `${name} ${version}:\n${after}`);
    }
  }
  assert.equal(writesValidValues({ id: 'raise-grace-period', title: '', safe: true, changes: [{ op: 'replace', at: { start: 0, end: 1 }, value: 1e20 }] }), false);
  assert.equal(writesValidValues({ id: 'sleep-action-to-exec', title: '', safe: true, changes: [{ op: 'replace', at: { start: 0, end: 1 }, value: { exec: { command: ['sleep', String(2 ** 63)] } } }] }), false);
  assert.equal(writesValidValues({ id: 'raise-grace-period', title: '', safe: true, changes: [{ op: 'replace', at: { start: 0, end: 1 }, value: 45 }] }), true);
});

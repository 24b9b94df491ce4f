/** The unified diff of --fix --dry-run: hunk headers, context merging, missing final newlines; applied by patch. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unifiedDiff } from '../../server/cli/output/diff';

const lines = (n: number, change: Record<number, string> = {}) => Array.from({ length: n }, (_, i) => change[i + 1] ?? `line ${i + 1}`).join('\n');

test('one change: three lines of context, diff -u headers', () => {
  assert.equal(unifiedDiff('a.yaml', 'x\n', 'x\n'), '');
  assert.equal(
    unifiedDiff('k8s/a.yaml', `${lines(10)}\n`, `${lines(10, { 5: 'five' })}\n`),
    '--- a/k8s/a.yaml\n+++ b/k8s/a.yaml\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+five\n line 6\n line 7\n line 8\n',
  );
});

test('distant changes make two hunks, near ones one; insertions count lines on each side', () => {
  const two = unifiedDiff('a.yaml', `${lines(30)}\n`, `${lines(30, { 3: 'three', 25: 'x\ny' })}\n`);
  assert.deepEqual(two.match(/^@@ .* @@$/gm), ['@@ -1,6 +1,6 @@', '@@ -22,7 +22,8 @@']);
  const one = unifiedDiff('a.yaml', `${lines(30)}\n`, `${lines(30, { 3: 'three', 8: 'eight' })}\n`);
  assert.deepEqual(one.match(/^@@ .* @@$/gm), ['@@ -1,11 +1,11 @@']);
  assert.match(unifiedDiff('a.yaml', '', 'new\n'), /^@@ -0,0 \+1 @@\n\+new\n$/m);
});

test('a missing final newline is marked; patch applies every case', (t) => {
  const cases: Array<[string, string]> = [
    [lines(5), `${lines(5)}\n`],
    [`${lines(5)}\n`, lines(5, { 5: 'end' })],
    [lines(12), lines(12, { 1: 'first', 12: 'last' })],
    [`${lines(40)}\n`, `${lines(40, { 2: 'a\nb\nc', 20: '', 39: 'z' })}\n`],
  ];
  assert.match(unifiedDiff('a', cases[0]![0], cases[0]![1]), /^-line 5\n\\ No newline at end of file\n\+line 5\n$/m);
  const dir = mkdtempSync(join(tmpdir(), 'kubegrace-diff-'));
  for (const [before, after] of cases) {
    writeFileSync(join(dir, 'f.yaml'), before);
    writeFileSync(join(dir, 'p.diff'), unifiedDiff('f.yaml', before, after));
    const r = spawnSync('patch', ['-p1', '-s', '-i', 'p.diff'], { cwd: dir, encoding: 'utf8' });
    if (r.error) return t.diagnostic('patch is not installed: applying the diffs is left out');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(join(dir, 'f.yaml'), 'utf8'), after);
  }
});

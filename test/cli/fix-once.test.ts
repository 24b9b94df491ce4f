/**
 * `--fix` fixes everything fixable in one run (no 50-fix cap), and fixes are rendered against one
 * parse per file: SARIF used to re-parse the whole file for every finding's fix (issue 11).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyzeFile } from '../../server/engine/analyze';
import { toSarif } from '../../server/cli/output/sarif';
import { ChunkContent } from '../../server/yaml/parse/parse';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { deployment } from '../server/manifests';

const cli = resolve(__dirname, '../../dist/cli.js');
const sixty = Array.from({ length: 60 }, (_, i) => deployment(`app-${i}`, i % 2 ? 'a' : 'b')).join('---\n');

test('check --fix: 60 workloads are all fixed in one run', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'kubegrace-fix-')), 'many.yaml');
  writeFileSync(file, sixty);
  const first = spawnSync(process.execPath, [cli, 'check', '--fix', file], { encoding: 'utf8' });
  assert.equal(first.stderr.split('\n').filter((l) => l.includes(': fixed ')).length, 60, first.stderr);
  assert.equal(readFileSync(file, 'utf8').split('preStop:').length - 1, 60);
  const second = spawnSync(process.execPath, [cli, 'check', '--fix', file], { encoding: 'utf8' });
  assert.equal(second.stderr.includes(': fixed '), false, 'nothing left for a second run');
  assert.equal(second.stdout.includes('prestop-missing'), false, second.stdout);
});

test('SARIF: the fixes of a file are rendered from one parse of it, not one per fix', (t) => {
  // One Deployment with 30 containers: 30 fixes in one document.
  const container = (i: number) => `        - name: c${i}\n          image: example/c:1\n          ports: [{containerPort: ${8000 + i}}]\n          readinessProbe: {tcpSocket: {port: ${8000 + i}}}\n`;
  const text = deployment('big').replace(/ {8}- name: web[\s\S]*$/, Array.from({ length: 30 }, (_, i) => container(i)).join(''));
  const findings = analyzeFile(text, DEFAULT_SETTINGS).workloads.flatMap((w) => w.analysis.findings);
  assert.equal(findings.length, 30);
  // Every parse of the document's text while the fixes are rendered. Verification (edits/verify.ts)
  // changes a copy of that parse, so the whole run parses the document's text once.
  const parses = new Set<ChunkContent>();
  const original = ChunkContent.prototype.parse;
  t.mock.method(ChunkContent.prototype, 'parse', function (this: ChunkContent) {
    if (this.text === text && !this.isParsed) parses.add(this);
    return original.call(this);
  });
  const log = toSarif([{ path: 'big.yaml', text, findings }], { version: '0', helpUri: (r) => r });
  assert.equal(log.runs[0]!.results!.filter((r) => r.fixes?.length).length, 30);
  assert.equal(parses.size, 1);
});

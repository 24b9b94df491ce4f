/**
 * Issue 20: a quick fix must never leave a more severe finding than the one it fixes. Every fix of
 * every finding in examples/ and test/corpus/ (real manifests, sources in its SOURCES.md) is
 * applied alone through the real edit layer and the result analysed again; the reproduction of
 * the issue (a tcpSocket preStop with terminationGracePeriodSeconds: 0, whose 5 s delay created
 * prestop-exceeds-grace) is checked by name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeFile } from '../../server/engine/analyze';
import { applyEdits, fixEdits } from '../../server/yaml/edits';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { atLeast } from '../../shared/rules';
import type { Finding } from '../../shared/model/output';
import { deployment } from '../robust/helpers';

const settings = { ...DEFAULT_SETTINGS, kubernetesVersion: '1.33' };

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    // Large files (argo-cd's 1.9 MB install.yaml) add minutes, not cases: every rule is in the rest.
    return /\.ya?ml$/.test(name) && statSync(path).size < 100_000 ? [path] : [];
  });
}

const identity = (f: Finding) => `${f.rule}|${f.object}|${f.container ?? ''}`;

/** Findings after each fix that are new and more severe than the finding fixed, described. */
function worse(text: string): string[] {
  const before = analyzeFile(text, settings).workloads.flatMap((w) => w.analysis.findings);
  const known = new Set(before.map(identity));
  const out: string[] = [];
  for (const finding of before) {
    for (const fix of finding.fixes) {
      if (fix.id === 'ignore-rule') continue;
      const edits = fixEdits(text, fix);
      if (edits.length === 0) continue;
      const after = analyzeFile(applyEdits(text, edits), settings).workloads.flatMap((w) => w.analysis.findings);
      for (const f of after) {
        if (!known.has(identity(f)) && f.severity !== finding.severity && atLeast(f.severity, finding.severity)) out.push(`${fix.id} for ${finding.rule} (${finding.severity}) leaves ${f.rule} (${f.severity}) on ${f.object}`);
      }
    }
  }
  return out;
}

test('the tcpSocket preStop fix with a grace period of 0 raises the grace period in the same edit', () => {
  const text = deployment({ tgps: '0', preStop: '{tcpSocket: {port: 8080}}' });
  const finding = analyzeFile(text, settings).workloads[0]!.analysis.findings.find((f) => f.rule === 'prestop-tcpsocket');
  const fix = finding?.fixes.find((f) => f.id === 'replace-tcpsocket-hook');
  assert.ok(fix, 'the fix is offered');
  const after = applyEdits(text, fixEdits(text, fix));
  assert.match(after, /terminationGracePeriodSeconds: [1-9]\d*/);
  const rules = analyzeFile(after, settings).workloads.flatMap((w) => w.analysis.findings.map((f) => f.rule));
  assert.ok(!rules.includes('prestop-exceeds-grace'), rules.join(', '));
  assert.ok(!rules.includes('prestop-tcpsocket'), rules.join(', '));
  assert.deepEqual(worse(text), []);
});

test('no fix of the examples or the corpus leaves a more severe finding', () => {
  const root = resolve(__dirname, '../..');
  const files = [...yamlFiles(join(root, 'examples')), ...yamlFiles(join(root, 'test/corpus'))];
  assert.ok(files.length > 20, `${files.length} files`);
  const problems = files.flatMap((file) => worse(readFileSync(file, 'utf8')).map((p) => `${file.slice(root.length + 1)}: ${p}`));
  assert.deepEqual(problems, []);
});

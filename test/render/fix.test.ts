/**
 * `kubegrace check --fix` on charts and overlays (issue 17): the editor's quick fixes applied to the
 * values files, bases and patches that hold the values, never to templates; `--dry-run` prints the
 * diff and changes nothing. Real helm and kubectl, on a copy of test/fixtures/render.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './tools';

let dir = '';
const cwd = process.cwd();

function cli(args: string[]) {
  return runCli(['check', '--no-config', ...args]);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubegrace-fix-'));
  for (const sub of ['edge-chart', 'kustomize']) cpSync(join(__dirname, '../fixtures/render', sub), join(dir, sub), { recursive: true });
  process.chdir(dir);
});
after(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

describe('--fix on charts and overlays', () => {
  it('--dry-run prints one diff per file holding the values and changes nothing', () => {
    const values = readFileSync('edge-chart/values.yaml', 'utf8');
    const r = cli(['--fix', '--dry-run', 'edge-chart', 'kustomize/overlay']);
    assert.match(r.out, /^--- a\/edge-chart\/values\.yaml\n\+\+\+ b\/edge-chart\/values\.yaml\n/);
    assert.match(r.out, /^-grace: 10\n\+grace: 25$/m);
    assert.match(r.out, /^- {2}grace: 0\n\+ {2}grace: 15$/m);
    assert.match(r.out, /^--- a\/kustomize\/overlay\/grace\.yaml\n[\s\S]*^- {2}value: 18\n\+ {2}value: 35$/m);
    assert.doesNotMatch(r.out, /^--- a\/.*templates\//m, 'templates are not edited');
    assert.match(r.err, /^edge-chart\/values\.yaml: would fix Set terminationGracePeriodSeconds to 15$/m);
    assert.equal(readFileSync('edge-chart/values.yaml', 'utf8'), values);
  });

  it('writes the values file and the patch, then reports what the new render still finds', () => {
    const before = cli(['--format', 'json', '--fail-on', 'none', 'edge-chart', 'kustomize/overlay']).out;
    const rules = (json: string) => (JSON.parse(json).files as Array<{ path: string; findings: Array<{ rule: string }> }>).flatMap((f) => f.findings.map((x) => `${f.path} ${x.rule}`)).sort();
    assert.ok(rules(before).includes('edge-chart/values.yaml grace-zero'));
    const r = cli(['--fix', '--format', 'json', '--fail-on', 'none', 'edge-chart', 'kustomize/overlay']);
    assert.match(r.err, /^kustomize\/overlay\/grace\.yaml: fixed Set terminationGracePeriodSeconds to 35$/m);
    assert.match(readFileSync('edge-chart/values.yaml', 'utf8'), /^grace: 25$/m);
    assert.match(readFileSync('kustomize/overlay/grace.yaml', 'utf8'), /value: 35/);
    const left = rules(r.out);
    assert.ok(!left.includes('edge-chart/values.yaml grace-zero') && !left.some((x) => x.startsWith('kustomize/')), left.join('\n'));
    // What only a template edit could fix is left, and reported.
    assert.ok(left.includes('edge-chart/templates/worker.yaml prestop-too-short'), left.join('\n'));
  });
});

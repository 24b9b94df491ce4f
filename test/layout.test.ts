/**
 * The house rules of the source tree (issue 19; docs/design.md "Layers"): no import cycles, no
 * layer importing one above it, no file over 300 lines, no folder of more than 12 files without a
 * reason in a file's header. scripts/imports.mjs does the work; these tests run it on the real tree
 * and on small trees made to break each rule, so the checks themselves are known to work.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
// @ts-expect-error: a plain ES module with no type declarations
import { breaches, cycles, importGraph, sizes } from '../scripts/imports.mjs';

const ROOT = resolve(__dirname, '..');

function tree(files: Record<string, string>): { root: string; done: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'kubegrace-layout-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { root, done: () => rmSync(root, { recursive: true, force: true }) };
}

test('the product has no import cycle', () => {
  assert.deepEqual(cycles(importGraph(ROOT)), []);
});

test('no layer imports a layer above it (engine, render, yaml and workspace know no LSP and no CLI)', () => {
  assert.deepEqual(breaches(importGraph(ROOT)), []);
});

test('no source file over 300 lines, no crowded folder without a stated reason', () => {
  const { long, crowded } = sizes(importGraph(ROOT));
  assert.deepEqual(long, []);
  assert.deepEqual(crowded, []);
});

test('server/ itself holds at most four files', () => {
  const graph = importGraph(ROOT);
  const loose = [...graph.keys()].filter((f: string) => /^server\/[^/]+\.ts$/.test(f));
  assert.ok(loose.length <= 4, loose.join(', '));
});

test('the checks catch a cycle (type-only imports too), a breach, a long file and a crowded folder', () => {
  const files: Record<string, string> = {
    'server/engine/a.ts': "import { b } from './b';\nexport const a = b;\n",
    'server/engine/b.ts': "import type { A } from './c';\nexport const b = 1;\n",
    'server/engine/c.ts': "import {\n  a,\n} from './a';\nexport type A = typeof a;\n",
    'server/engine/d.ts': "import { x } from '../lsp/x';\nexport const d = x;\n",
    'server/lsp/x.ts': `export const x = 1;\n${'//\n'.repeat(301)}`,
  };
  for (let i = 0; i < 13; i++) files[`shared/many/f${i}.ts`] = 'export {};\n';
  const t = tree(files);
  try {
    const graph = importGraph(t.root);
    assert.deepEqual(cycles(graph), [['server/engine/a.ts', 'server/engine/b.ts', 'server/engine/c.ts']]);
    assert.deepEqual(breaches(graph), ['server/engine/d.ts → server/lsp/x.ts']);
    const { long, crowded } = sizes(graph);
    assert.deepEqual(long, ['server/lsp/x.ts: 302 lines']);
    assert.deepEqual(crowded, ['shared/many/: 13 files']);
  } finally {
    t.done();
  }
});

test('a crowded folder passes when a header says why it holds more than 12 files', () => {
  const files: Record<string, string> = { 'shared/rules/index.ts': '/** This folder holds more than 12 files: one per rule. */\nexport {};\n' };
  for (let i = 0; i < 13; i++) files[`shared/rules/r${i}.ts`] = 'export {};\n';
  const t = tree(files);
  try {
    assert.deepEqual(sizes(importGraph(t.root)).crowded, []);
  } finally {
    t.done();
  }
});

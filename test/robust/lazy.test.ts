/**
 * Large documents: code actions come back without edits and `codeAction/resolve` computes the edit
 * of the one picked (issue 11 "Size": every request answers at once). The resolved edit is the one
 * the eager path computes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction } from 'vscode-languageserver';
import { open, WEB } from '../server/harness';
import { LAZY_FIX_CHARS } from '../../server/lsp/features/lazyFixes';

const LARGE = `${WEB}---\n${'# padding padding padding padding\n'.repeat(Math.ceil(LAZY_FIX_CHARS / 34) + 10)}`;

async function actions(lazy: boolean, text = LARGE): Promise<{ list: CodeAction[]; o: ReturnType<typeof open> }> {
  const o = open(text);
  o.service.resolveCodeActions = lazy;
  const diagnostics = await o.service.diagnostics(o.uri);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const list = await o.service.codeActions({ textDocument: { uri: o.uri }, range, context: { diagnostics, only: ['quickfix', 'source.fixAll.kubegrace'] } });
  return { list, o };
}

test('a large document: actions without edits, resolved to the edits the eager path gives', async () => {
  const eager = await actions(false);
  const lazy = await actions(true);
  assert.ok(eager.list.length >= 2);
  assert.deepEqual(lazy.list.map((a) => [a.title, a.kind]), eager.list.map((a) => [a.title, a.kind]));
  assert.ok(lazy.list.every((a) => a.edit === undefined && a.data !== undefined));
  for (const [i, action] of lazy.list.entries()) {
    const resolved = await lazy.o.service.resolveCodeAction(action);
    assert.deepEqual(resolved.edit, eager.list[i]!.edit, action.title);
  }
});

test('a deferred action of an older version resolves to no edit; small documents stay eager', async () => {
  const lazy = await actions(true);
  lazy.o.update(`${lazy.o.text}\n# edited`);
  const resolved = await lazy.o.service.resolveCodeAction(lazy.list[0]!);
  assert.equal(resolved.edit, undefined);
  const small = await actions(true, WEB);
  assert.ok(small.list.length > 0 && small.list.every((a) => a.edit !== undefined));
});

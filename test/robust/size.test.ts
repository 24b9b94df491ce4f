/**
 * `maxFileSizeMB` in the server (issue 11 "Size"): a document over the limit gets one information
 * diagnostic and nothing is parsed; 0 means no limit; shrinking the document analyses it again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { open, WEB } from '../server/harness';
import { sizeNotice, utf8Bytes } from '../../shared/size';

const padding = (megabytes: number) => `---\n${'# padding padding padding padding\n'.repeat(Math.ceil((megabytes * 1024 * 1024) / 34))}`;

test('over the limit: one information diagnostic, no hover, lens, timeline or code action', async () => {
  const o = open(WEB + padding(1.2), { maxFileSizeMB: 1 });
  const diagnostics = await o.service.diagnostics(o.uri);
  assert.equal(diagnostics.length, 1);
  assert.equal(diagnostics[0]!.severity, DiagnosticSeverity.Information);
  assert.equal(diagnostics[0]!.source, 'kubegrace');
  assert.match(String(diagnostics[0]!.message), /^Not checked: the file is 1\.2 MB, more than the 1 MB of the maxFileSizeMB setting\.$/);
  const position = { line: 1, character: 7 };
  assert.equal(await o.service.hover({ textDocument: { uri: o.uri }, position }), null);
  assert.deepEqual(await o.service.codeLenses(o.uri), []);
  assert.equal(await o.service.timeline({ uri: o.uri, position }), null);
  assert.deepEqual(await o.service.codeActions({ textDocument: { uri: o.uri }, range: { start: position, end: position }, context: { diagnostics } }), []);
  o.update(WEB);
  assert.deepEqual((await o.service.diagnostics(o.uri)).map((d) => d.code), ['prestop-missing']);
});

test('within the limit, or with 0 (no limit), the file is analysed', async () => {
  for (const settings of [{ maxFileSizeMB: 5 }, { maxFileSizeMB: 0 }]) {
    const o = open(WEB + padding(1.2), settings);
    assert.deepEqual((await o.service.diagnostics(o.uri)).map((d) => d.code), ['prestop-missing']);
  }
});

test('sizes are UTF-8 bytes', () => {
  assert.equal(utf8Bytes('aé€😀'), 1 + 2 + 3 + 4);
  assert.equal(sizeNotice('é'.repeat(600_000), { maxFileSizeMB: 1 }), 'Not checked: the file is 1.1 MB, more than the 1 MB of the maxFileSizeMB setting.');
  assert.equal(sizeNotice('a'.repeat(600_000), { maxFileSizeMB: 1 }), undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../server/engine/positions';

test('LF text: offsets map to 0-based lines and characters', () => {
  const text = 'a: 1\nbb: 2\n';
  const index = new LineIndex(text);
  assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
  assert.deepEqual(index.positionAt(text.indexOf('bb')), { line: 1, character: 0 });
  assert.deepEqual(index.positionAt(text.indexOf('2')), { line: 1, character: 4 });
  assert.deepEqual(index.positionAt(text.length), { line: 2, character: 0 });
  assert.equal(index.lineCount, 3);
});

test('CRLF text: the CR belongs to the line break, not the line', () => {
  const text = 'a: 1\r\nbb: 2\r\n';
  const index = new LineIndex(text);
  assert.deepEqual(index.positionAt(text.indexOf('bb')), { line: 1, character: 0 });
  assert.deepEqual(index.positionAt(text.indexOf('2')), { line: 1, character: 4 });
  assert.equal(index.offsetAt({ line: 0, character: 99 }), 4, 'clamps before the CR');
  assert.equal(index.offsetAt({ line: 1, character: 4 }), text.indexOf('2'));
});

test('a lone CR ends a line, as in LSP', () => {
  const index = new LineIndex('a\rb');
  assert.deepEqual(index.positionAt(2), { line: 1, character: 0 });
});

test('non-ASCII text counts UTF-16 code units', () => {
  const text = 'note: "😀 é"\nx: 1';
  const index = new LineIndex(text);
  const e = text.indexOf('é');
  assert.deepEqual(index.positionAt(e), { line: 0, character: 10 }, 'the emoji is two code units');
  assert.equal(index.offsetAt({ line: 0, character: 10 }), e);
});

test('tabs are one character; out-of-range positions clamp', () => {
  const index = new LineIndex('\tkey: v\n');
  assert.deepEqual(index.positionAt(1), { line: 0, character: 1 });
  assert.equal(index.offsetAt({ line: 9, character: 0 }), 8);
  assert.equal(index.offsetAt({ line: -1, character: 3 }), 0);
  assert.deepEqual(index.positionAt(-5), { line: 0, character: 0 });
});

test('rangeOf converts a span across a multi-document file', () => {
  const text = 'kind: A\n---\nkind: B\n';
  const index = new LineIndex(text);
  const start = text.lastIndexOf('B');
  assert.deepEqual(index.rangeOf({ start, end: start + 1 }), { start: { line: 2, character: 6 }, end: { line: 2, character: 7 } });
});

/**
 * edits/verify.ts on its own: an edit is kept only when the edited text parses to what the change
 * means, compared on a copy of the existing parse (never the parse itself), by tree where the trees
 * match and by yaml's resolved data where they do not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkContent } from '../../server/yaml/parse/parse';
import type { ChunkParse } from '../../server/yaml/parse/parse';
import { verifyChunk } from '../../server/yaml/edits/verify';
import { sameTree } from '../../server/yaml/edits/same';
import { parseDocument } from 'yaml';
import { PARSE_OPTIONS } from '../../server/yaml/parse/parse';
import { analyzeFile } from '../../server/engine/analyze';
import { fixEdits } from '../../server/yaml/edits';
import { DEFAULT_SETTINGS } from '../../shared/settings';

const TEXT = 'a: &x 1\nb: 2\nc: *x\n';
const at = (text: string, s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });
const parseOf = (text: string): ChunkParse => new ChunkContent(text).parse()!;

test('an edit that does what the change means is kept, and the parse it started from is unchanged', () => {
  const parse = parseOf(TEXT);
  const change = { op: 'replace' as const, at: at(TEXT, '2'), value: 3 };
  const edit = { ...at(TEXT, '2'), newText: '3' };
  assert.equal(verifyChunk(parse, TEXT, [change], [edit]), true);
  assert.deepEqual(parse.doc.toJS(), { a: 1, b: 2, c: 1 });
});

test('an edit that also changes other data is dropped', () => {
  const parse = parseOf(TEXT);
  const change = { op: 'replace' as const, at: at(TEXT, '2'), value: 3 };
  // Writes the value, and also changes the anchored value that `c` reads through its alias.
  assert.equal(verifyChunk(parse, TEXT, [change], [{ start: 6, end: 7, newText: '9' }, { ...at(TEXT, '2'), newText: '3' }]), false);
  // Writes another value than the change means.
  assert.equal(verifyChunk(parse, TEXT, [change], [{ ...at(TEXT, '2'), newText: '4' }]), false);
  // Writes the value as a string.
  assert.equal(verifyChunk(parse, TEXT, [change], [{ ...at(TEXT, '2'), newText: '"3"' }]), false);
  // Renames the anchor: same tree shape, an alias that now points nowhere.
  assert.equal(verifyChunk(parse, TEXT, [change], [{ start: 3, end: 5, newText: '&y' }, { ...at(TEXT, '2'), newText: '3' }]), false);
});

test('an edit with the same data by another tree (an alias written out) falls back to the data comparison', () => {
  const parse = parseOf(TEXT);
  const change = { op: 'replace' as const, at: at(TEXT, '2'), value: 3 };
  assert.equal(verifyChunk(parse, TEXT, [change], [{ ...at(TEXT, '2'), newText: '3' }, { ...at(TEXT, '*x'), newText: '1' }]), true);
});

test('sameTree: anchors, alias names, tags and merge keys count; styles and comments do not', () => {
  const doc = (text: string) => parseDocument(text, PARSE_OPTIONS);
  assert.equal(sameTree(doc('a: &x {k: 1}\nb: {<<: *x}\n'), doc('a: &x\n  k: 1 # one\nb:\n  <<: *x\n')), true);
  assert.equal(sameTree(doc('a: &x 1\nb: *x\n'), doc('a: &y 1\nb: *y\n')), false);
  assert.equal(sameTree(doc('a: 1\n'), doc('a: "1"\n')), false);
  assert.equal(sameTree(doc('a: [1, 2]\n'), doc('a: [2, 1]\n')), false);
  assert.equal(sameTree(doc('a: .nan\n'), doc('a: .NaN\n')), true);
});

test('thousands of anchors and aliases: a fix is verified, and still rejected when it changes other data', () => {
  const n = 5000;
  const text = `${Array.from({ length: n }, (_, i) => `a${i}: &a${i} "${i}"`).join('\n')}\nb: 2\n${Array.from({ length: n }, (_, i) => `c${i}: *a${i}`).join('\n')}\n`;
  const parse = parseOf(text);
  const span = { start: text.indexOf('b: 2') + 3, end: text.indexOf('b: 2') + 4 };
  assert.equal(verifyChunk(parse, text, [{ op: 'replace', at: span, value: 3 }], [{ ...span, newText: '3' }]), true);
  const other = at(text, '"4999"');
  assert.equal(verifyChunk(parse, text, [{ op: 'replace', at: span, value: 3 }], [{ ...other, newText: '"x"' }, { ...span, newText: '3' }]), false);
});

test('a fix rendered alone checks on the document parse itself, then forgets it; later fixes are unaffected', () => {
  const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: 0\n      containers:\n        - name: web\n          image: example/web\n          ports: [{containerPort: 8080}]\n';
  const analysis = analyzeFile(text, DEFAULT_SETTINGS);
  const fixes = analysis.workloads.flatMap((w) => w.analysis.findings.flatMap((f) => f.fixes));
  assert.ok(fixes.length >= 2);
  const chunk = analysis.parsed.chunks[0]!;
  chunk.content.release();
  const alone = fixes.map((fix) => fixEdits(text, fix, analysis.parsed, true));
  assert.equal(chunk.content.isParsed, false);
  // The same edits as rendered on a parse that is kept (and copied for each check).
  assert.deepEqual(alone, fixes.map((fix) => fixEdits(text, fix, analysis.parsed)));
  assert.ok(alone.every((edits) => edits.length > 0));
  assert.equal(chunk.content.isParsed, true);
});

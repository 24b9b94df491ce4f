/**
 * Replaced scalars (server/yaml/edits/scalar.ts): which of yaml's CST rendering and the hand-written
 * in-place edit writes the change, and what each keeps of the file. The CST path follows yaml's
 * `CST.setScalarValue` / `CST.stringify` (eemeli/yaml docs/07_parsing_yaml.md, "Modifying the CST";
 * node_modules/yaml 2.9.1 dist/parse/cst-scalar.js). The control-character case follows go-yaml's
 * reader, which rejects raw U+007F–U+0084 and U+0086–U+009F (go-yaml/yaml readerc.go,
 * commit 8448f49567d2234fdee1b914c7472bebe2bb74b8, "control characters are not allowed").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, fixEdits } from '../../server/yaml/edits';
import type { OffsetEdit } from '../../server/yaml/edits';
import type { FixIntent } from '../../shared/model/output';

const lines = (...all: string[]): string => `${all.join('\n')}\n`;

/** The edits that replace the scalar written as `source` (its first occurrence) with `value`. */
function replace(text: string, source: string, value: unknown): OffsetEdit[] {
  const start = text.indexOf(source);
  assert.ok(start >= 0, `${source} not in text`);
  const intent: FixIntent = { id: 'exec-final-command', title: 'test', safe: true, changes: [{ op: 'replace', at: { start, end: start + source.length }, value }] };
  return fixEdits(text, intent);
}

for (const eol of ['\n', '\r\n']) {
  const name = eol === '\n' ? 'LF' : 'CRLF';
  test(`a literal block is written again by the CST at its own indentation, keeping its header comment (${name})`, () => {
    const text = lines('args:', '- |-  # the script', '    sleep 1', '    nginx', 'z: 1').replace(/\n/g, eol);
    const edits = replace(text, `|-  # the script${eol}    sleep 1${eol}    nginx`, 'sleep 2\n\nexec nginx\n');
    const expected = lines('args:', '- |  # the script', '    sleep 2', '', '    exec nginx', 'z: 1').replace(/\n/g, eol);
    assert.equal(applyEdits(text, edits), expected);
  });
}

test('a literal block: only the inserted words are edited', () => {
  const text = lines('args:', '- |', '  sleep 1', '  nginx -g "daemon off;"');
  const edits = replace(text, '|\n  sleep 1\n  nginx -g "daemon off;"', 'sleep 1\nexec nginx -g "daemon off;"\n');
  const at = text.indexOf('nginx');
  assert.deepEqual(edits, [{ start: at, end: at, newText: 'exec ' }]);
});

test('a folded block keeps its folding: the in-place edit inserts only the new words', () => {
  // The CST would write the value on one folded line; the file's own line breaks must stay.
  const text = lines('k: >', '  sleep 1', '', '  nginx', 'z: 1');
  const edits = replace(text, '>\n  sleep 1\n\n  nginx', 'sleep 1\nexec nginx\n');
  const at = text.indexOf('nginx');
  assert.deepEqual(edits, [{ start: at, end: at, newText: 'exec ' }]);
  assert.equal(applyEdits(text, edits), lines('k: >', '  sleep 1', '', '  exec nginx', 'z: 1'));
});

test("a double-quoted scalar keeps the file's own escapes", () => {
  // The CST (and render.ts) would write `x` and `/` for `\x78` and `\/`.
  const text = lines('k: "sleep 1; ngin\\x78 \\/x"');
  const edits = replace(text, '"sleep 1; ngin\\x78 \\/x"', 'sleep 1; exec nginx /x');
  assert.equal(applyEdits(text, edits), lines('k: "sleep 1; exec ngin\\x78 \\/x"'));
  assert.equal(edits.length, 1);
  assert.equal(edits[0]!.newText, 'exec ');
});

test('plain and single-quoted scalars are written again in their style, or quoted when they must be', () => {
  const text = lines("a: sleep 1; nginx", "b: 'sleep 1; nginx'");
  assert.equal(applyEdits(text, replace(text, 'sleep 1; nginx', 'exec nginx')), lines('a: exec nginx', "b: 'sleep 1; nginx'"));
  assert.equal(applyEdits(text, replace(text, "'sleep 1; nginx'", "it's\there")), lines('a: sleep 1; nginx', 'b: "it\'s\\there"'));
  assert.equal(applyEdits(text, replace(text, 'sleep 1; nginx', 'yes')), lines('a: "yes"', "b: 'sleep 1; nginx'"));
});

test('C1 control characters are escaped in double quotes, never written raw into a block', () => {
  const text = lines('k: |', '  sleep 1', 'z: 1');
  for (const ch of ['\u0080', '\u0085', '\u009f']) {
    const after = applyEdits(text, replace(text, '|\n  sleep 1', `x${ch}y`));
    const code = ch.charCodeAt(0).toString(16).padStart(4, '0');
    assert.equal(after, lines(`k: "x\\u${code}y"`, 'z: 1'));
  }
});

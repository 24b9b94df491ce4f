/**
 * edits/local.ts: a new key's lines checked on their own, without parsing the edited document again
 * (issue 20: SARIF checks every fix it offers, and a full check parsed a document of 10,000 aliases
 * once more per fix). Each case the local check cannot show goes to the full check (verify.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMap, parseDocument as parseYaml } from 'yaml';
import type { YAMLMap } from 'yaml';
import { insertShownLocally } from '../../server/yaml/edits/local';
import { PARSE_OPTIONS } from '../../server/yaml/parse/parse';
import { analyzeFile } from '../../server/engine/analyze';
import { applyEdits, fixEdits } from '../../server/yaml/edits';
import { DEFAULT_SETTINGS } from '../../shared/settings';

/** The mapping under `key` at the top of `text`, and the offset where the line starting with `before` begins. */
function setup(text: string, before: string): { map: YAMLMap; at: number } {
  const doc = parseYaml(text, PARSE_OPTIONS);
  const map = doc.get('a', true);
  assert.ok(isMap(map));
  const at = before === '' ? text.length : text.indexOf(before);
  assert.ok(at >= 0);
  return { map, at };
}

const shown = (text: string, before: string, lines: string, key = 'e', value: unknown = 3) => {
  const { map, at } = setup(text, before);
  return insertShownLocally(text, map, key, value, { start: at, end: at, newText: lines });
};

test('a new last key at the mapping column, followed by a less indented line or the end, is shown locally', () => {
  assert.equal(shown('a:\n  b: 1\n  c: x\nd: 2\n', 'd: 2', '  e: 3\n'), true);
  assert.equal(shown('a:\n  b: 1\n  c: x\n', '', '  e: 3\n'), true);
  assert.equal(shown('a:\n  b: 1 # note\n  # a comment\nd: 2\n', 'd: 2', '  e: 3\n'), true);
  assert.equal(shown('a:\n  b: a plain\n    scalar over lines\nd: 2\n', 'd: 2', '  e: {f: [1, 2]}\n', 'e', { f: [1, 2] }), true);
  assert.equal(shown('a:\n  b: |\n    text\nd: 2\n', 'd: 2', '  e:\n    f: 1\n', 'e', { f: 1 }), true);
  assert.equal(shown('a:\r\n  b: 1\r\nd: 2\r\n', 'd: 2', '  e: 3\r\n'), true);
});

test('what the lines alone cannot show goes to the full check', () => {
  // Before another key of the mapping: not its last entry.
  assert.equal(shown('a:\n  b: 1\n  c: x\nd: 2\n', '  c: x', '  e: 3\n'), false);
  // A blank line after the insertion: a keep-chomped block scalar before it may own it.
  assert.equal(shown('a:\n  b: |\n    text\n\nd: 2\n', '\nd: 2', '  e: 3\n'), false);
  // Deeper than the mapping's keys: the lines would continue the last value.
  assert.equal(shown('a:\n  b:\n    c: 1\nd: 2\n', 'd: 2', '    e: 3\n'), false);
  // Not a mapping entry, not the intended value, an anchor, an alias, a merge key.
  assert.equal(shown('a:\n  b: 1\nd: 2\n', 'd: 2', '  - 3\n'), false);
  assert.equal(shown('a:\n  b: 1\nd: 2\n', 'd: 2', '  e: 4\n'), false);
  assert.equal(shown('a:\n  b: 1\nd: 2\n', 'd: 2', '  e: "3"\n'), false);
  assert.equal(shown('a:\n  b: 1\nd: 2\n', 'd: 2', '  e: &k 3\n'), false);
  assert.equal(shown('a:\n  b: &k 3\nd: 2\n', 'd: 2', '  e: *k\n'), false);
  assert.equal(shown('a:\n  b: 1\nd: 2\n', 'd: 2', '  <<: {f: 1}\n', '<<', { f: 1 }), false);
  // Directives change what tags mean.
  assert.equal(shown('%TAG !e! tag:example.com,2000:\n---\na:\n  b: 1\nd: 2\n', 'd: 2', '  e: 3\n'), false);
  // Not at a line start, not a whole line.
  assert.equal(shown('a:\n  b: 1\nd: 2\n', ': 2', '  e: 3\n'), false);
  assert.equal(shown('a:\n  b: 1\nd: 2\n', 'd: 2', '  e: 3'), false);
});

/**
 * The fixes of a document rendered in a row, as SARIF renders them: the document is parsed once for
 * all of them, and a new key's lines are not checked by parsing the whole document again. Counted on
 * yaml's `parseDocument` (the module object the sources call through).
 */
test('SARIF-style fixes of one document: one parse of it for all its fixes, each fix still checked', () => {
  const env = Array.from({ length: 300 }, (_, i) => `            - {name: V${i}, value: "local-test-${i}"}`).join('\n');
  const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: example/web\n          ports: [{containerPort: 8080}]\n          env:\n${env}\n`;
  const fixes = analyzeFile(text, DEFAULT_SETTINGS).workloads.flatMap((w) => w.analysis.findings.flatMap((f) => f.fixes));
  assert.ok(fixes.length >= 2, `${fixes.length} fixes`);
  const yaml = require('yaml') as { parseDocument: typeof parseYaml };
  const original = yaml.parseDocument;
  let whole = 0;
  yaml.parseDocument = ((source: string, ...rest: unknown[]) => {
    if (source.length >= text.length - 10) whole++;
    return (original as (...args: unknown[]) => ReturnType<typeof parseYaml>)(source, ...rest);
  }) as typeof parseYaml;
  let rendered: Array<ReturnType<typeof fixEdits>>;
  try {
    rendered = fixes.map((fix) => fixEdits(text, fix, undefined, true));
  } finally {
    yaml.parseDocument = original;
  }
  assert.equal(whole, 1, 'parses of the whole document');
  for (const [i, edits] of rendered.entries()) {
    assert.ok(edits.length > 0, fixes[i]!.title);
    // The ignore fixes annotate the metadata; the others add one key to the container.
    if (fixes[i]!.title.startsWith('Ignore')) continue;
    const after = parseYaml(applyEdits(text, edits)).toJS() as { spec: { template: { spec: { containers: Array<Record<string, unknown>> } } } };
    const container = after.spec.template.spec.containers[0]!;
    assert.equal((container.env as unknown[]).length, 300);
    assert.ok(Object.keys(container).length === 5, `${fixes[i]!.title}: one key added`);
  }
});

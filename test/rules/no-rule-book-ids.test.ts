/**
 * Rule-book ids (G6, H3, SC2, …) belong in comments, tests and docs/design.md, never in what users
 * read. Two checks: every string and template literal in the code that builds messages, and every
 * message, related message and fix title produced for the bad examples and the fixtures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { analyzeFile } from '../../server/engine/analyze';
import { DEFAULT_SETTINGS } from '../../shared/settings';

const ROOT = resolve(__dirname, '../..');
const RULE_BOOK_ID = /\b(?:G[1-6]|K[1-4]|H[1-6]|S[1-3]|SC[1-6]|SIG[12]|P1|N[1-5]|W[1-3]|E[1-3]|V(?:10|[1-9])|M[12])\b/;

/** Every piece of literal text in a TypeScript file (strings and the fixed parts of templates). */
function literals(path: string): string[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      // Import paths are not text anybody reads.
      if (!ts.isImportDeclaration(node.parent) && !ts.isExportDeclaration(node.parent)) out.push(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

test('no rule-book id in any literal text of the model, the hover or the timeline text', () => {
  const files = [...tsFiles(join(ROOT, 'shared/model')), join(ROOT, 'shared/timeline-text.ts'), ...tsFiles(join(ROOT, 'server/lsp/features'))];
  assert.ok(files.length > 30, `scanned ${files.length} files`);
  const offenders = files.flatMap((file) => literals(file).filter((text) => RULE_BOOK_ID.test(text)).map((text) => `${file.slice(ROOT.length + 1)}: ${JSON.stringify(text)}`));
  assert.deepEqual(offenders, []);
});

test('the scan would catch the old exec-hook-unavailable wording', () => {
  assert.ok(RULE_BOOK_ID.test('fails at once and delays nothing (H3).'));
  assert.ok(!RULE_BOOK_ID.test('SIGTERM at 5 s, SIGKILL at 30 s; HTTP 503; v1.Signal'));
});

test('no rule-book id in any produced message, related message or fix title', () => {
  const dirs = [join(ROOT, 'examples/bad'), join(ROOT, 'examples/good'), join(ROOT, 'test/fixtures')];
  const files = dirs.flatMap((dir) => readdirSync(dir).filter((n) => n.endsWith('.yaml')).map((n) => join(dir, n)));
  let messages = 0;
  for (const file of files) {
    for (const [version, featureGates] of [['1.28', {}], ['1.31', {}], ['1.34', { ContainerStopSignals: true }], ['1.37', {}], ['1.38', {}]] as const) {
      const analysis = analyzeFile(readFileSync(file, 'utf8'), { ...DEFAULT_SETTINGS, kubernetesVersion: version, rules: {}, featureGates });
      for (const finding of analysis.workloads.flatMap((w) => w.analysis.findings)) {
        for (const text of [finding.message, ...finding.related.map((r) => r.message), ...finding.fixes.map((f) => f.title)]) {
          messages++;
          assert.doesNotMatch(text, RULE_BOOK_ID, `${file}: ${finding.rule}`);
        }
      }
    }
  }
  assert.ok(messages > 50, `checked ${messages} texts`);
});

/**
 * Objects are identified by document and position, never by metadata.name (issue 11): same-named
 * objects in two namespaces, unnamed objects and same-named containers are each fixed, by one
 * fix-all pass and by the quick fix asked for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import { analyzeFile } from '../../server/engine/analyze';
import { fixAllText } from '../../server/engine/fixall';
import { containerPath } from '../../server/engine/identity';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { open } from './harness';
import { deployment } from './manifests';

const LIVENESS_PORT = readFileSync(resolve(__dirname, '../fixtures/liveness-port.yml'), 'utf8');

const codes = (text: string) => analyzeFile(text, DEFAULT_SETTINGS).workloads.flatMap((w) => w.analysis.findings.map((f) => `${w.id}:${f.rule}:${f.span.start}`));
const fixAll = (text: string) => fixAllText(text, DEFAULT_SETTINGS);
const prestopMissing = (text: string) => codes(text).filter((c) => c.includes('prestop-missing'));

function apply(text: string, action: CodeAction): string {
  const change = action.edit!.documentChanges![0] as TextDocumentEdit;
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 1, text), change.edits as TextEdit[]);
}

test('fix-all: two `web` Deployments in namespaces a and b are both fixed in one pass', () => {
  const text = `${deployment('web', 'a')}---\n${deployment('web', 'b')}`;
  const { text: fixed, applied } = fixAll(text);
  assert.equal(applied.length, 2, applied.join('\n'));
  assert.deepEqual(prestopMissing(fixed), []);
  assert.equal(fixed.split('preStop:').length - 1, 2);
});

test('fix-all: unnamed objects do not collide', () => {
  const text = `${deployment(undefined)}---\n${deployment(undefined)}---\n${deployment(undefined)}`;
  const { text: fixed } = fixAll(text);
  assert.deepEqual(prestopMissing(fixed), []);
  assert.equal(fixed.split('preStop:').length - 1, 3);
});

test("kube-linter's liveness-port.yml: fix-all clears every fixable finding and is idempotent", () => {
  assert.equal(prestopMissing(LIVENESS_PORT).length, 5, 'five containers, two of them with the same name');
  const once = fixAll(LIVENESS_PORT);
  assert.equal(once.applied.length, 5, once.applied.join('\n'));
  assert.deepEqual(prestopMissing(once.text), []);
  const twice = fixAll(once.text);
  assert.equal(twice.text, once.text, 'a second pass changes nothing');
  assert.deepEqual(twice.applied, []);
});

test("kube-linter's liveness-port.yml: each container's quick fix clears its own finding", async () => {
  let o = open(LIVENESS_PORT);
  for (let round = 0; round < 5; round++) {
    const diagnostics = (await o.service.diagnostics(o.uri)).filter((d) => d.code === 'prestop-missing');
    assert.equal(diagnostics.length, 5 - round);
    // Always the last one: the second of the two same-named containers comes before the end.
    const diagnostic = diagnostics[diagnostics.length - 1]!;
    const actions = await o.service.codeActions({ textDocument: { uri: o.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
    const after = apply(o.text, actions[0]!);
    const line = after.split('\n').findIndex((l, i) => l.includes('preStop:') && !o.text.split('\n')[i]?.includes('preStop:'));
    assert.ok(line > diagnostic.range.start.line, 'the fix edits the container of the diagnostic');
    o = open(after);
    const left = (await o.service.diagnostics(o.uri)).filter((d) => d.code === 'prestop-missing');
    assert.deepEqual(left.map((d) => d.range.start.line), diagnostics.slice(0, -1).map((d) => d.range.start.line));
  }
});

test("a quick fix asked for b's diagnostic edits b, also after the text moved", async () => {
  const text = `${deployment('web', 'a')}---\n${deployment('web', 'b')}`;
  const o = open(text);
  const diagnostics = (await o.service.diagnostics(o.uri)).filter((d) => d.code === 'prestop-missing');
  assert.equal(diagnostics.length, 2);
  const forB = diagnostics[1]!;
  const bStart = text.indexOf('namespace: b');
  for (const current of [text, `# moved down by one line\n${text}`]) {
    o.update(current);
    const actions = await o.service.codeActions({ textDocument: { uri: o.uri }, range: forB.range, context: { diagnostics: [forB], only: ['quickfix'] } });
    const after = apply(current, actions[0]!);
    const inserted = after.indexOf('preStop:');
    assert.ok(inserted > current.indexOf('namespace: b') && inserted > bStart, `the preStop went into b, at ${inserted}`);
    assert.equal(after.split('preStop:').length, 2);
  }
});

test('fix-all: 60 workloads need one pass, not two, and few rounds of analysis', () => {
  const text = Array.from({ length: 60 }, (_, i) => deployment(`app-${i}`)).join('---\n');
  let rounds = 0;
  const { text: fixed, applied } = fixAllText(text, DEFAULT_SETTINGS, (next, previous) => {
    rounds++;
    return analyzeFile(next, DEFAULT_SETTINGS, previous);
  });
  assert.equal(applied.length, 60);
  assert.deepEqual(prestopMissing(fixed), []);
  // One round fixes one finding per document; the second finds nothing left.
  assert.equal(rounds, 2);
});

test('containerPath: by the container holding the finding, by name otherwise; aliased containers sharing a span too', () => {
  const many = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers:', ...Array.from({ length: 300 }, (_, i) => `    - {name: c${i}, image: x, ports: [{containerPort: ${1000 + i}}]}`)].join('\n');
  const workload = analyzeFile(`${many}\n`, DEFAULT_SETTINGS).workloads[0]!.input.workload;
  const c = workload.pod.containers;
  assert.equal(containerPath(workload, { span: c[250]!.nameSpan, container: 'c250' }), 'containers[250]');
  // A span inside container 7 names container 7, whatever name the finding carries.
  assert.equal(containerPath(workload, { span: c[7]!.span, container: 'c9' }), 'containers[7]');
  // Outside every container: by name, else the name itself.
  assert.equal(containerPath(workload, { span: { start: 0, end: 1 }, container: 'c42' }), 'containers[42]');
  assert.equal(containerPath(workload, { span: { start: 0, end: 1 }, container: 'none' }), 'none');
  const aliased = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec:', '  containers:', '    - &side {name: side, image: x}', '    - *side', '    - {name: web, image: y}', ''].join('\n');
  const shared = analyzeFile(aliased, DEFAULT_SETTINGS).workloads[0]!.input.workload;
  assert.equal(shared.pod.containers.length, 3);
  assert.equal(containerPath(shared, { span: shared.pod.containers[1]!.span, container: 'side' }), 'containers[0]');
  assert.equal(containerPath(shared, { span: shared.pod.containers[2]!.nameSpan, container: 'web' }), 'containers[2]');
});

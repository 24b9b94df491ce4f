/** Code actions through the service: whole before/after text, versioned edits, fix-all, other sources ignored. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import { open, WEB } from './harness';

async function actionsFor(text: string, code: string, settings = {}) {
  const o = open(text, settings);
  const diagnostics = await o.service.diagnostics(o.uri);
  const diagnostic = diagnostics.find((d) => d.code === code)!;
  assert.ok(diagnostic, `a ${code} diagnostic in ${diagnostics.map((d) => d.code).join()}`);
  const actions = await o.service.codeActions({ textDocument: { uri: o.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  return { o, diagnostic, actions };
}

function apply(text: string, action: CodeAction): string {
  const change = action.edit!.documentChanges![0] as TextDocumentEdit;
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 1, text), change.edits as TextEdit[]);
}

test('insert-prestop-sleep: the whole text after the fix, and the diagnostic is gone', async () => {
  const { o, actions } = await actionsFor(WEB, 'prestop-missing');
  assert.deepEqual((actions[0]!.edit!.documentChanges![0] as TextDocumentEdit).textDocument, { uri: o.uri, version: 1 });
  const after = apply(WEB, actions[0]!);
  assert.equal(
    after,
    WEB.replace('          readinessProbe: {httpGet: {path: /ready, port: 8080}}\n', '          readinessProbe: {httpGet: {path: /ready, port: 8080}}\n          lifecycle:\n            preStop:\n              sleep:\n                seconds: 5\n'),
  );
  o.update(after);
  assert.deepEqual((await o.service.diagnostics(o.uri)).map((d) => d.code), []);
});

test('CRLF and a flow-style container: the fix keeps both', async () => {
  const text = WEB.replace(
    '        - name: web\n          image: example/web:1.0\n          ports: [{containerPort: 8080}]\n          readinessProbe: {httpGet: {path: /ready, port: 8080}}\n',
    '        - {name: web, image: example/web:1.0, ports: [{containerPort: 8080}], readinessProbe: {tcpSocket: {port: 8080}}} # the app\n',
  ).replace(/\n/g, '\r\n');
  const { o, actions } = await actionsFor(text, 'prestop-missing');
  const after = apply(text, actions[0]!);
  assert.equal(after, text.replace('readinessProbe: {tcpSocket: {port: 8080}}}', 'readinessProbe: {tcpSocket: {port: 8080}}, lifecycle: {preStop: {sleep: {seconds: 5}}}}'));
  assert.ok(!/[^\r]\n/.test(after), 'no bare LF in a CRLF file');
  o.update(after);
  assert.deepEqual((await o.service.diagnostics(o.uri)).map((d) => d.code), []);
});

test('ignore-rule adds the kubegrace/ignore annotation', async () => {
  const { actions } = await actionsFor(WEB, 'prestop-missing');
  const ignore = actions.find((a) => a.title.startsWith('Ignore prestop-missing'))!;
  assert.equal(apply(WEB, ignore), WEB.replace('metadata:\n  name: web\nspec:\n  selector', 'metadata:\n  name: web\n  annotations:\n    kubegrace/ignore: prestop-missing\nspec:\n  selector'));
});

test('the target version changes the offered fix: exec sleep below 1.30', async () => {
  const { actions } = await actionsFor(WEB, 'prestop-missing', { kubernetesVersion: '1.29' });
  assert.match(apply(WEB, actions[0]!), /preStop:\n {14}exec:\n {16}command:\n {18}- sleep\n {18}- "5"\n/);
});

test('diagnostics of other sources get no actions; stale data still finds its finding', async () => {
  const { o, diagnostic } = await actionsFor(WEB, 'prestop-missing');
  const foreign: Diagnostic = { ...diagnostic, source: 'yaml' };
  assert.deepEqual(await o.service.codeActions({ textDocument: { uri: o.uri }, range: diagnostic.range, context: { diagnostics: [foreign] } }), []);
  o.update(`# a comment moves everything down\n${WEB}`);
  const moved = await o.service.codeActions({ textDocument: { uri: o.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  assert.equal(moved[0]!.title, 'Add a 5 s preStop delay for web');
  assert.deepEqual((moved[0]!.edit!.documentChanges![0] as TextDocumentEdit).textDocument.version, 2);
});

test('source.fixAll.kubegrace applies every safe fix in one minimal edit', async () => {
  const two = `${WEB}---\n${WEB.replace(/web/g, 'api')}`;
  const o = open(two);
  const actions = await o.service.codeActions({ textDocument: { uri: o.uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.kubegrace'] } });
  assert.equal(actions.length, 1);
  assert.equal(actions[0]!.kind, 'source.fixAll.kubegrace');
  const edits = (actions[0]!.edit!.documentChanges![0] as TextDocumentEdit).edits;
  assert.equal(edits.length, 1);
  const after = apply(two, actions[0]!);
  o.update(after);
  assert.deepEqual(await o.service.diagnostics(o.uri), []);
  assert.equal(after.split('sleep:').length - 1, 2, 'both workloads got their delay');
  assert.deepEqual(await o.service.codeActions({ textDocument: { uri: o.uri }, range: edits[0]!.range, context: { diagnostics: [] , only: ['quickfix'] } }), []);
});

/**
 * Protocol tests against the bundled server (dist/server.js, built by `npm test` first): the
 * InitializeResult as a contract, a push-only and a pull client, a quick fix applied over the wire,
 * settings pulled per resource, and malformed input that must not take the server down.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PULL_CLIENT, PUSH_CLIENT, TestClient } from './client';
import { WEB } from '../server/harness';

const URI = 'file:///work/web.yaml';


after(() => TestClient.killAll());

test('push-only client: the InitializeResult contract, then pushed diagnostics', async () => {
  const client = new TestClient();
  const init = await client.initialize(PUSH_CLIENT);
  assert.deepEqual(init.capabilities, {
    textDocumentSync: 2,
    hoverProvider: true,
    codeLensProvider: { resolveProvider: false },
    codeActionProvider: { codeActionKinds: ['quickfix', 'source.fixAll.kubegrace'], resolveProvider: false },
  });
  assert.deepEqual(init.serverInfo, { name: 'kubegrace', version: require('../../package.json').version });
  await client.open(URI, WEB);
  const published = await client.until(() => client.latest(URI, 1), 'diagnostics for version 1');
  assert.deepEqual(published.diagnostics.map((d) => [d.source, d.code, d.range.start.line, d.range.start.character]), [['kubegrace', 'prestop-missing', 13, 16]]);
  const hover = await client.connection.sendRequest<{ contents: { kind: string; value: string } }>('textDocument/hover', { textDocument: { uri: URI }, position: { line: 13, character: 17 } });
  assert.equal(hover.contents.kind, 'plaintext');
  assert.match(hover.contents.value, /SIGKILL 30 s/);
  assert.equal(await client.stop(), 0);
});

test('pull client: diagnosticProvider, textDocument/diagnostic, refresh after a settings change', async () => {
  const client = new TestClient();
  const init = await client.initialize(PULL_CLIENT);
  assert.deepEqual(init.capabilities.diagnosticProvider, { identifier: 'kubegrace', interFileDependencies: true, workspaceDiagnostics: false });
  const text = WEB.replace('readinessProbe: {httpGet: {path: /ready, port: 8080}}', 'readinessProbe: {httpGet: {path: /ready, port: 8080}}\n          lifecycle: {preStop: {sleep: {seconds: 5}}}');
  await client.open(URI, text);
  const pull = () => client.connection.sendRequest<{ kind: string; items: Array<{ code: string }> }>('textDocument/diagnostic', { textDocument: { uri: URI } });
  const first = await pull();
  assert.equal(first.kind, 'full');
  assert.deepEqual(first.items, []);
  assert.deepEqual(client.published, [], 'a pull client gets no pushed diagnostics');
  client.configuration = { kubernetesVersion: '1.29' };
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await client.until(() => client.refreshes > 0, 'workspace/diagnostic/refresh');
  assert.deepEqual((await pull()).items.map((d) => d.code), ['sleep-action-unavailable']);
  assert.equal(await client.stop(), 0);
});

test('a quick fix applied over the wire makes its diagnostic disappear', async () => {
  const client = new TestClient();
  await client.initialize(PUSH_CLIENT);
  await client.open(URI, WEB);
  const published = await client.until(() => client.latest(URI, 1), 'diagnostics');
  const diagnostic = published.diagnostics[0]!;
  const actions = await client.connection.sendRequest<Array<{ title: string; kind: string; isPreferred?: boolean; edit: { documentChanges: Array<{ textDocument: { uri: string; version: number }; edits: Array<{ range: never; newText: string }> }> } }>>(
    'textDocument/codeAction',
    { textDocument: { uri: URI }, range: diagnostic.range, context: { diagnostics: [diagnostic] } },
  );
  assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred]), [
    ['Add a 5 s preStop delay for web', 'quickfix', true],
    ['Ignore prestop-missing for Deployment/web (kubegrace/ignore annotation)', 'quickfix', false],
  ]);
  const change = actions[0]!.edit.documentChanges[0]!;
  assert.deepEqual(change.textDocument, { uri: URI, version: 1 });
  const fixed = TextDocument.applyEdits(TextDocument.create(URI, 'yaml', 1, WEB), change.edits);
  await client.change(URI, 2, fixed);
  const after = await client.until(() => client.latest(URI, 2), 'diagnostics for version 2');
  assert.deepEqual(after.diagnostics, []);
  assert.equal(await client.stop(), 0);
});

test('malformed input keeps the server alive: broken YAML, a half-typed line, an alias bomb, a 2 MB file', async () => {
  const client = new TestClient();
  await client.initialize(PUSH_CLIENT);
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
  const inputs: Array<[string, string]> = [
    ['file:///work/broken.yaml', 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template: {spec: [\n'],
    ['file:///work/half.yaml', WEB.replace('          image: example/web:1.0\n', '          image: example/web:1.0\n          lifecycle:\n            preStop:\n              sle')],
    ['file:///work/bomb.yaml', `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n${bomb}\nspec:\n  containers: [{name: c, image: x, args: *j}]\n`],
    ['file:///work/big.yaml', `${WEB}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  blob: "${'x'.repeat(2 * 1024 * 1024)}"\n`],
  ];
  for (const [uri, text] of inputs) await client.open(uri, text);
  for (const [uri] of inputs) await client.until(() => client.latest(uri), `diagnostics for ${uri}`);
  assert.deepEqual(client.latest('file:///work/broken.yaml')!.diagnostics, []);
  assert.deepEqual(client.latest('file:///work/big.yaml')!.diagnostics.map((d) => d.code), ['prestop-missing']);
  const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: 'file:///work/big.yaml' }, position: { line: 1, character: 8 } });
  assert.match(hover!.contents.value, /termination timeline/);
  assert.equal(await client.stop(), 0, `stderr: ${client.stderr}`);
});

test('a client without workspace/configuration can push settings with didChangeConfiguration', async () => {
  const client = new TestClient();
  await client.initialize({ textDocument: { publishDiagnostics: {} } });
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { kubegrace: { endpointPropagationSeconds: 7 } } });
  await client.open(URI, WEB);
  const published = await client.until(() => client.latest(URI, 1), 'diagnostics');
  assert.match(published.diagnostics[0]!.message, /≈7 s/);
  assert.equal(await client.stop(), 0);
});

test('a document with the language id helm (Kubernetes extension, helm-ls) is checked like YAML', async () => {
  // The client's selector (client/src/extension.ts) sends such documents; the server must answer them.
  const source = readFileSync(resolve(__dirname, '../../client/src/extension.ts'), 'utf8');
  assert.match(source, /documentSelector: \[[^\]]*\{ language: 'helm' \}/);
  const client = new TestClient();
  await client.initialize(PUSH_CLIENT);
  const uri = 'file:///work/templates/web.yaml';
  await client.open(uri, WEB, 1, 'helm');
  const published = await client.until(() => client.latest(uri, 1), 'diagnostics for the helm document');
  assert.deepEqual(published.diagnostics.map((d) => d.code), ['prestop-missing']);
  assert.equal(await client.stop(), 0);
});

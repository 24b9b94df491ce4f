/**
 * The server over real JSON-RPC with malformed input (issue 11 "Protocol"): bad params get an
 * InvalidParams error response, never an error-level log with a JS stack; requests after `shutdown`
 * are refused; a Helm template does not make the yaml library log; huge grace periods answer.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { PULL_CLIENT, TestClient } from '../protocol/client';
import { WEB } from '../server/harness';
import { deployment } from './helpers';

after(() => TestClient.killAll());

const URI = 'file:///work/robust.yaml';
const INVALID_PARAMS = -32602;
const INVALID_REQUEST = -32600;

async function errorCode(client: TestClient, method: string, params: unknown): Promise<number | 'answered'> {
  try {
    await client.connection.sendRequest(method, params);
    return 'answered';
  } catch (error) {
    return (error as { code: number }).code;
  }
}

/** Log lines that look like a crash: an error with a JS stack frame. */
function stacks(client: TestClient): string[] {
  return [...client.logs, client.stderr].filter((line) => /\n\s+at .+:\d+:\d+/.test(line) || /failed:/.test(line));
}

test('malformed params get InvalidParams, and the server logs no stack', async () => {
  const client = new TestClient();
  await client.initialize(PULL_CLIENT);
  await client.open(URI, WEB);
  const position = { line: 1, character: 2 };
  const range = { start: position, end: position };
  const cases: Array<[string, unknown]> = [
    ['textDocument/hover', {}],
    ['textDocument/hover', { textDocument: { uri: URI } }],
    ['textDocument/hover', { textDocument: { uri: URI }, position: { line: 'a' } }],
    ['textDocument/codeAction', {}],
    ['textDocument/codeAction', { textDocument: { uri: URI }, range }],
    ['textDocument/codeAction', { textDocument: { uri: URI }, range, context: { diagnostics: [], only: 'quickfix' } }],
    ['textDocument/codeAction', { textDocument: { uri: URI }, range, context: { diagnostics: [null] } }],
    ['textDocument/codeLens', {}],
    ['textDocument/diagnostic', {}],
    ['textDocument/diagnostic', { textDocument: null }],
    ['kubegrace/timeline', {}],
    ['kubegrace/timeline', { uri: URI }],
  ];
  for (const [method, params] of cases) assert.equal(await errorCode(client, method, params), INVALID_PARAMS, `${method} ${JSON.stringify(params)}`);
  // A forged diagnostic of ours without `data`: no fix to find, an empty answer, no crash.
  const forged = { range, message: 'x', source: 'kubegrace', code: 'prestop-missing' };
  for (const data of [undefined, null, { key: 5 }, 'x']) {
    const diagnostics = [{ ...forged, ...(data === undefined ? {} : { data }) }];
    assert.deepEqual(await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range, context: { diagnostics } }), [], JSON.stringify(data));
  }
  // Malformed notifications are dropped; the document stays usable.
  await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: null });
  await client.connection.sendNotification('textDocument/didOpen', null);
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: null });
  await client.connection.sendNotification('workspace/didChangeConfiguration', null);
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', {});
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [null] });
  const report = await client.connection.sendRequest<{ items: Array<{ code: string }> }>('textDocument/diagnostic', { textDocument: { uri: URI } });
  assert.deepEqual(report.items.map((d) => d.code), ['prestop-missing']);
  assert.deepEqual(stacks(client), []);
  assert.equal(await client.stop(), 0);
});

test('requests after shutdown are refused with InvalidRequest', async () => {
  const client = new TestClient();
  await client.initialize(PULL_CLIENT);
  await client.open(URI, WEB);
  await client.connection.sendRequest('shutdown');
  assert.equal(await errorCode(client, 'textDocument/hover', { textDocument: { uri: URI }, position: { line: 1, character: 2 } }), INVALID_REQUEST);
  assert.equal(await errorCode(client, 'textDocument/diagnostic', { textDocument: { uri: URI } }), INVALID_REQUEST);
  await client.connection.sendNotification('exit');
  await client.until(() => client.process.exitCode !== null || undefined, 'exit');
});

test('a Helm template: code actions do not make the yaml library log', async () => {
  const client = new TestClient();
  await client.initialize(PULL_CLIENT);
  // `{{ .Values.replicas }}` parses as a flow mapping whose key is a flow mapping.
  const template = WEB.replace('spec:\n  selector:', 'spec:\n  replicas: {{ .Values.replicas }}\n  selector:');
  assert.notEqual(template, WEB);
  await client.open(URI, template);
  const range = { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } };
  const report = await client.connection.sendRequest<{ items: unknown[] }>('textDocument/diagnostic', { textDocument: { uri: URI } });
  await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range, context: { diagnostics: report.items, only: ['quickfix', 'source.fixAll.kubegrace'] } });
  await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 1, character: 2 } });
  assert.equal(await client.stop(), 0);
  assert.doesNotMatch([...client.logs, client.stderr].join('\n'), /stringified|Warning/);
});

test('hover and kubegrace/timeline answer at once for huge grace periods', async () => {
  const client = new TestClient();
  await client.initialize(PULL_CLIENT);
  for (const [i, tgps] of ['1000000000', '9223372036854775807', '.inf'].entries()) {
    const uri = `file:///work/huge${i}.yaml`;
    await client.open(uri, deployment({ tgps }));
    const position = { line: 1, character: 7 };
    const started = Date.now();
    const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position });
    const timeline = await client.connection.sendRequest<{ timeline: { gracePeriodSeconds: number } } | null>('kubegrace/timeline', { uri, position });
    assert.ok(Date.now() - started < 5000, `${tgps}: ${Date.now() - started} ms`);
    assert.match(hover!.contents.value, /SIGKILL/);
    assert.ok(Number.isSafeInteger(timeline!.timeline.gracePeriodSeconds));
  }
  assert.equal(await client.stop(), 0);
});

test('a long code action yields to a newer hover and stops at $/cancelRequest', async () => {
  const { CancellationTokenSource } = await import('vscode-jsonrpc/node');
  const client = new TestClient();
  await client.initialize(PULL_CLIENT);
  const many = Array.from({ length: 150 }, (_, i) => WEB.replace(/\bweb\b/g, `web${i}`)).join('---\n');
  await client.open(URI, many);
  const report = await client.connection.sendRequest<{ items: unknown[] }>('textDocument/diagnostic', { textDocument: { uri: URI } });
  assert.ok(report.items.length >= 150);
  const params = { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: report.items, only: ['quickfix'] } };
  const order: string[] = [];
  let started = Date.now();
  const full = client.connection.sendRequest<unknown[]>('textDocument/codeAction', params).then((r) => {
    order.push('codeAction');
    return r;
  });
  const hover = client.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 1, character: 7 } }).then(() => order.push('hover'));
  const actions = await full;
  await hover;
  const fullMs = Date.now() - started;
  assert.ok(actions.length >= 150);
  assert.deepEqual(order, ['hover', 'codeAction'], 'the hover is answered while the code action is still being computed');
  // The same request, cancelled at once: an error response, long before the full computation.
  const source = new CancellationTokenSource();
  started = Date.now();
  const cancelled = client.connection.sendRequest('textDocument/codeAction', params, source.token).then(
    () => 'answered',
    (error: { code: number }) => error.code,
  );
  setTimeout(() => source.cancel(), 5);
  assert.equal(await cancelled, -32800);
  const cancelledMs = Date.now() - started;
  assert.ok(cancelledMs < fullMs / 2, `cancelled after ${cancelledMs} ms, the full request took ${fullMs} ms`);
  assert.equal(await client.stop(), 0);
});

test('a client that resolves code actions: resolveProvider, and codeAction/resolve over the wire', async () => {
  const client = new TestClient();
  const init = await client.initialize({ ...PULL_CLIENT, textDocument: { ...PULL_CLIENT.textDocument, codeAction: { resolveSupport: { properties: ['edit'] } } } });
  assert.equal((init.capabilities.codeActionProvider as { resolveProvider: boolean }).resolveProvider, true);
  const large = `${WEB}---\n${'# padding padding padding padding\n'.repeat(9000)}`;
  await client.open(URI, large);
  const report = await client.connection.sendRequest<{ items: unknown[] }>('textDocument/diagnostic', { textDocument: { uri: URI } });
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const actions = await client.connection.sendRequest<Array<{ title: string; edit?: unknown }>>('textDocument/codeAction', { textDocument: { uri: URI }, range, context: { diagnostics: report.items } });
  assert.ok(actions.length > 0 && actions.every((a) => a.edit === undefined));
  const resolved = await client.connection.sendRequest<{ edit?: { documentChanges: unknown[] } }>('codeAction/resolve', actions[0]);
  assert.equal(resolved.edit?.documentChanges.length, 1);
  assert.equal(await errorCode(client, 'codeAction/resolve', {}), INVALID_PARAMS);
  assert.equal(await client.stop(), 0);
});

test('a document nested 1,000 levels deep: open, edit, pull diagnostics and fix-all, the server stays up', async () => {
  const client = new TestClient();
  await client.initialize(PULL_CLIENT);
  const deep = `${'['.repeat(1000)}${']'.repeat(1000)}\n`;
  let exit: string | undefined;
  client.process.on('exit', (code, signal) => (exit = `${code ?? signal}: ${client.stderr.slice(0, 200)}`));
  await client.open(URI, 'a: 1\n');
  await client.change(URI, 2, deep);
  const alone = await client.connection.sendRequest<{ items: unknown[] }>('textDocument/diagnostic', { textDocument: { uri: URI } });
  assert.deepEqual(alone.items, []);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  assert.deepEqual(await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: URI }, range, context: { diagnostics: [], only: ['source.fixAll.kubegrace'] } }), []);
  assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line: 0, character: 3 } }), null);
  assert.equal(exit, undefined);
  await client.change(URI, 3, `${WEB}---\n${deep}`);
  const report = await client.connection.sendRequest<{ items: Array<{ code: string }> }>('textDocument/diagnostic', { textDocument: { uri: URI } });
  assert.deepEqual(report.items.map((d) => d.code), ['prestop-missing']);
  const actions = await client.connection.sendRequest<Array<{ kind: string }>>('textDocument/codeAction', { textDocument: { uri: URI }, range, context: { diagnostics: report.items, only: ['quickfix', 'source.fixAll.kubegrace'] } });
  assert.ok(actions.some((a) => a.kind === 'source.fixAll.kubegrace'));
  assert.equal(await client.stop(), 0);
});

/**
 * Pulled diagnostics with result ids (LSP 3.17 `previousResultId`, `kind: 'unchanged'`), over a real
 * server (dist/server.js): a client that holds the current list gets an unchanged report instead of
 * the list again (issue 20: 4.3 MB at 5,000 findings), and a full one, with a new id, when an edit
 * changed the list.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { PULL_CLIENT, TestClient } from './client';
import { WEB } from '../server/harness';

const URI = 'file:///work/pull.yaml';

after(() => TestClient.killAll());

interface Report {
  kind: 'full' | 'unchanged';
  resultId?: string;
  items?: Array<{ code: string; range: { start: { line: number } } }>;
}

test('pull with result ids: unchanged while the list is the same, full with a new id when an edit changed it', async () => {
  const client = new TestClient();
  await client.initialize(PULL_CLIENT);
  const pull = (previousResultId?: string) => client.connection.sendRequest<Report>('textDocument/diagnostic', { textDocument: { uri: URI }, ...(previousResultId ? { previousResultId } : {}) });
  let version = 1;
  let text = WEB;
  const edit = async (next: string) => {
    text = next;
    await client.change(URI, ++version, text);
  };
  await client.open(URI, text);

  const first = await pull();
  assert.equal(first.kind, 'full');
  assert.ok(first.resultId, 'a full report carries a result id');
  assert.deepEqual(first.items!.map((d) => [d.code, d.range.start.line]), [['prestop-missing', 13]]);
  assert.deepEqual(await pull(first.resultId), { kind: 'unchanged', resultId: first.resultId });

  // A comment at the end changes the text, not the list.
  await edit(`${text}# the end\n`);
  assert.deepEqual(await pull(first.resultId), { kind: 'unchanged', resultId: first.resultId });
  // A client that holds another list (or none) gets the whole list, under the current id.
  assert.deepEqual(await pull('an-old-id'), { ...first, resultId: first.resultId });

  // A line above moves the finding: a new list, a new id.
  await edit(`# a line above\n${text}`);
  const moved = await pull(first.resultId);
  assert.equal(moved.kind, 'full');
  assert.notEqual(moved.resultId, first.resultId);
  assert.deepEqual(moved.items!.map((d) => [d.code, d.range.start.line]), [['prestop-missing', 14]]);
  assert.deepEqual(await pull(moved.resultId), { kind: 'unchanged', resultId: moved.resultId });

  // Fixed: the empty list is a change too.
  await edit(text.replace('readinessProbe: {httpGet: {path: /ready, port: 8080}}', 'readinessProbe: {httpGet: {path: /ready, port: 8080}}\n          lifecycle: {preStop: {sleep: {seconds: 5}}}'));
  const fixed = await pull(moved.resultId);
  assert.equal(fixed.kind, 'full');
  assert.deepEqual(fixed.items, []);
  assert.notEqual(fixed.resultId, moved.resultId);

  // Closed and opened again: nothing is assumed about what the client kept.
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: URI } });
  await client.open(URI, text, 1);
  const reopened = await pull(fixed.resultId);
  assert.equal(reopened.kind, 'full');
  assert.deepEqual(reopened.items, []);
  assert.equal(await client.stop(), 0);
});

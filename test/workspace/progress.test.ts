/**
 * The workspace index reports work-done progress over the real JSON-RPC connection (issue 11): the
 * server asks to create a token, then sends begin, reports while files are read, and end.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { PUSH_CLIENT, TestClient } from '../protocol/client';
import { DEPLOYMENT, SERVICE, workspaceOnDisk } from './fixture';

after(() => TestClient.killAll());

interface Progress {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string };
}

test('indexing a folder shows work-done progress: begin, reports, end', async (t) => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`app-${i}/deploy.yaml`] = DEPLOYMENT.replace(/web/g, `web-${i}`);
  files['service.yaml'] = SERVICE;
  const ws = workspaceOnDisk(files);
  t.after(() => ws.cleanup());
  const client = new TestClient();
  const created: Array<string | number> = [];
  const progress: Progress[] = [];
  client.connection.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
    created.push(p.token);
    return null;
  });
  client.connection.onNotification('$/progress', (p: Progress) => {
    progress.push(p);
  });
  await client.initialize({ ...PUSH_CLIENT, window: { workDoneProgress: true } }, { workspaceFolders: [{ uri: ws.uri, name: 'ws' }] });
  await client.until(() => client.logs.find((l) => /indexed 41 YAML files of file:/.test(l)), 'the index finished');
  await client.until(() => progress.some((p) => p.value.kind === 'end') || undefined, 'the end of the progress');
  assert.equal(created.length, 1);
  assert.ok(progress.every((p) => p.token === created[0]), 'every notification carries the created token');
  const kinds = progress.map((p) => p.value.kind);
  assert.equal(kinds[0], 'begin');
  assert.equal(kinds[kinds.length - 1], 'end');
  assert.ok(kinds.filter((k) => k === 'report').length >= 2, `reports while reading 41 files: ${kinds.join()}`);
  assert.match(progress[0]!.value.title!, /KubeGrace/);
  assert.match(progress.find((p) => p.value.kind === 'report')!.value.message!, /^\d+ files of ws$/);
  assert.equal(await client.stop(), 0, client.stderr);
});

test('a client without work-done progress gets no progress requests, and the index still finishes', async (t) => {
  const ws = workspaceOnDisk({ 'deploy.yaml': DEPLOYMENT, 'service.yaml': SERVICE });
  t.after(() => ws.cleanup());
  const client = new TestClient();
  let asked = 0;
  client.connection.onRequest('window/workDoneProgress/create', () => {
    asked++;
    return null;
  });
  await client.initialize(PUSH_CLIENT, { workspaceFolders: [{ uri: ws.uri, name: 'ws' }] });
  await client.until(() => client.logs.find((l) => /indexed 2 YAML files of file:/.test(l)), 'the index finished');
  assert.equal(asked, 0);
  assert.equal(await client.stop(), 0, client.stderr);
});

/**
 * Issue 20: every request the server makes to the client survives an error answer, a null answer
 * and no answer at all. A real server over stdio, with a client that answers each of them
 * (configuration, registration, progress, diagnostics and code lens refresh, message requests)
 * that way: the server keeps answering, and does not exit.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { ResponseError } from 'vscode-jsonrpc';
import { PULL_CLIENT, TestClient } from '../protocol/client';
import { DEPLOYMENT, env, folderParams, sandbox, uriOf, writeChart } from './helpers';

after(() => TestClient.killAll());

const SERVER_REQUESTS = ['workspace/configuration', 'client/registerCapability', 'window/workDoneProgress/create', 'workspace/diagnostic/refresh', 'workspace/codeLens/refresh', 'window/showMessageRequest'];

const CAPABILITIES = { ...PULL_CLIENT, workspace: { ...PULL_CLIENT.workspace, codeLens: { refreshSupport: true } }, window: { workDoneProgress: true } };

const answers: Array<[string, () => unknown]> = [
  ['an error', () => new ResponseError(-32603, 'the client refuses')],
  ['null', () => null],
  ['no answer', () => new Promise(() => undefined)],
];

for (const [name, answer] of answers) {
  test(`the client answers the server's requests with ${name}`, async () => {
    const box = sandbox();
    const client = new TestClient({ env: env(box) });
    try {
      for (const method of SERVER_REQUESTS) client.connection.onRequest(method, answer);
      const chart = writeChart(box.root, 'app', { 'deploy.yaml': DEPLOYMENT });
      const plain = join(box.root, 'plain.yaml');
      writeFileSync(plain, DEPLOYMENT);
      await client.initialize(CAPABILITIES, folderParams(box.root));
      await client.open(uriOf(plain), DEPLOYMENT);
      await client.open(uriOf(join(chart, 'templates/deploy.yaml')), DEPLOYMENT);
      const started = Date.now();
      const first = await client.connection.sendRequest<{ items: Array<{ code?: string }> }>('textDocument/diagnostic', { textDocument: { uri: uriOf(plain) } });
      assert.ok(first.items.some((d) => d.code === 'prestop-missing'), JSON.stringify(first.items));
      assert.ok(Date.now() - started < 10000, `${Date.now() - started} ms`);
      // Settings changed: the server asks the client to pull again (refresh) and re-reads settings.
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { kubegrace: {} } });
      const again = await client.connection.sendRequest<{ items: unknown[] }>('textDocument/diagnostic', { textDocument: { uri: uriOf(plain) } });
      assert.ok(again.items.length > 0);
      const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(plain) }, position: { line: 1, character: 2 } });
      assert.notEqual(hover, undefined);
      assert.equal(client.process.exitCode, null, `the server exited; stderr: ${client.stderr}`);
      assert.equal(await client.stop(), 0);
    } finally {
      box.remove();
    }
  });
}

/**
 * Issue 20: a slow or failing template must not stall requests. A real server over stdio, the real
 * helm (counted by a wrapper that execs it): a chart whose template keeps helm busy answers with a
 * "rendering" notice instead of waiting for helm's timeout; `$/cancelRequest` ends a wait at once;
 * a file outside the chart never waits; a failed render is cached like a success (asking again
 * starts no helm) and is reported once, on the template helm names, at its line.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import { PULL_CLIENT, TestClient } from '../protocol/client';
import { BUSY_TEMPLATE, DEPLOYMENT, FAILING_TEMPLATE, countingHelm, env, folderParams, sandbox, uriOf, writeChart } from './helpers';

after(() => TestClient.killAll());

interface Item {
  code?: string;
  message: string;
  range: { start: { line: number } };
}

async function diagnostics(client: TestClient, uri: string): Promise<{ items: Item[]; ms: number }> {
  const started = Date.now();
  const answer = await client.connection.sendRequest<{ items: Item[] }>('textDocument/diagnostic', { textDocument: { uri } });
  return { items: answer.items, ms: Date.now() - started };
}

test('a busy template: a notice instead of a wait, cancellation ends a wait, other files answer at once', async () => {
  const box = sandbox();
  const client = new TestClient({ env: env(box) });
  try {
    const chart = writeChart(box.root, 'busy', { 'deploy.yaml': DEPLOYMENT, 'busy.yaml': BUSY_TEMPLATE });
    const plain = join(box.root, 'plain.yaml');
    writeFileSync(plain, DEPLOYMENT);
    await client.initialize(PULL_CLIENT, folderParams(box.root));
    const deploy = uriOf(join(chart, 'templates/deploy.yaml'));
    await client.open(deploy, DEPLOYMENT);
    await client.open(uriOf(plain), DEPLOYMENT);
    const first = await diagnostics(client, deploy);
    assert.ok(first.ms < 4000, `${first.ms} ms`);
    assert.deepEqual(
      first.items.map((d) => d.code),
      ['render-pending'],
    );
    assert.match(first.items[0]!.message, /^Rendering chart busy/);
    // Asked again while helm still runs: the same notice, no wait for helm's 20 s timeout.
    const again = await diagnostics(client, deploy);
    assert.ok(again.ms < 4000, `${again.ms} ms`);
    // A cancelled request ends its wait at once.
    const source = new CancellationTokenSource();
    const started = Date.now();
    const cancelled = client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: deploy } }, source.token).then(
      () => 'answered',
      (error: { code?: number }) => error.code,
    );
    setTimeout(() => source.cancel(), 100);
    assert.equal(await cancelled, -32800);
    assert.ok(Date.now() - started < 1000, `cancelled after ${Date.now() - started} ms`);
    // A file outside the chart does not wait for it.
    const outside = await diagnostics(client, uriOf(plain));
    assert.ok(outside.ms < 1000, `${outside.ms} ms`);
  } finally {
    await client.stop();
    box.remove();
  }
});

test('a failing template: reported once, on the template at its line; asking again starts no helm', async () => {
  const box = sandbox();
  const client = new TestClient({ env: env(box) });
  try {
    const chart = writeChart(box.root, 'broken', { 'deploy.yaml': DEPLOYMENT, 'fail.yaml': FAILING_TEMPLATE });
    const counting = countingHelm(box.root);
    client.configuration = { helmPath: counting.helm };
    await client.initialize(PULL_CLIENT, folderParams(box.root));
    const deploy = uriOf(join(chart, 'templates/deploy.yaml'));
    const failing = uriOf(join(chart, 'templates/fail.yaml'));
    await client.open(deploy, DEPLOYMENT);
    await client.open(failing, FAILING_TEMPLATE);
    const onFailing = await diagnostics(client, failing);
    const errors = onFailing.items.filter((d) => d.code === 'render-failed');
    assert.equal(errors.length, 1, JSON.stringify(onFailing.items));
    assert.equal(errors[0]!.range.start.line, 2);
    assert.match(errors[0]!.message, /the value of replicas is required/);
    // The other template of the chart does not repeat it (the failing file is open).
    const onDeploy = await diagnostics(client, deploy);
    assert.deepEqual(
      onDeploy.items.filter((d) => d.code === 'render-failed'),
      [],
    );
    const runs = counting.runs();
    assert.equal(runs, 1);
    for (let i = 0; i < 3; i++) await diagnostics(client, i % 2 ? deploy : failing);
    assert.equal(counting.runs(), runs, 'a failed render is cached');
  } finally {
    await client.stop();
    box.remove();
  }
});

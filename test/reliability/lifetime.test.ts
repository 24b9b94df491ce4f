/**
 * Issue 20: helm and the temporary folders end with their owner on every way out. A real server
 * over stdio renders a chart whose template keeps the real helm busy (with unsaved text, so the
 * render also holds a temporary copy of the chart); then the session ends by shutdown and exit,
 * exit alone, stdin closed, SIGTERM, or the client's process dying (the LSP watchdog). The CLI,
 * killed by SIGTERM or SIGINT while helm runs, must not leave helm either.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PULL_CLIENT, TestClient } from '../protocol/client';
import { CLI } from '../robust/helpers';
import { BUSY_TEMPLATE, DEPLOYMENT, env, eventually, folderParams, leftovers, processesMentioning, sandbox, uriOf, writeChart, type Sandbox } from './helpers';

after(() => TestClient.killAll());

type Ending = (client: TestClient) => Promise<void> | void;

const endings: Array<[string, Ending]> = [
  ['shutdown, then exit', async (c) => void (await c.stop())],
  ['exit alone', (c) => c.connection.sendNotification('exit')],
  ['stdin closed', (c) => void c.process.stdin!.end()],
  ['SIGTERM', (c) => void c.process.kill('SIGTERM')],
];

/** Starts a server on a busy chart with unsaved text; resolves once helm runs and the copy exists. */
async function busyServer(box: Sandbox, processId?: number): Promise<TestClient> {
  const chart = writeChart(box.root, 'busy', { 'deploy.yaml': DEPLOYMENT, 'busy.yaml': BUSY_TEMPLATE });
  const client = new TestClient({ env: env(box) });
  await client.initialize(PULL_CLIENT, { ...folderParams(box.root), ...(processId ? { processId } : {}) });
  const uri = uriOf(join(chart, 'templates/busy.yaml'));
  await client.open(uri, `${BUSY_TEMPLATE}# unsaved\n`);
  const started = Date.now();
  const answer = await client.connection.sendRequest<{ items: Array<{ code?: string }> }>('textDocument/diagnostic', { textDocument: { uri } });
  // The request does not wait for helm: it answers with a "rendering" notice.
  assert.ok(Date.now() - started < 5000, `answered after ${Date.now() - started} ms`);
  assert.deepEqual(
    answer.items.map((d) => d.code),
    ['render-pending'],
  );
  assert.ok(await eventually(() => processesMentioning(box.tmp).length > 0 && leftovers(box.tmp).length > 0), 'helm runs on a temporary copy');
  return client;
}

async function exited(client: TestClient, ms = 10000): Promise<void> {
  if (client.process.exitCode !== null || client.process.signalCode !== null) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not exit')), ms);
    client.process.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function assertNothingLeft(box: Sandbox): Promise<void> {
  assert.ok(await eventually(() => processesMentioning(box.tmp).length === 0, 3000), `processes left: ${processesMentioning(box.tmp).join(', ')}`);
  assert.deepEqual(leftovers(box.tmp), []);
}

describe('the server ends helm and its temporary folders on every way out', () => {
  for (const [name, end] of endings) {
    it(name, async () => {
      const box = sandbox();
      try {
        const client = await busyServer(box);
        await end(client);
        await exited(client);
        await assertNothingLeft(box);
      } finally {
        box.remove();
      }
    });
  }

  it('the client process dies (processId watchdog)', async () => {
    const box = sandbox();
    const parent = spawn('sleep', ['600'], { stdio: 'ignore' });
    try {
      const client = await busyServer(box, parent.pid);
      parent.kill('SIGKILL');
      // vscode-languageserver checks the client's process every 3 s.
      await exited(client, 15000);
      await assertNothingLeft(box);
    } finally {
      parent.kill('SIGKILL');
      box.remove();
    }
  });
});

describe('the CLI killed during a render ends helm', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(signal, async () => {
      const box = sandbox();
      try {
        const chart = writeChart(box.root, 'busy', { 'deploy.yaml': DEPLOYMENT, 'busy.yaml': BUSY_TEMPLATE });
        const cli = spawn(process.execPath, [CLI, 'check', '--no-config', chart], { env: env(box), stdio: 'ignore' });
        const status = new Promise<number | null>((resolve) => cli.once('exit', (c, s) => resolve(c ?? (s ? 128 + (s === 'SIGTERM' ? 15 : 2) : null))));
        assert.ok(await eventually(() => processesMentioning(join(box.root, 'busy')).some((pid) => pid !== cli.pid), 10000), 'helm runs');
        cli.kill(signal);
        assert.equal(await status, code);
        assert.ok(await eventually(() => processesMentioning(join(box.root, "busy")).length === 0, 3000), `processes left: ${processesMentioning(join(box.root, "busy")).map((p) => { try { return require("node:fs").readFileSync(`/proc/${p}/stat`, "utf8").slice(0, 80); } catch { return p; } }).join(" | ")}`);
        assert.deepEqual(leftovers(box.tmp), []);
      } finally {
        box.remove();
      }
    });
  }
});

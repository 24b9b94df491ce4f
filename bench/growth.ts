/**
 * The growth table (issue 11): files of N Deployment + Service pairs (bench/pairs.ts) opened in the
 * bundled server over LSP, for N = 10, 100, 1,000 and 5,000. Per N, in the same run: the raw
 * `parseAllDocuments` of the file (warm), open → diagnostics, and a one-line edit inside the middle
 * Deployment → diagnostics (median), with open / raw parse and how the edit cost grows with N.
 * Targets: edit ≤ 50 ms at N = 5,000 and flat in N; open ≤ 2 × raw parse.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { PUSH_CLIENT, TestClient } from '../test/protocol/client';
import { editOffset, pairsFile } from './pairs';
import { median, posOf } from './stats';

export interface GrowthRow {
  n: number;
  bytes: number;
  raw: number;
  open: number;
  edit: number;
}

/**
 * Waits until the server has analysed `version` of `uri` for a push client. The server publishes a
 * document only when its diagnostics changed (issue 20), so a clean file's empty list is not sent
 * again after an edit: then a hover, answered from the analysis of the newest version, is the
 * signal. A list that changed arrives as a publish with the version.
 */
export async function analysedPush(client: TestClient, uri: string, version: number): Promise<void> {
  const published = client.latest(uri, version);
  if (published) return;
  await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
  // A publish already scheduled for this version comes before the hover's answer or right after it.
  await new Promise((resolve) => setImmediate(resolve));
}

function rawParse(text: string): number {
  parseAllDocuments(text); // warm: the server's parser is warm after its first file too
  const times = [0, 1].map(() => {
    const start = performance.now();
    parseAllDocuments(text);
    return performance.now() - start;
  });
  return Math.min(...times);
}

async function serverTimes(client: TestClient, uri: string, text: string, n: number, edits: number): Promise<{ open: number; edit: number }> {
  const start = performance.now();
  await client.open(uri, text);
  await analysedPush(client, uri, 1);
  const open = performance.now() - start;
  const at = posOf(text, editOffset(text, n));
  const times: number[] = [];
  for (let version = 2; version < edits + 2; version++) {
    const begin = performance.now();
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: at, end: at }, text: `          # bench edit ${version}\n` }],
    });
    await analysedPush(client, uri, version);
    times.push(performance.now() - begin);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: version + 100000 },
      contentChanges: [{ range: { start: at, end: { line: at.line + 1, character: 0 } }, text: '' }],
    });
    await analysedPush(client, uri, version + 100000);
  }
  // The first edits also pay for V8 compiling code paths; typing is the steady state.
  return { open, edit: median(times.slice(Math.min(5, edits >> 1))) };
}

export async function growth(sizes = [10, 100, 1000, 5000]): Promise<GrowthRow[]> {
  const client = new TestClient();
  await client.initialize(PUSH_CLIENT);
  // Warm the server up on a small file first, as the raw parse is measured warm.
  await serverTimes(client, 'file:///bench/warmup.yaml', pairsFile(50), 50, 6);
  const rows: GrowthRow[] = [];
  for (const n of sizes) {
    const text = pairsFile(n);
    const raw = rawParse(text);
    const { open, edit } = await serverTimes(client, `file:///bench/pairs-${n}.yaml`, text, n, n >= 5000 ? 15 : 25);
    rows.push({ n, bytes: text.length, raw, open, edit });
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: `file:///bench/pairs-${n}.yaml` } });
  }
  await client.stop();
  return rows;
}

/**
 * The same edit at N pairs in a file inside a workspace folder: the file's Services then also go
 * to the workspace index for the other files (documents.ts reports them after a pause in typing).
 */
export async function workspaceEdit(n: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'kubegrace-bench-'));
  try {
    const client = new TestClient();
    const root = pathToFileURL(dir).href;
    await client.initialize(PUSH_CLIENT, { rootUri: root, workspaceFolders: [{ uri: root, name: 'bench' }] });
    await client.until(() => client.logs.find((l) => l.includes('indexed 0 YAML files')), 'the empty folder indexed', 60000);
    const { edit } = await serverTimes(client, `${root}/pairs.yaml`, pairsFile(n), n, 15);
    await client.stop();
    return edit;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Fix-all on a file of `n` workloads that all lack a preStop delay (issue 11: it took 6.6 s on a
 * 30 KB file): the time of the `source.fixAll.kubegrace` code action request.
 */
export async function fixAllTime(n: number): Promise<{ bytes: number; ms: number; fixes: number }> {
  const text = pairsFile(n).replace(/ {10}lifecycle:\n {12}preStop:\n {14}sleep:\n {16}seconds: 5\n/g, '');
  const client = new TestClient();
  await client.initialize(PUSH_CLIENT);
  const uri = 'file:///bench/fixall.yaml';
  await client.open(uri, text);
  await client.until(() => client.latest(uri, 1), 'fix-all file diagnostics', 60000);
  const start = performance.now();
  const actions = await client.connection.sendRequest<Array<{ edit: { documentChanges: Array<{ edits: Array<{ newText: string }> }> } }>>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll.kubegrace'] },
  });
  const ms = performance.now() - start;
  await client.stop();
  const inserted = actions[0]?.edit.documentChanges[0]?.edits[0]?.newText ?? '';
  return { bytes: text.length, ms, fixes: inserted.split('preStop:').length - 1 };
}

export function growthTable(rows: GrowthRow[]): string {
  const first = rows[0]!;
  const lines = [
    `| N pairs | size | raw parse | open → diagnostics | open / raw | edit → diagnostics (median) | edit / edit at N=${first.n} |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) =>
      `| ${r.n.toLocaleString('en')} | ${(r.bytes / 1e6).toFixed(2)} MB | ${r.raw.toFixed(0)} ms | ${r.open.toFixed(0)} ms | ${(r.open / r.raw).toFixed(2)} | ${r.edit.toFixed(1)} ms | ${(r.edit / first.edit).toFixed(1)} |`,
    ),
  ];
  return lines.join('\n');
}

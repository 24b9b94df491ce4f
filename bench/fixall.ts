/**
 * Fix-all at N pairs (issue 20: 11.5–13.6 s at N = 5,000, the server deaf meanwhile, RSS from
 * 183 MiB to 897 MiB and kept): the bundled server over LSP, a file of N Deployments without a
 * preStop delay (bench/findings.ts). While `source.fixAll.kubegrace` runs, a hover is sent every
 * 50 ms; the longest any of them waited is reported, with the server's RSS before, its peak
 * (VmHWM) and after, the time of asking again, and the raw parse of the same text in the same run.
 * Linux only for the RSS figures (/proc). The machine may be shared: compare the ratios.
 *
 *   npm run build && node --import tsx bench/fixall.ts [N …]
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { PUSH_CLIENT, TestClient } from '../test/protocol/client';
import { findingsFile } from './findings';

export interface FixAllRow {
  n: number;
  bytes: number;
  raw: number;
  fixAll: number;
  again: number;
  fixes: number;
  hovers: number;
  longestWait: number;
  rss: { before: number; peak: number; after: number };
}

/** A figure of /proc/<pid>/status in MiB (VmRSS, VmHWM). */
function memory(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) / 1024;
}

function rawParse(text: string): number {
  parseAllDocuments(text);
  const start = performance.now();
  parseAllDocuments(text);
  return performance.now() - start;
}

type Actions = Array<{ edit?: { documentChanges: Array<{ edits: Array<{ newText: string }> }> } }>;

export async function fixAllRow(n: number): Promise<FixAllRow> {
  const text = findingsFile(n);
  const raw = rawParse(text);
  const client = new TestClient();
  await client.initialize(PUSH_CLIENT);
  const pid = client.process.pid!;
  const uri = 'file:///bench/fixall.yaml';
  await client.open(uri, text);
  await client.until(() => client.latest(uri, 1), 'diagnostics', 600000);
  const before = memory(pid, 'VmRSS');
  const params = { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.kubegrace'] } };
  const start = performance.now();
  let running = true;
  const waits: number[] = [];
  const hovering = (async () => {
    while (running) {
      const sent = performance.now();
      await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 7 } });
      waits.push(performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const actions = await client.connection.sendRequest<Actions>('textDocument/codeAction', params);
  const fixAll = performance.now() - start;
  running = false;
  await hovering;
  const peak = memory(pid, 'VmHWM');
  const after = memory(pid, 'VmRSS');
  const again = performance.now();
  await client.connection.sendRequest<Actions>('textDocument/codeAction', params);
  const againMs = performance.now() - again;
  await client.stop();
  const inserted = actions[0]?.edit?.documentChanges[0]?.edits[0]?.newText ?? '';
  return { n, bytes: text.length, raw, fixAll, again: againMs, fixes: inserted.split('preStop:').length - 1, hovers: waits.length, longestWait: Math.max(0, ...waits), rss: { before, peak, after } };
}

export function fixAllTable(rows: FixAllRow[]): string {
  return [
    '| N pairs | size | raw parse | fix-all | fix-all / raw parse | fixes | asked again | hovers during it | longest hover wait | RSS before → peak → after |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.n.toLocaleString('en')} | ${(r.bytes / 1e6).toFixed(2)} MB | ${r.raw.toFixed(0)} ms | ${(r.fixAll / 1000).toFixed(2)} s | ${(r.fixAll / r.raw).toFixed(1)} | ${r.fixes.toLocaleString('en')} | ${r.again.toFixed(0)} ms | ${r.hovers} | ${r.longestWait.toFixed(0)} ms | ${r.rss.before.toFixed(0)} → ${r.rss.peak.toFixed(0)} → ${r.rss.after.toFixed(0)} MiB |`,
    ),
  ].join('\n');
}

if (require.main === module) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  void (async () => {
    const rows: FixAllRow[] = [];
    for (const n of sizes.length > 0 ? sizes : [1000, 5000]) rows.push(await fixAllRow(n));
    console.log(fixAllTable(rows));
  })();
}

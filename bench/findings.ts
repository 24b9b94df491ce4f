/**
 * Growth with a finding per workload (issue 20, "Files with findings"): files of N Deployment +
 * Service pairs whose Deployments lack a preStop delay, so each one has a finding. Per N, one server
 * for a push client (didChange → publishDiagnostics) and one for a pull client (didChange, then
 * textDocument/diagnostic, as VS Code asks), each beside the same edit of the clean file of
 * bench/pairs.ts in the same server (the bare baseline) and the bytes of one diagnostics list. The
 * pull client sends the result id of the list it holds, as VS Code does; for it, a pull with no
 * edit in between (as after a refresh) is timed too, beside the clean file's.
 * The machine may be shared: every figure is a median, and the ratios are what to compare.
 *
 *   npm run build && node --import tsx bench/findings.ts [N …]
 */
import { performance } from 'node:perf_hooks';
import { PULL_CLIENT, PUSH_CLIENT, TestClient } from '../test/protocol/client';
import { analysedPush } from './growth';
import { editOffset, pairsFile } from './pairs';
import { median, posOf } from './stats';

/** The pairs file with every preStop delay removed: one `prestop-missing` finding per Deployment. */
export function findingsFile(n: number): string {
  return pairsFile(n).replace(/ {10}lifecycle:\n {12}preStop:\n {14}sleep:\n {16}seconds: 5\n/g, '');
}

interface Edits {
  edit: number;
  bytes: number;
  count: number;
  /** A pull client asking again with no edit (as after `workspace/diagnostic/refresh`), median. */
  again?: number;
}

type Diagnose = (uri: string, version: number) => Promise<unknown[]>;

/** The median time of one-line edits inside the middle Deployment, each undone, and the last list's size. */
async function edits(client: TestClient, diagnose: Diagnose, uri: string, text: string, n: number, count: number, pulled = false): Promise<Edits> {
  await client.open(uri, text);
  let last = await diagnose(uri, 1);
  const at = posOf(text, editOffset(text, n));
  const times: number[] = [];
  for (let version = 2; version < count + 2; version++) {
    const begin = performance.now();
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: at, end: at }, text: `          # bench edit ${version}\n` }] });
    last = await diagnose(uri, version);
    times.push(performance.now() - begin);
    const undo = version + 100000;
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: undo }, contentChanges: [{ range: { start: at, end: { line: at.line + 1, character: 0 } }, text: '' }] });
    await diagnose(uri, undo);
  }
  const again: number[] = [];
  if (pulled) {
    for (let i = 0; i < 7; i++) {
      const begin = performance.now();
      await diagnose(uri, count + 100001);
      again.push(performance.now() - begin);
    }
  }
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  // The first edits also pay for V8 compiling code paths; typing is the steady state.
  return { edit: median(times.slice(Math.min(5, count >> 1))), bytes: JSON.stringify(last).length, count: last.length, again: pulled ? median(again.slice(2)) : undefined };
}

export interface FindingsRow {
  client: 'push' | 'pull';
  n: number;
  clean: Edits;
  findings: Edits;
}

async function rows(kind: 'push' | 'pull', sizes: number[]): Promise<FindingsRow[]> {
  const client = new TestClient();
  await client.initialize(kind === 'push' ? PUSH_CLIENT : PULL_CLIENT);
  const lists = new Map<string, { resultId: string; items: unknown[] }>();
  const diagnose: Diagnose =
    kind === 'push'
      ? async (uri, version) => {
          // A file with findings gets a new list on every edit (the findings below it move); a clean
          // file's empty list is not published again, so a hover marks its analysis (growth.ts).
          if (uri.includes('/clean-')) {
            await analysedPush(client, uri, version);
            return [];
          }
          return (await client.until(() => client.latest(uri, version), `diagnostics of version ${version}`, 600000)).diagnostics;
        }
      : async (uri) => {
          // As VS Code does: the id of the list it holds goes with each pull, and an unchanged
          // report means that list stays.
          const held = lists.get(uri);
          const report = await client.connection.sendRequest<{ kind: string; resultId?: string; items?: unknown[] }>('textDocument/diagnostic', { textDocument: { uri }, ...(held ? { previousResultId: held.resultId } : {}) });
          if (report.kind === 'unchanged' && held) return held.items;
          lists.set(uri, { resultId: report.resultId ?? '', items: report.items ?? [] });
          return report.items ?? [];
        };
  await edits(client, diagnose, 'file:///bench/warmup.yaml', findingsFile(50), 50, 6);
  const out: FindingsRow[] = [];
  for (const n of sizes) {
    const runs = n >= 5000 ? 15 : 25;
    const clean = await edits(client, diagnose, `file:///bench/clean-${n}.yaml`, pairsFile(n), n, runs, kind === 'pull');
    const findings = await edits(client, diagnose, `file:///bench/findings-${n}.yaml`, findingsFile(n), n, runs, kind === 'pull');
    out.push({ client: kind, n, clean, findings });
  }
  await client.stop();
  return out;
}

export async function findingsGrowth(sizes = [1000, 2000, 5000]): Promise<FindingsRow[]> {
  return [...(await rows('push', sizes)), ...(await rows('pull', sizes))];
}

export function findingsTable(list: FindingsRow[]): string {
  return [
    '| client | N pairs | findings | edit, no findings (median) | edit, a finding per workload (median) | findings / no findings | one diagnostics list | pull again, no edit: findings / no findings |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...list.map((r) => {
      const again = r.findings.again !== undefined && r.clean.again !== undefined ? `${r.findings.again.toFixed(1)} / ${r.clean.again.toFixed(1)} ms` : 'n/a';
      return `| ${r.client} | ${r.n.toLocaleString('en')} | ${r.findings.count.toLocaleString('en')} | ${r.clean.edit.toFixed(1)} ms | ${r.findings.edit.toFixed(1)} ms | ${(r.findings.edit / r.clean.edit).toFixed(2)} | ${(r.findings.bytes / 1e6).toFixed(2)} MB | ${again} |`;
    }),
  ].join('\n');
}

if (require.main === module) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  void findingsGrowth(sizes.length > 0 ? sizes : undefined).then((r) => console.log(findingsTable(r)));
}

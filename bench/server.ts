/**
 * Benchmarks of the bundled language server (`npm run build && npm run bench`):
 *
 * 1. argo-cd's install.yaml (1.9 MB, 59 documents), from ../shared/corpus when it is there.
 * Reports, in one run, the raw `yaml.parseAllDocuments` time of the file, the time from didOpen to
 * diagnostics, and from a one-line edit inside a Deployment to diagnostics, with their ratios.
 * Targets (issue 3): open ≤ 0.3 × raw parse; edit ≤ 20 ms median (issue 11).
 * 2. The workspace index of ../shared against reading and parsing its files (bench/workspace.ts).
 * 3. The growth table of bench/growth.ts: N Deployment + Service pairs, N = 10 … 5,000.
 *
 * Like is compared with like: the first parse in a fresh process (V8 has not compiled the parser
 * yet, which dominates) against the first open in a fresh server, and warm against warm.
 *
 *   npm run build && npm run bench
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { PUSH_CLIENT, TestClient } from '../test/protocol/client';
import { fixAllTime, growth, growthTable, workspaceEdit } from './growth';
import { indexBench } from './workspace';
import { median, posOf } from './stats';

const FILE = resolve(__dirname, '../../shared/corpus/argo-cd/manifests/install.yaml');
const URI = 'file:///bench/install.yaml';

function rawParse(text: string, runs: number): number[] {
  return Array.from({ length: runs }, () => {
    const start = performance.now();
    parseAllDocuments(text);
    return performance.now() - start;
  });
}

/** The first `parseAllDocuments` of the file in a fresh Node process. */
function coldRawParse(): number {
  const script = `const {readFileSync}=require('node:fs');const {parseAllDocuments}=require('yaml');const t=readFileSync(${JSON.stringify(FILE)},'utf8');const s=performance.now();parseAllDocuments(t);process.stdout.write(String(performance.now()-s));`;
  return Number(execFileSync(process.execPath, ['-e', script], { cwd: resolve(__dirname, '..') }));
}

async function openTime(client: TestClient, uri: string, text: string): Promise<number> {
  const start = performance.now();
  await client.open(uri, text);
  await client.until(() => client.latest(uri, 1), `open diagnostics of ${uri}`, 60000);
  return performance.now() - start;
}

async function serverTimes(text: string, edits: number): Promise<{ coldOpen: number; warmOpen: number[]; edit: number[] }> {
  const client = new TestClient();
  await client.initialize(PUSH_CLIENT);
  const coldOpen = await openTime(client, URI, text);
  const warmOpen: number[] = [];
  // The same text under other URIs: nothing is shared between documents, so each is a full open.
  for (let i = 0; i < 5; i++) warmOpen.push(await openTime(client, `file:///bench/copy-${i}.yaml`, text));
  let start = 0;
  // A one-line edit inside the argocd-server Deployment: the value of an env var flips.
  const anchor = text.indexOf('name: argocd-server\n', text.indexOf('kind: Deployment'));
  const line = text.indexOf('\n', text.indexOf('image:', anchor)) + 1;
  const edit: number[] = [];
  for (let version = 2; version < edits + 2; version++) {
    start = performance.now();
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version },
      contentChanges: [{ range: { start: posOf(text, line), end: posOf(text, line) }, text: `        # bench edit ${version}\n` }],
    });
    await client.until(() => client.latest(URI, version), `edit ${version} diagnostics`, 60000);
    edit.push(performance.now() - start);
    // Undo, so every edit is the same one-line change of the original text.
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version: version + 1000 },
      contentChanges: [{ range: { start: posOf(text, line), end: { line: posOf(text, line).line + 1, character: 0 } }, text: '' }],
    });
    await client.until(() => client.latest(URI, version + 1000), `undo ${version}`, 60000);
  }
  await client.stop();
  return { coldOpen, warmOpen, edit };
}

async function main(): Promise<void> {
  if (existsSync(FILE)) await argo();
  else console.log(`argo-cd install.yaml: skipped, ${FILE} is missing (it comes with the shared corpus)`);
  const shared = resolve(__dirname, '../../shared');
  if (existsSync(shared)) {
    const w = await indexBench(shared);
    console.log(`\nWorkspace index of ${shared} (${w.files} YAML files), warm: ${w.index.toFixed(0)} ms; reading + parseAllDocuments of the same files: ${w.raw.toFixed(0)} ms (${(w.index / w.raw).toFixed(2)} × raw parse; target ≤ 1)`);
  } else console.log(`\nWorkspace index: skipped, ${shared} is missing`);
  console.log('\nGrowth: N Deployment + Service pairs in one file (bench/pairs.ts), one server, one run');
  console.log(growthTable(await growth()));
  const inFolder = await workspaceEdit(5000);
  console.log(`\nThe same edit at N = 5,000 in a file inside a workspace folder (median): ${inFolder.toFixed(1)} ms`);
  const fix = await fixAllTime(33);
  console.log(`Fix-all on ${(fix.bytes / 1000).toFixed(0)} KB with 33 workloads to fix (one code action request): ${fix.ms.toFixed(0)} ms, ${fix.fixes} preStop delays added`);
}

async function argo(): Promise<void> {
  const text = readFileSync(FILE, 'utf8');
  const coldRaw = median([coldRawParse(), coldRawParse(), coldRawParse()]);
  rawParse(text, 2); // warm up the parser in this process
  const warmRaw = median(rawParse(text, 5));
  const { coldOpen, warmOpen, edit } = await serverTimes(text, 50);
  const open = median(warmOpen);
  // The first edits also pay for V8 compiling the parser's code paths; typing is the steady state.
  const first = edit.slice(0, 10);
  const steady = edit.slice(10);
  const editMedian = median(steady);
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)} × raw parse`;
  const rows = [
    ['file', `${FILE.split('/shared/corpus/')[1]} (${(text.length / 1e6).toFixed(2)} MB)`],
    ['raw parseAllDocuments, fresh process (median of 3)', `${coldRaw.toFixed(1)} ms`],
    ['raw parseAllDocuments, warm (median of 5)', `${warmRaw.toFixed(1)} ms`],
    ['open → diagnostics, fresh server', `${coldOpen.toFixed(1)} ms  (${ratio(coldOpen, coldRaw)} in a fresh process; target ≤ 0.30)`],
    ['open → diagnostics, warm (median of 5)', `${open.toFixed(1)} ms  (${ratio(open, warmRaw)} warm; target ≤ 0.30)`],
    ['one-line edit → diagnostics, first 10 edits (median)', `${median(first).toFixed(1)} ms`],
    ['one-line edit → diagnostics, next 40 edits (median)', `${editMedian.toFixed(1)} ms  (target ≤ 20 ms)`],
    ['edit min / max (all 50)', `${Math.min(...edit).toFixed(1)} / ${Math.max(...edit).toFixed(1)} ms`],
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(52)} ${v}`);
}

void main();

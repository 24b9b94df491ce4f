/**
 * `npm run fuzz [-- --seconds N --seed S]`: random edits of test/fixtures/fuzz/*.yaml against the
 * language server (over JSON-RPC) and the CLI, and sessions on charts and overlays with slow and
 * failing templates (scripts/fuzz/render.ts, counting the processes and temporary folders each
 * session leaves: 0), for a bounded time (default 60 s). Prints what it
 * did and the slowest request; failing inputs are written to test-results/fuzz/ and the exit
 * status is 1. Needs the bundles: run `npm run build` first.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fuzzCli } from './fuzz/cli';
import { fuzzServer, type FuzzFailure } from './fuzz/server';
import { fuzzRender } from './fuzz/render';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { seconds: { type: 'string' }, seed: { type: 'string' }, 'limit-ms': { type: 'string' } } });
  const seconds = Number(values.seconds ?? 60);
  const seed = Number(values.seed ?? Date.now() % 2 ** 31);
  const limitMs = Number(values['limit-ms'] ?? 5000);
  const started = Date.now();
  console.log(`kubegrace fuzz: seed ${seed}, ${seconds} s (replay with --seed ${seed})`);
  // Half the time for the server, a quarter for rendering sessions, the rest for the CLI.
  const server = await fuzzServer({ seed, edits: Infinity, deadline: started + (seconds * 1000) / 2, limitMs });
  console.log(`server: ${server.edits} edits, ${server.requests} requests, slowest ${server.slowest.method} ${server.slowest.ms} ms, ${server.failures.length} failures`);
  const render = await fuzzRender({ seed, deadline: started + (seconds * 1000 * 3) / 4 });
  console.log(`render: ${render.sessions} sessions, ${render.requests} requests, left ${render.leftProcesses} processes and ${render.leftFolders} temporary folders, ${render.failures.length} failures`);
  const cli = fuzzCli({ seed, runs: Infinity, deadline: started + seconds * 1000, timeoutMs: 20000 });
  console.log(`cli: ${cli.runs} runs, slowest ${cli.slowestMs} ms, ${cli.failures.length} failures`);
  const failures: FuzzFailure[] = [...server.failures, ...render.failures, ...cli.failures];
  if (failures.length === 0) return 0;
  const dir = resolve(__dirname, '../test-results/fuzz');
  mkdirSync(dir, { recursive: true });
  failures.forEach((f, i) => {
    const file = join(dir, `seed-${seed}-${i}.yaml`);
    writeFileSync(file, f.input);
    console.log(`FAIL ${f.what}\n  input: ${file}`);
  });
  return 1;
}

main().then((code) => (process.exitCode = code));

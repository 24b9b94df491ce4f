/**
 * Fuzzes the bundled CLI (dist/cli.js): random edits of the seed manifests written to a file, then
 * `check --fix --format json` and `explain`. A failure is a timeout, a signal, an exit status other
 * than 0, 1 or 2, a stack trace on stderr, or JSON output that does not parse.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadSeeds, mutate, Random } from './mutate';
import type { FuzzFailure } from './server';

const CLI = resolve(__dirname, '../../dist/cli.js');

export interface CliFuzzStats {
  runs: number;
  slowestMs: number;
  failures: FuzzFailure[];
}

export function fuzzCli(options: { seed: number; runs: number; deadline?: number; timeoutMs: number }): CliFuzzStats {
  const random = new Random(options.seed);
  const seeds = loadSeeds();
  const dir = mkdtempSync(join(tmpdir(), 'kubegrace-fuzz-'));
  const stats: CliFuzzStats = { runs: 0, slowestMs: 0, failures: [] };
  try {
    for (let i = 0; i < options.runs && (options.deadline === undefined || Date.now() < options.deadline); i++) {
      let text = random.pick(seeds).text;
      for (let n = 1 + random.int(6); n > 0; n--) text = mutate(text, random);
      const file = join(dir, `input-${i}.yaml`);
      writeFileSync(file, text);
      for (const args of [['check', '--fix', '--format', 'json', file], ['explain', file]]) {
        const started = Date.now();
        const r = spawnSync(process.execPath, [CLI, ...args, '--no-config'], { encoding: 'utf8', timeout: options.timeoutMs });
        const ms = Date.now() - started;
        stats.runs++;
        stats.slowestMs = Math.max(stats.slowestMs, ms);
        const what = `kubegrace ${args[0]}${args[1] === '--fix' ? ' --fix' : ''}`;
        if (r.signal || r.error) stats.failures.push({ what: `${what}: ${r.signal ?? r.error?.message} after ${ms} ms`, input: text });
        else if (![0, 1, 2].includes(r.status ?? -1)) stats.failures.push({ what: `${what}: exit ${r.status}: ${r.stderr.slice(0, 500)}`, input: text });
        else if (/\n\s+at .+:\d+:\d+/.test(r.stderr)) stats.failures.push({ what: `${what}: stack trace: ${r.stderr.slice(0, 500)}`, input: text });
        else if (args.includes('json')) {
          try {
            JSON.parse(r.stdout);
          } catch {
            stats.failures.push({ what: `${what}: output is not JSON: ${r.stdout.slice(0, 200)}`, input: text });
          }
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return stats;
}

/**
 * Benchmark: `kubegrace check .` on a platform repository of 24 charts and overlays made from
 * test/fixtures/render (test/render/platform.ts), with the real helm and kubectl, after `npm run
 * build` (dist/cli.js). In the same run, the baseline: the bare tools one after another (`helm
 * template` for each chart, `kubectl kustomize` for each overlay). Reported: the check with the
 * tools at once (one per core, the default), the check one at a time (KUBEGRACE_JOBS=1), the
 * baseline, and the ratios. Median of ROUNDS rounds; on a shared machine compare the ratios.
 *
 *   npm run bench   (or: node --import tsx bench/platform.ts [apps])
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writePlatform } from '../test/render/platform';
import { median } from './stats';

const ROUNDS = 3;
const APPS = Number(process.argv[2] ?? 24);
const CLI = resolve(__dirname, '../dist/cli.js');

function toolsBin(): string {
  return execFileSync(process.execPath, [resolve(__dirname, '../scripts/tools-setup.mjs')], { encoding: 'utf8' }).trim().split('\n').pop()!;
}

function timed(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function main(): void {
  const bin = toolsBin();
  const root = mkdtempSync(join(tmpdir(), 'kubegrace-bench-platform-'));
  try {
    const apps = writePlatform(root, APPS);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
    const check = (jobs?: number) => () => {
      const r = spawnSync(process.execPath, [CLI, 'check', '--no-config', '.'], { cwd: root, env: { ...env, ...(jobs ? { KUBEGRACE_JOBS: String(jobs) } : {}) }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      if (r.status !== 1 || !r.stdout.includes('(chart ')) throw new Error(`check . did not report the charts' findings (exit ${r.status}): ${r.stderr}`);
    };
    const bare = () => {
      for (const app of apps) {
        if (app.kind === 'chart') execFileSync(join(bin, 'helm'), ['template', 'release', app.dir], { cwd: root, stdio: 'ignore' });
        else execFileSync(join(bin, 'kubectl'), ['kustomize', app.dir], { cwd: root, stdio: 'ignore' });
      }
    };
    // One warm-up of each (file cache, helm's own caches).
    check()();
    bare();
    const rounds = Array.from({ length: ROUNDS }, () => ({ bare: timed(bare), one: timed(check(1)), cores: timed(check()) }));
    const m = (key: 'bare' | 'one' | 'cores') => median(rounds.map((r) => r[key]));
    const charts = apps.filter((a) => a.kind === 'chart').length;
    console.log(`\ncheck . on a platform repository: ${charts} charts and ${apps.length - charts} overlays (median of ${ROUNDS}; ${availableParallelism()} cores)`);
    console.log(`  bare tools one after another   ${m('bare').toFixed(0)} ms  (baseline)`);
    console.log(`  check ., one tool at a time    ${m('one').toFixed(0)} ms  (${(m('one') / m('bare')).toFixed(2)} × baseline)`);
    console.log(`  check ., one tool per core     ${m('cores').toFixed(0)} ms  (${(m('cores') / m('bare')).toFixed(2)} × baseline; ${(m('one') / m('cores')).toFixed(2)} × faster than one at a time)`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main();

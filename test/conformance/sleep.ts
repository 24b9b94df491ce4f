/**
 * The sleep group (rule book H6; shared/model/process/sleep.ts): each `sleep` command line as an exec hook
 * gives it (no shell, so `$(DELAY)` stays literal), under GNU coreutils and under BusyBox. A run
 * is bounded: what still sleeps after LIMIT seconds is stopped by its PID and counts as "long".
 */
import { spawn } from 'node:child_process';
import { sleepClaim } from './model';

/** Seconds a sleep may run before the lab calls it long (every finite case below is shorter). */
export const LIMIT = 1.5;

/** Operand lists: sums, suffixes, fractions, inf forms, and the ones each family rejects. */
export const SLEEP_CASES: string[][] = [
  ['0.4', '0.4'], ['0.3s', '0.2'], ['0.01m'], ['.5'], ['5e-1'], ['1d'], ['1h'], ['inf'], ['infinity'], ['INF'],
  ['5', 'inf'], ['info'], ['$(DELAY)'], ['x'], [],
];

export interface SleepRow {
  args: string[];
  family: 'GNU coreutils' | 'BusyBox';
  code: number | null;
  /** Seconds it ran (LIMIT when it was stopped). */
  ranFor: number;
  stillRunning: boolean;
  /** 'fails' (non-zero exit at once), 'N s' (finished after about N s), 'long' (still sleeping at LIMIT). */
  measured: string;
  model: string;
}

/** A claim or a measurement in the same words: 'fails', 'long' or the seconds to one decimal. */
export function sleepClass(fails: boolean, seconds: number): string {
  if (fails) return 'fails';
  return seconds >= LIMIT ? 'long' : `${Math.round(seconds * 10) / 10} s`;
}

function run(argv: string[]): Promise<{ code: number | null; ranFor: number; stillRunning: boolean }> {
  return new Promise((resolve) => {
    const start = Date.now();
    const child = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT * 1000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const ranFor = (Date.now() - start) / 1000;
      resolve({ code, ranFor: Math.round(ranFor * 10) / 10, stillRunning: code === null });
    });
  });
}

export async function runSleeps(log: (line: string) => void): Promise<SleepRow[]> {
  const rows: SleepRow[] = [];
  for (const family of ['GNU coreutils', 'BusyBox'] as const) {
    for (const args of SLEEP_CASES) {
      const r = await run(family === 'BusyBox' ? ['busybox', 'sleep', ...args] : ['/usr/bin/sleep', ...args]);
      const claim = sleepClaim(args, family);
      const measured = r.stillRunning ? 'long' : r.code !== 0 ? 'fails' : sleepClass(false, r.ranFor);
      rows.push({ args, family, ...r, measured, model: sleepClass(claim.fails, claim.seconds) });
      log(`${family} sleep ${args.join(' ')}: ${measured}`);
    }
  }
  return rows;
}

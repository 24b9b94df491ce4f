/**
 * The process-rules group (rule book §15): shells, inits and handler-less programs as PID 1. The app
 * under them is a Node.js script that, on a signal, says so, drains for one second, says so and
 * exits. A run shows whether the shell exec'd (PID 1's name), whether the app got to finish its
 * drain (it does not when PID 1 exits first: the kernel then kills the whole namespace), and when
 * PID 1 exited.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellClaim } from './model';
import { awaitStop, finish, startPid1 } from './ns';
import { GRACE } from './servers';

export interface ProcessRow {
  argv: string[];
  /** PID 1's command name once the app runs (a shell's name when it did not exec). */
  pid1: string;
  /** The signal the app drained for, or 'nothing' (it never got one, or was killed while draining). */
  appGot: string;
  exitAfter: number;
  killed: boolean;
  /** 'stays' (a shell is PID 1), 'execs' (the app is PID 1); under an init: 'app drained' or 'app cut'. */
  measured: string;
  /** The §15 verdict of shared/model/data/shells.ts, or 'no shell'. */
  model: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SHELLS = new Set(['sh', 'dash', 'bash', 'busybox']);

const APP = `for (const s of ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP']) process.on(s, () => {
  console.log('got ' + s);
  setTimeout(() => { console.log('drained ' + s); process.exit(0); }, 1000);
});
console.log('ready');
setInterval(() => {}, 1000);
`;

/** The command lines, with APP standing for `node app.js` (a shell script gets it as one string). */
function cases(app: string): string[][] {
  return [
    ['sh', '-c', app],
    ['sh', '-c', `exec ${app}`],
    ['sh', '-c', `echo start; ${app}`],
    ['dash', '-c', app],
    ['bash', '-c', app],
    ['bash', '-c', `echo start; ${app}`],
    ['bash', '-c', `trap 'exit 0' TERM; ${app}`],
    ['bash', '-c', `${app} & wait`],
    ['busybox', 'sh', '-c', app],
    ['busybox', 'sh', '-c', `echo start; ${app}`],
    ['busybox', 'sh', '-c', `${app}; true`],
    ['tini', '--', 'sh', '-c', `${app}; true`],
    ['tini', '-g', '--', 'sh', '-c', `${app}; true`],
    ['tini', '--', ...app.split(' ')],
    ['dumb-init', 'sh', '-c', `${app}; true`],
    ['dumb-init', '--single-child', 'sh', '-c', `${app}; true`],
    ['dumb-init', '--rewrite', '15:3', ...app.split(' ')],
  ];
}

async function measure(argv: string[], log: (line: string) => void): Promise<ProcessRow> {
  const pid1 = await startPid1(argv);
  try {
    const ready = /ready/;
    for (let i = 0; i < 200 && !ready.test(pid1.output()) && !pid1.done(); i++) await sleep(25);
    if (!ready.test(pid1.output())) throw new Error(`${argv.join(' ')}: the app did not start: ${pid1.output()}`);
    const name = pid1.comm();
    const stoppedAt = Date.now();
    process.kill(pid1.pid, 'SIGTERM');
    const ended = await awaitStop(pid1, stoppedAt, GRACE);
    const appGot = /drained (SIG\w+)/.exec(pid1.output())?.[1] ?? 'nothing';
    const init = ['tini', 'dumb-init'].includes(name);
    const measured = init ? (appGot === 'nothing' ? 'app cut' : 'app drained') : SHELLS.has(name) ? 'stays' : 'execs';
    const row: ProcessRow = {
      argv, pid1: name, appGot, exitAfter: Math.round(ended.exitAfter * 10) / 10, killed: ended.killed, measured, model: shellClaim(argv),
    };
    log(`${argv.join(' ')}: PID 1 ${name}, app drained ${appGot}, ${row.killed ? 'SIGKILL' : `exit ${row.exitAfter}s`}`);
    return row;
  } finally {
    await finish(pid1);
  }
}

export async function runProcessRules(log: (line: string) => void): Promise<ProcessRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kubegrace-lab-proc-'));
  try {
    const app = join(dir, 'app.js');
    writeFileSync(app, APP);
    const rows: ProcessRow[] = [];
    const node = process.execPath;
    for (const argv of cases(`${node} ${app}`)) rows.push(await measure(argv, log));
    // Programs with no handler of their own as PID 1: SIGTERM does nothing (§15, shells.ts NO_HANDLER).
    for (const argv of [['sleep', '30'], ['tail', '-f', '/dev/null']]) rows.push(await measureBare(argv, log));
    // The rows keep the app's path out: the table reads `node app.js`.
    return rows.map((r) => ({ ...r, argv: r.argv.map((a) => a.split(`${node} ${app}`).join('node app.js').split(app).join('app.js').split(node).join('node')) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureBare(argv: string[], log: (line: string) => void): Promise<ProcessRow> {
  const pid1 = await startPid1(argv);
  try {
    await sleep(300);
    const name = pid1.comm();
    const stoppedAt = Date.now();
    process.kill(pid1.pid, 'SIGTERM');
    const ended = await awaitStop(pid1, stoppedAt, GRACE);
    log(`${argv.join(' ')}: ${ended.killed ? 'SIGKILL' : `exit ${ended.exitAfter}s`}`);
    return { argv, pid1: name, appGot: '–', exitAfter: Math.round(ended.exitAfter * 10) / 10, killed: ended.killed, measured: ended.killed ? 'runs on' : 'exits', model: 'no shell' };
  } finally {
    await finish(pid1);
  }
}

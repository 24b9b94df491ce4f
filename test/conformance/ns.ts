/**
 * Runs one program the way a container runtime does: as PID 1 of its own PID namespace
 * (`unshare --pid --fork --mount-proc`), then stops it the way the kubelet's runtime does — the stop
 * signal to that PID 1, SIGKILL when the grace period is over (rule book K4, G6). Every process this
 * starts is ended by its PID, and `finish` checks that no process of the namespace is left.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { constants, tmpdir } from 'node:os';

export interface Pid1 {
  /** Host PID of the namespace's PID 1 (the child of `unshare --fork`). */
  pid: number;
  /** `pid:[inode]` of the namespace, to find anything left in it. */
  ns: string;
  /** The command name of PID 1 right after start (`dash`, `node`): tells whether a shell exec'd. */
  comm: () => string;
  /** Everything PID 1 (and its children) wrote, both streams. */
  output: () => string;
  /** Resolves with the time (epoch ms) at which the namespace's PID 1 exited. */
  exited: Promise<number>;
  /** Whether the namespace is gone already. */
  done: () => boolean;
  unshare: ChildProcess;
  started: number;
  /** The file that collects PID 1's output; removed by `finish`. */
  log: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Host PIDs whose parent is `ppid`. */
function children(ppid: number): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name is in parentheses and may hold spaces: the parent PID is after the last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid) found.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Host PIDs of every process in the PID namespace `ns`. */
export function membersOf(ns: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        return readlinkSync(`/proc/${name}/ns/pid`) === ns;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * Whether `pid` has a handler for `signal` (the SigCgt mask of /proc/PID/status). PID 1 without one
 * ignores the signal, so the lab waits for the handler before it stops a program that just started.
 */
export function catches(pid: number, signal: string): boolean {
  const number = constants.signals[signal as keyof typeof constants.signals];
  try {
    const mask = /SigCgt:\s*([0-9a-f]+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return mask !== undefined && ((BigInt(`0x${mask}`) >> BigInt(number - 1)) & 1n) === 1n;
  } catch {
    return false;
  }
}

export function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Starts `argv` as PID 1 of a new PID namespace; resolves once PID 1 exists. */
export async function startPid1(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<Pid1> {
  // A file, not a pipe: Node's pipes are socket pairs, and programs that open /dev/stderr or
  // /proc/self/fd/2 (php-fpm's and httpd's image configurations do) cannot open a socket.
  const log = join(mkdtempSync(join(tmpdir(), 'kubegrace-lab-out-')), 'output');
  const fd = openSync(log, 'w');
  const unshare = spawn('unshare', ['--pid', '--fork', '--mount-proc', '--', ...argv], { env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const output = () => {
    try {
      return readFileSync(log, 'utf8');
    } catch {
      return '';
    }
  };
  const started = Date.now();
  let gone = false;
  const exited = new Promise<number>((resolve) => unshare.on('exit', () => { gone = true; resolve(Date.now()); }));
  for (let i = 0; i < 200; i++) {
    const [pid] = unshare.pid ? children(unshare.pid) : [];
    if (pid) {
      const ns = readlinkSync(`/proc/${pid}/ns/pid`);
      // unshare forks before it execs the program: wait for the exec so comm names the program.
      for (let j = 0; j < 50 && comm(pid) === 'unshare'; j++) await sleep(10);
      return { pid, ns, comm: () => comm(pid), output, exited, done: () => gone, unshare, started, log };
    }
    if (gone) break;
    await sleep(10);
  }
  unshare.kill('SIGKILL');
  await exited;
  const out = output();
  rmSync(dirname(log), { recursive: true, force: true });
  throw new Error(`could not start ${argv.join(' ')} as PID 1 (does this kernel allow PID namespaces? run as root): ${out}`);
}

/** Runs `argv` inside the namespace of `p` (as `kubectl exec` or a preStop exec hook would); its exit code. */
export function execIn(p: Pid1, argv: string[], timeoutMs = 10_000): number {
  const r = spawnSync('nsenter', ['--target', String(p.pid), '--pid', '--mount', '--', ...argv], { timeout: timeoutMs, encoding: 'utf8' });
  return r.status ?? -1;
}

export interface Stop {
  /** Seconds from the stop to the exit of PID 1. */
  exitAfter: number;
  /** True when PID 1 was still running at the deadline and got SIGKILL. */
  killed: boolean;
}

/**
 * After `stop` (a signal sent or a command run), waits `graceSeconds` for PID 1 to exit, then
 * sends it SIGKILL. Returns when the namespace is gone.
 */
export async function awaitStop(p: Pid1, stoppedAt: number, graceSeconds: number): Promise<Stop> {
  const left = graceSeconds * 1000 - (Date.now() - stoppedAt);
  const timer = sleep(Math.max(0, left)).then(() => 'deadline' as const);
  const first = await Promise.race([p.exited.then(() => 'exit' as const), timer]);
  if (first === 'deadline' && !p.done()) process.kill(p.pid, 'SIGKILL');
  return { exitAfter: ((await p.exited) - stoppedAt) / 1000, killed: first === 'deadline' };
}

/**
 * Ends whatever is left of the namespace (by PID) and fails when something survived: the lab must
 * leave no process and no namespace behind.
 */
export async function finish(p: Pid1): Promise<void> {
  if (!p.done()) {
    try { process.kill(p.pid, 'SIGKILL'); } catch { /* already gone */ }
    await p.exited;
  }
  // The kernel kills the rest of a namespace when its PID 1 dies; give it a moment to reap them.
  for (let i = 0; i < 100 && membersOf(p.ns).length > 0; i++) await sleep(20);
  rmSync(dirname(p.log), { recursive: true, force: true });
  const left = membersOf(p.ns);
  for (const pid of left) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  if (left.length) throw new Error(`processes left in ${p.ns}: ${left.map((pid) => `${pid} ${comm(pid)}`).join(', ')}`);
}

/**
 * The programs that render charts and overlays: `helm` for `helm template`, `kubectl kustomize` or
 * `kustomize build`. Found through an explicit path (setting or `.kubegrace.yaml`), else on PATH.
 * They run with a timeout, can be cancelled, and get no network: the proxy variables point at a
 * closed port, so a remote base or chart fails instead of being downloaded.
 */
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { killGroup, trackChild } from './children';

export interface ToolPaths {
  helm?: string;
  kubectl?: string;
  kustomize?: string;
}

/** The `.kubegrace.yaml` / settings keys naming the programs. */
export const TOOL_SETTINGS = { helm: 'helmPath', kubectl: 'kubectlPath', kustomize: 'kustomizePath' } as const;

export class RenderError extends Error {
  constructor(
    message: string,
    /** `missing-tool`: the program is not installed; `failed`: it ran and refused; `timeout`/`cancelled`. */
    readonly reason: 'missing-tool' | 'failed' | 'timeout' | 'cancelled' | 'missing-dependency',
  ) {
    super(message);
  }
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The program's path: the configured one when it exists, else the first `name` on PATH. */
export function findTool(name: 'helm' | 'kubectl' | 'kustomize', configured?: string, envPath = process.env.PATH ?? ''): string | undefined {
  if (configured) return executable(configured) ? configured : undefined;
  for (const dir of envPath.split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    if (executable(candidate)) return candidate;
  }
  return undefined;
}

/** The program that builds Kustomize overlays: `kustomize build`, else `kubectl kustomize`. */
export function kustomizeCommand(paths: ToolPaths): { program: string; args: string[] } | undefined {
  if (paths.kustomize || !paths.kubectl) {
    const kustomize = findTool('kustomize', paths.kustomize);
    if (kustomize) return { program: kustomize, args: ['build'] };
  }
  const kubectl = findTool('kubectl', paths.kubectl);
  return kubectl ? { program: kubectl, args: ['kustomize'] } : undefined;
}

// A closed port: Go's HTTP client and git honour these, so nothing is fetched.
const NO_NETWORK = 'http://127.0.0.1:9';

/**
 * git (which kustomize runs for a remote base) must not reach the network either: the proxy only
 * covers HTTP, so `ssh://` and `git@host:` URLs are closed here. Only local `file` clones remain
 * allowed; ssh is replaced by a command that fails; the system and user git configuration (URL
 * rewrites, `core.sshCommand`, credential helpers) is not read. (git-scm.com/docs/git: GIT_ALLOW_PROTOCOL
 * acts as `protocol.allow=never` plus the protocols listed.)
 */
const NO_GIT_NETWORK: Record<string, string> = {
  GIT_ALLOW_PROTOCOL: 'file',
  GIT_SSH_COMMAND: 'exit 1',
  GIT_CONFIG_NOSYSTEM: '1',
  // POSIX paths; on Windows GIT_ALLOW_PROTOCOL and GIT_SSH_COMMAND above still close the network.
  ...(process.platform === 'win32' ? {} : { GIT_SSH: '/bin/false', GIT_CONFIG_GLOBAL: '/dev/null' }),
};

export interface RunOptions {
  cwd?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export function toolEnv(): NodeJS.ProcessEnv {
  return { ...process.env, ...NO_GIT_NETWORK, HTTP_PROXY: NO_NETWORK, HTTPS_PROXY: NO_NETWORK, http_proxy: NO_NETWORK, https_proxy: NO_NETWORK, NO_PROXY: '', no_proxy: '', GIT_TERMINAL_PROMPT: '0' };
}

/**
 * The blocking runs go through a small Node supervisor: the CLI cannot run a signal handler while
 * it waits in spawnSync, so the supervisor owns the tools instead. It starts each tool in its own
 * process group, at most `parallel` at once, and kills every group (and removes every run's
 * temporary folder) when the CLI dies (its parent changes: SIGTERM, SIGKILL, a closed terminal), when
 * it is itself signalled (Ctrl-C reaches the whole foreground group), or at the backstop timeout
 * (spawnSync's SIGTERM). Each tool has its own timeout. The results come back in the jobs' order,
 * each as a JSON header line followed by the tool's stdout and stderr bytes.
 */
const SUPERVISOR = `
const { spawn } = require('node:child_process');
const { rmSync } = require('node:fs');
const [owner, parallelText, timeoutText, jobsText] = process.argv.slice(1);
// The CLI's pid comes as an argument: the CLI may have died before this line ran.
const parent = Number(owner);
const parallel = Math.max(1, Number(parallelText) || 1);
const jobs = JSON.parse(jobsText);
const running = new Set();
const results = [];
let next = 0;
let done = 0;
const end = (code) => {
  for (const child of running) try { process.kill(-child.pid, 'SIGKILL'); } catch {}
  for (const job of jobs) if (job.temp) rmSync(job.temp, { recursive: true, force: true });
  process.exit(code);
};
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) process.on(signal, () => end(code));
const watch = setInterval(() => { if (process.ppid !== parent) end(1); }, 100);
if (process.ppid !== parent) end(1);
const finish = () => {
  clearInterval(watch);
  for (const r of results) {
    process.stdout.write(JSON.stringify({ code: r.code, spawn: r.spawn, timeout: r.timeout, ms: r.ms, out: r.out.length, err: r.err.length }) + '\\n');
    process.stdout.write(r.out);
    process.stdout.write(r.err);
  }
};
const launch = (i) => {
  const job = jobs[i];
  const t0 = Date.now();
  const out = [];
  const err = [];
  let spawnError = null;
  let timedOut = false;
  let settled = false;
  const child = spawn(job.program, job.args, { cwd: job.cwd || undefined, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const timer = setTimeout(() => { timedOut = true; try { process.kill(-child.pid, 'SIGKILL'); } catch {} }, Number(timeoutText));
  const settle = (code) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    running.delete(child);
    results[i] = { code, spawn: spawnError, timeout: timedOut, ms: Date.now() - t0, out: Buffer.concat(out), err: Buffer.concat(err) };
    done++;
    pump();
  };
  child.stdout.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => err.push(d));
  child.on('error', (error) => { spawnError = error.message; if (child.pid === undefined) settle(127); });
  child.on('close', (code, signal) => settle(code ?? (signal ? 1 : 0)));
};
const pump = () => {
  while (running.size < parallel && next < jobs.length) launch(next++);
  if (done === jobs.length) finish();
};
pump();
`;

/** One program run of a batch; `tempFolder`: the run's temporary folder, removed if the CLI dies meanwhile. */
export interface ToolJob {
  program: string;
  args: string[];
  cwd?: string;
  tempFolder?: string;
}

/** A job's outcome: its standard output, or why it failed; `ms`: its own wall time. */
export type JobResult = { text: string; ms: number } | { error: RenderError; ms: number };

/**
 * The CLI's blocking runs, `parallel` at once (each still in its own process group, ended with the
 * CLI); the results in the jobs' order. A batch of one is the old one-program run.
 */
export function runToolsSync(jobs: ToolJob[], options: { timeoutMs?: number; parallel?: number } = {}): JobResult[] {
  if (jobs.length === 0) return [];
  const timeout = options.timeoutMs ?? 60_000;
  const parallel = Math.max(1, Math.min(options.parallel ?? 1, jobs.length));
  const wire = jobs.map((j) => ({ program: j.program, args: j.args, cwd: j.cwd, temp: j.tempFolder ?? '' }));
  // The backstop: every round of `parallel` jobs may take the whole timeout, plus the supervisor's start.
  const backstop = timeout * Math.ceil(jobs.length / parallel) + 10_000;
  const result = spawnSync(process.execPath, ['-e', SUPERVISOR, String(process.pid), String(parallel), String(timeout), JSON.stringify(wire)], { env: toolEnv(), timeout: backstop, maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  const fail = (error: RenderError): JobResult[] => jobs.map(() => ({ error, ms: 0 }));
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return fail(new RenderError(`${jobs[0]!.program} did not finish within ${Math.round(timeout / 1000)} s`, 'timeout'));
  if (result.error) return fail(new RenderError(`cannot run ${jobs[0]!.program}: ${result.error.message}`, 'missing-tool'));
  const parsed = readResults(result.stdout, jobs, timeout);
  return parsed ?? fail(new RenderError(result.stderr.toString('utf8').trim() || `the supervisor of ${jobs[0]!.program} exited with ${result.status}`, 'failed'));
}

/** The supervisor's framed output as results; undefined when it is cut short (the supervisor died). */
function readResults(stdout: Buffer, jobs: ToolJob[], timeout: number): JobResult[] | undefined {
  const results: JobResult[] = [];
  let at = 0;
  for (const job of jobs) {
    const eol = stdout.indexOf(10, at);
    if (eol === -1) return undefined;
    let head: { code: number; spawn: string | null; timeout: boolean; ms: number; out: number; err: number };
    try {
      head = JSON.parse(stdout.subarray(at, eol).toString('utf8'));
    } catch {
      return undefined;
    }
    const out = stdout.subarray(eol + 1, eol + 1 + head.out).toString('utf8');
    const err = stdout.subarray(eol + 1 + head.out, eol + 1 + head.out + head.err).toString('utf8');
    at = eol + 1 + head.out + head.err;
    const ms = head.ms;
    if (head.timeout) results.push({ error: new RenderError(`${job.program} did not finish within ${Math.round(timeout / 1000)} s`, 'timeout'), ms });
    else if (head.spawn !== null) results.push({ error: new RenderError(`cannot run ${job.program}: ${head.spawn}`, 'missing-tool'), ms });
    else if (head.code !== 0) results.push({ error: new RenderError(err.trim() || `${job.program} exited with ${head.code}`, 'failed'), ms });
    else results.push({ text: out, ms });
  }
  return results;
}

/** The CLI's blocking variant of runTool; `tempFolder`: the run's temporary folder, removed if the CLI dies meanwhile. */
export function runToolSync(program: string, args: string[], options: RunOptions & { tempFolder?: string } = {}): string {
  const [result] = runToolsSync([{ program, args, cwd: options.cwd, tempFolder: options.tempFolder }], { timeoutMs: options.timeoutMs });
  if ('error' in result!) throw result.error;
  return result!.text;
}

/**
 * Runs a program and returns its standard output; a non-zero exit throws its standard error. The
 * program runs in its own process group, killed as a whole on timeout, cancellation or exit.
 */
export function runTool(program: string, args: string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new RenderError('cancelled', 'cancelled'));
    const child = spawn(program, args, { cwd: options.cwd, env: toolEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    trackChild(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let ended: RenderError | undefined;
    const stop = (error: RenderError) => {
      ended ??= error;
      killGroup(child);
    };
    const timer = setTimeout(() => stop(new RenderError(`${program} did not finish within ${Math.round((options.timeoutMs ?? 20_000) / 1000)} s`, 'timeout')), options.timeoutMs ?? 20_000);
    const onAbort = () => stop(new RenderError('cancelled', 'cancelled'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (error) => {
      ended ??= new RenderError(`cannot run ${program}: ${error.message}`, 'missing-tool');
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (ended) return reject(ended);
      if (code !== 0) return reject(new RenderError(Buffer.concat(err).toString('utf8').trim() || `${program} exited with ${code}`, 'failed'));
      resolve(Buffer.concat(out).toString('utf8'));
    });
  });
}

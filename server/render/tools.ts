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

/** How the supervisor says the program could not be started at all (not a failure of the program). */
const SPAWN_FAILED = 'kubegrace-supervisor: ';

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
 * The blocking run goes through a small Node supervisor: the CLI cannot run a signal handler while
 * it waits in spawnSync, so the supervisor owns the tool instead. It starts the tool in its own
 * process group and kills that group (and removes the run's temporary folder) when the CLI dies
 * (its parent changes: SIGTERM, SIGKILL, a closed terminal), when it is itself signalled (Ctrl-C
 * reaches the whole foreground group), or at the timeout (spawnSync's SIGTERM).
 */
const SUPERVISOR = `
const { spawn } = require('node:child_process');
const { rmSync } = require('node:fs');
const [owner, program, temp, ...args] = process.argv.slice(1);
// The CLI's pid comes as an argument: the CLI may have died before this line ran.
const parent = Number(owner);
const child = spawn(program, args, { detached: true, stdio: ['ignore', 'inherit', 'inherit'] });
const end = (code) => {
  try { process.kill(-child.pid, 'SIGKILL'); } catch {}
  if (temp) rmSync(temp, { recursive: true, force: true });
  process.exit(code);
};
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) process.on(signal, () => end(code));
const watch = setInterval(() => { if (process.ppid !== parent) end(1); }, 100);
if (process.ppid !== parent) end(1);
child.on('error', (error) => { process.stderr.write('${SPAWN_FAILED}' + error.message); process.exit(127); });
child.on('exit', (code, signal) => { clearInterval(watch); process.exit(code ?? (signal ? 1 : 0)); });
`;

/** The CLI's blocking variant of runTool; `tempFolder`: the run's temporary folder, removed if the CLI dies meanwhile. */
export function runToolSync(program: string, args: string[], options: RunOptions & { tempFolder?: string } = {}): string {
  const timeout = options.timeoutMs ?? 60_000;
  const result = spawnSync(process.execPath, ['-e', SUPERVISOR, String(process.pid), program, options.tempFolder ?? '', ...args], { cwd: options.cwd, env: toolEnv(), encoding: 'utf8', timeout, maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') throw new RenderError(`${program} did not finish within ${Math.round(timeout / 1000)} s`, 'timeout');
  if (result.error) throw new RenderError(`cannot run ${program}: ${result.error.message}`, 'missing-tool');
  if (result.status === 127 && result.stderr.startsWith(SPAWN_FAILED)) throw new RenderError(`cannot run ${program}: ${result.stderr.slice(SPAWN_FAILED.length)}`, 'missing-tool');
  if (result.status !== 0) throw new RenderError(result.stderr.trim() || `${program} exited with ${result.status}`, 'failed');
  return result.stdout;
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

/** Shared by the robustness tests: the bundled CLI run with a time limit, and small manifests. */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI = resolve(__dirname, '../../dist/cli.js');

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs dist/cli.js; a run that takes longer than `timeout` ms is killed (status null). */
export function runCli(args: string[], options: SpawnSyncOptions & { timeout?: number } = {}): CliResult {
  return spawnCli(CLI, args, options);
}

function spawnCli(bundle: string, args: string[], options: SpawnSyncOptions): CliResult {
  const started = Date.now();
  const r = spawnSync(process.execPath, [bundle, ...args], { encoding: 'utf8', timeout: 20000, ...options });
  return { status: r.status, signal: r.signal, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), ms: Date.now() - started };
}

let userCli: string | undefined;

/**
 * Runs the CLI so that file modes count: as `nobody` when the tests run as root (root ignores
 * them), from a world-readable copy of the bundle (the clone may sit in root's home).
 */
export function runCliAsUser(args: string[], options: SpawnSyncOptions & { timeout?: number } = {}): CliResult {
  if (process.getuid?.() !== 0) return runCli(args, options);
  if (!userCli) {
    const dir = tempDir('cli');
    chmodSync(dir, 0o755);
    userCli = join(dir, 'cli.js');
    copyFileSync(CLI, userCli);
    chmodSync(userCli, 0o644);
  }
  return spawnCli(userCli, args, { uid: 65534, gid: 65534, ...options });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `kubegrace-${prefix}-`));
}

/** A Deployment with one serving container; `extra` lines go under the container (10 spaces). */
export function deployment(options: { tgps?: string; preStop?: string; extra?: string[] } = {}): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: web}',
    'spec:',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec:',
    ...(options.tgps !== undefined ? [`      terminationGracePeriodSeconds: ${options.tgps}`] : []),
    '      containers:',
    '        - name: web',
    '          image: example/web',
    '          ports: [{containerPort: 8080}]',
    '          readinessProbe: {tcpSocket: {port: 8080}}',
    ...(options.preStop ? [`          lifecycle: {preStop: ${options.preStop}}`] : []),
    ...(options.extra ?? []),
    '',
  ].join('\n');
}

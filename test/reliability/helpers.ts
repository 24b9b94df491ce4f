/**
 * Shared by the reliability tests (issue 20): small charts written into a temporary folder, a
 * template that keeps helm busy, a helm that counts its runs (a shell script that records a line
 * and execs the real helm), and what a session left behind: processes and `kubegrace-*` folders.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packagedBin } from '../render/tools';

export { countingHelm } from '../render/tools';
import { deployment } from '../robust/helpers';

/**
 * Ten billion empty iterations over two small lists: helm stays busy for minutes with little
 * memory (Go templates have no loop without a list; `until` makes one).
 */
export const BUSY_TEMPLATE = '{{- range $i := until 100000 }}{{- range $j := until 100000 }}{{- end }}{{- end }}\n';

/** A template that fails at line 3 (`fail` is Sprig's, in every helm). */
export const FAILING_TEMPLATE = '# a comment\n# another\n{{ fail "the value of replicas is required" }}\n';

export const DEPLOYMENT = deployment({ tgps: '30' });

export interface Sandbox {
  root: string;
  /** The folder the server or CLI runs with as TMPDIR: what it leaves behind shows here. */
  tmp: string;
  /** Removes the sandbox; call from `after`. */
  remove(): void;
}

export function sandbox(): Sandbox {
  const base = mkdtempSync(join(tmpdir(), 'kubegrace-reliability-'));
  const root = join(base, 'ws');
  const tmp = join(base, 'tmp');
  mkdirSync(root);
  mkdirSync(tmp);
  return { root, tmp, remove: () => rmSync(base, { recursive: true, force: true }) };
}

/** Writes a chart `name` under `root` with the given templates; returns its folder. */
export function writeChart(root: string, name: string, templates: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`);
  writeFileSync(join(dir, 'values.yaml'), 'replicas: 1\n');
  for (const [file, text] of Object.entries(templates)) writeFileSync(join(dir, 'templates', file), text);
  return dir;
}


/** The environment of a server or CLI under test: the packaged tools first on PATH, TMPDIR in the sandbox. */
export function env(box: Sandbox): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${packagedBin()}:${process.env.PATH ?? ''}`, TMPDIR: box.tmp };
}

/** Pids of live processes whose command line mentions `text` (a path unique to the test). */
export function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // A zombie has ended; only its parent has not collected it yet.
      if (/^\d+ \(.*\) Z /.test(stat)) continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(text)) pids.push(Number(name));
    } catch {
      // Ended while we looked.
    }
  }
  return pids;
}

/** The `kubegrace-*` folders in a TMPDIR. */
export function leftovers(tmp: string): string[] {
  return readdirSync(tmp).filter((n) => n.startsWith('kubegrace-'));
}

/** Polls `condition` every 50 ms until it holds or `ms` pass; returns whether it held. */
export async function eventually(condition: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return condition();
}

export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}

export function folderParams(root: string) {
  return { rootUri: uriOf(root), workspaceFolders: [{ uri: uriOf(root), name: 'ws' }] };
}


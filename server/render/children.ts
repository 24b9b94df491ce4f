/**
 * The child processes and temporary folders rendering makes, so that they end with their owner on
 * every way out: a finished render, a cancelled one, `exit` after `shutdown`, `exit` alone, stdin
 * closed, the client's process gone (the LSP watchdog) and SIGTERM/SIGINT/SIGHUP. Each of those
 * ends in `process.exit`, whose 'exit' event runs `endAll` synchronously.
 *
 * Each tool runs in its own process group (spawned detached) and is killed as a group, so a
 * program helm or kustomize starts (a plugin, git) dies with it. Knows nothing of LSP or the CLI.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const children = new Set<ChildProcess>();
const folders = new Set<string>();
let hooked = false;

/** Kills a child's whole process group (it was spawned detached, so its pid is the group's id). */
export function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone, or not a group leader (Windows): kill the child itself.
    child.kill('SIGKILL');
  }
}

/** Keeps `child` until it exits; `endAll` kills it first. */
export function trackChild(child: ChildProcess): void {
  hook();
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.once('error', () => children.delete(child));
}

/** A new temporary folder `kubegrace-<prefix>-*`, removed by `removeFolder` or, at the latest, by `endAll`. */
export function makeTempFolder(prefix: string, parent = tmpdir()): string {
  hook();
  const dir = mkdtempSync(join(parent, `kubegrace-${prefix}-`));
  folders.add(dir);
  return dir;
}

export function removeFolder(dir: string): void {
  folders.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

/** Kills every child group still running and removes every temporary folder still there. Synchronous. */
export function endAll(): void {
  for (const child of children) killGroup(child);
  children.clear();
  for (const dir of folders) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // A folder that cannot be removed must not stop the others from being removed.
    }
  }
  folders.clear();
}

/** How many children and folders are live (tests and the fuzzer check 0 after a session). */
export function liveCounts(): { children: number; folders: number } {
  return { children: children.size, folders: folders.size };
}

const SIGNALS: Array<[NodeJS.Signals, number]> = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
];

/** Installed on first use: kills and removes what is left when the process exits, however it exits. */
function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', endAll);
}

/**
 * For a long-lived owner (the language server): a signal ends the children and folders, then the
 * process, with the shell's code for the signal. The CLI does not call this: it blocks in its
 * tools (runToolSync), where a handler would wait for the tool instead of ending it.
 */
export function endOnSignals(): void {
  hook();
  for (const [signal, code] of SIGNALS) {
    process.on(signal, () => {
      endAll();
      process.exit(code);
    });
  }
}

/**
 * The helm and kubectl the rendering tests run: the packaged ones (scripts/tools-setup.mjs fetches
 * them into a cache outside the repository) and, when different, whatever is on PATH.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { main } from '../../server/cli/main';
import { findTool } from '../../server/render/tools';

export interface ToolSet {
  name: string;
  /** PATH to run with: the tools' folder first. */
  path: string;
  helm: boolean;
  kubectl: boolean;
}

let packaged: string | undefined;

/** The packaged tools' folder; fetched on first use. Fails loudly when they cannot be had. */
export function packagedBin(): string {
  if (!packaged) {
    const result = spawnSync(process.execPath, [join(__dirname, '../../scripts/tools-setup.mjs')], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tools-setup failed: ${result.stderr}`);
    packaged = result.stdout.trim().split('\n').pop()!;
  }
  return packaged;
}

export function toolSets(): ToolSet[] {
  const bin = packagedBin();
  const original = process.env.PATH ?? '';
  const sets: ToolSet[] = [{ name: 'packaged helm 4.1 / kubectl 1.33', path: `${bin}:${original}`, helm: true, kubectl: true }];
  const helm = findTool('helm', undefined, original);
  const kubectl = findTool('kubectl', undefined, original);
  const other = (p: string | undefined) => p !== undefined && dirname(p) !== bin;
  if (other(helm) || other(kubectl)) sets.push({ name: `PATH (${[helm, kubectl].filter(Boolean).join(', ')})`, path: original, helm: other(helm), kubectl: other(kubectl) });
  return sets;
}

/** The CLI in process with the packaged helm and kubectl first on PATH: its exit code, stdout and stderr. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): { code: number; out: string; err: string } {
  const saved = process.env.PATH;
  process.env.PATH = `${packagedBin()}:${saved}`;
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = main(args, { out: (t) => out.push(t), err: (t) => err.push(t), env });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.env.PATH = saved;
  }
}

/**
 * How an editor's files read for the rendering session: the open documents' text (by URI) over the
 * disk, and "dirty" where the two differ.
 */
export function editorFiles(open: Map<string, TextDocument>, uriOf: (path: string) => string = (p) => pathToFileURL(p).href) {
  const disk = (p: string): string | undefined => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  };
  // A render asks about every file of a chart several times: each path's URI is made once.
  const uris = new Map<string, string>();
  const uri = (p: string): string => {
    let u = uris.get(p);
    if (u === undefined) {
      u = uriOf(p);
      uris.set(p, u);
    }
    return u;
  };
  const read = (p: string): string | undefined => open.get(uri(p))?.getText() ?? disk(p);
  const dirty = (p: string): boolean => open.has(uri(p)) && disk(p) !== read(p);
  return { disk, read, dirty };
}

/** A helm that appends a line to `log` on every run, then is the real helm. */
export function countingHelm(dir: string): { helm: string; runs(): number } {
  const log = join(dir, 'helm-runs.log');
  const helm = join(dir, 'helm');
  writeFileSync(log, '');
  writeFileSync(helm, `#!/bin/sh\necho run >> '${log}'\nexec '${join(packagedBin(), 'helm')}' "$@"\n`);
  chmodSync(helm, 0o755);
  return { helm, runs: () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length };
}

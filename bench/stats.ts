/** Small helpers shared by the benchmarks. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The LSP position of an offset (LF text). */
export function posOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** Milliseconds of one run of a program (its output discarded): the bare tool's time. */
export function bareRun(program: string, args: string[], cwd: string): number {
  const start = performance.now();
  execFileSync(program, args, { cwd, stdio: 'ignore', maxBuffer: 1 << 30 });
  return performance.now() - start;
}

/**
 * A folder holding the bare equivalent of the server's joint build of `overlays` (one kustomize
 * run: each overlay through a kustomization that prefixes its names, origin annotations on), for
 * `kubectl kustomize <folder>` as the baseline of a shared base's edit.
 */
export function jointKustomization(parent: string, overlays: string[]): string {
  const dir = mkdtempSync(join(parent, 'kubegrace-bench-joint-'));
  overlays.forEach((o, i) => {
    mkdirSync(join(dir, `o${i}`));
    writeFileSync(join(dir, `o${i}/kustomization.yaml`), `resources:\n  - ${JSON.stringify(relative(join(dir, `o${i}`), o))}\nnamePrefix: joint-${i}-\n`);
  });
  writeFileSync(join(dir, 'kustomization.yaml'), `resources:\n${overlays.map((_, i) => `  - o${i}\n`).join('')}buildMetadata: [originAnnotations, transformerAnnotations]\n`);
  return dir;
}

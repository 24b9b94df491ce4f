/**
 * A chart's copy in a temporary folder, kept from one render to the next while its editors hold
 * unsaved text (issue 20: cost follows the change). Helm reads a chart only from disk, so the
 * editors' text must be written somewhere; copying the whole chart and removing it again on every
 * edit cost more than helm itself at 2,000 templates. The copy is made once, and each later render
 * rewrites only the files whose text changed since they were last written.
 *
 * What helm reads is the list of files the render cache keys on (inputs.ts). When that list
 * changes (a file came or went, or a template started using `.Files`), the copy is made afresh, so
 * a deleted template never survives in it. Files outside the list (a README) are left as first
 * copied: helm does not read them. One render uses the copy at a time.
 *
 * The copy is made of hard links to the chart's files where the file system allows it (one system
 * call per file instead of a read and a write: 2,000 templates link in about 40 ms where copying
 * took about 400 ms). A linked file shares its bytes with the user's file, so nothing is ever
 * written through a link: a file of the copy is unlinked before its new text is written (put).
 *
 * Overlays are copied whole per render (copyFiles): a kustomization names few files.
 */
import { copyFileSync, linkSync, mkdirSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { KUSTOMIZATION_FILES } from '../../render/kustomize/kustomize';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { makeTempFolder, removeFolder } from '../../render/children';
import type { ReadFile } from '../../render/source';

export interface ShadowHost {
  read: ReadFile;
  dirty(path: string): boolean;
}

/**
 * A file's stamp (a hash of its text, unsaved text included) as the render's request found it. A
 * stamp older than the text written only makes the next update write the file again.
 */
export type StampOf = (path: string) => string;

export class ShadowChart {
  private root: string | undefined;
  /** The stamp of each file as last written to the copy, by its path in the chart. */
  private written = new Map<string, string>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Files written by the last update (for tests and the benchmark). */
  lastWrites = 0;

  constructor(
    /** The chart folder, absolute. */
    private readonly dir: string,
    private readonly host: ShadowHost,
  ) {}

  /**
   * Brings the copy up to date with `files` (the files under the chart folder that helm reads)
   * and runs `render` on the copied chart's folder; renders wait for each other.
   */
  use<T>(files: string[], stampOf: StampOf, render: (copy: string) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => render(this.update(files, stampOf)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private update(files: string[], stampOf: StampOf): string {
    const inside = [...new Set(files.map((f) => resolve(f)).filter((f) => f.startsWith(this.dir + sep)))];
    const same = this.root !== undefined && inside.length === this.written.size && inside.every((f) => this.written.has(f));
    if (!same) this.make(inside, stampOf);
    const copy = join(this.root!, basename(this.dir));
    this.lastWrites = 0;
    for (const f of inside) {
      const stamp = stampOf(f);
      if (this.written.get(f) === stamp) continue;
      const target = join(copy, relative(this.dir, f));
      // Unsaved text is written; a file as on disk is copied as bytes (a packed subchart is binary).
      try {
        mkdirSync(dirname(target), { recursive: true });
        put(f, target, this.host.dirty(f) ? (this.host.read(f) ?? '') : undefined);
      } catch {
        // Gone meanwhile: helm reports a missing file itself; the next update tries again.
        continue;
      }
      this.written.set(f, stamp);
      this.lastWrites++;
    }
    return copy;
  }

  /** A fresh copy of the chart folder; `update` then writes the editors' unsaved text over it. */
  private make(files: string[], stampOf: StampOf): void {
    this.dispose();
    // Stamped before the copy (by the request): a file that changes on disk meanwhile has another
    // stamp on the next update and is copied again; stamped after, the copy could keep older bytes.
    const stamps = files.map((f) => (this.host.dirty(f) ? '' : stampOf(f)));
    this.root = makeTempFolder('render');
    linkTree(this.dir, join(this.root, basename(this.dir)));
    this.written = new Map(files.map((f, i) => [f, stamps[i]]));
  }

  /** Removes the copy; the next use makes it again. */
  dispose(): void {
    if (this.root) removeFolder(this.root);
    this.root = undefined;
    this.written.clear();
  }
}

/**
 * Writes `target` of the copy: `text` (an editor's unsaved text), else the bytes of `source` on
 * disk, linked when possible (a packed subchart is binary). The old `target` is unlinked first:
 * it may be a hard link to the user's file, and writing into it would change that file.
 */
function put(source: string, target: string, text: string | undefined): void {
  rmSync(target, { force: true });
  if (text !== undefined) writeFileSync(target, text);
  else link(source, target);
}

/** A hard link, or a copy where links cannot be made (another file system, a file system without them). */
function link(source: string, target: string): void {
  try {
    linkSync(source, target);
  } catch {
    copyFileSync(source, target);
  }
}

/**
 * `dir` recreated at `target`: folders made, regular files hard-linked (or copied), symbolic links
 * recreated pointing where they point now (a relative target made absolute, as cpSync does, so it
 * still resolves from the copy); anything else is left out.
 */
function linkTree(dir: string, target: string): void {
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const from = join(dir, entry.name);
    const to = join(target, entry.name);
    try {
      if (entry.isDirectory()) linkTree(from, to);
      else if (entry.isFile()) link(from, to);
      else if (entry.isSymbolicLink()) symlinkSync(resolve(dir, readlinkSync(from)), to);
    } catch {
      // Unreadable or gone meanwhile: helm reports what it misses itself, as with cpSync before.
    }
  }
}

/** The regular files directly in each of `dirs`. */
function filesOfDirs(dirs: string[]): string[] {
  return dirs.flatMap((d) => {
    try {
      return readdirSync(d, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(d, e.name));
    } catch {
      return [];
    }
  });
}

function commonDir(paths: string[]): string {
  let common = dirname(paths[0]);
  for (const p of paths) while (!`${p}${sep}`.startsWith(`${common}${sep}`) && dirname(common) !== common) common = dirname(common);
  return common;
}

/**
 * The overlay files under their common folder C, copied with the editors' text to tmp/<name of C>;
 * a wrapper kustomization in tmp then resolves its relative paths against C's parent to real files.
 */
export function copyFiles(named: string[], tmp: string, read: ReadFile): { common: string; tree: string } {
  // The files a kustomization names decide the cache key; the copy also takes the rest of each
  // kustomization's folder, in case the build reads a file in a way discover.ts does not know.
  const files = [...new Set([...named, ...filesOfDirs(named.filter((f) => KUSTOMIZATION_FILES.includes(basename(f))).map(dirname))])];
  const common = commonDir(files);
  const tree = join(tmp, basename(common));
  for (const f of files) {
    const target = join(tree, relative(common, f));
    mkdirSync(dirname(target), { recursive: true });
    const text = read(f);
    if (text !== undefined) writeFileSync(target, text);
  }
  return { common, tree };
}

/** A values file's unsaved text, written under tmp for one render. */
export function writeTemp(tmp: string, path: string, text: string): string {
  const target = join(tmp, 'values', basename(path));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  return target;
}


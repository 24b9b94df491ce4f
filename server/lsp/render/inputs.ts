/**
 * The files a render reads, and the key of a render's cache entry made from them. The key covers
 * what the tool reads, not every file in the folder: a README or a .git change in a chart folder
 * does not render again. Helm reads Chart.yaml, Chart.lock, the values files, templates/, charts/
 * and crds/ (and, through `.Files`, any other file: then all of them count); Kustomize reads the
 * files a kustomization names (discover.ts `overlayTree`).
 *
 * Reading 2,000 templates on every request costs more than the answer, so a closed file's text
 * hash is kept while its size and modification time stay the same.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { filesUnder, type ReadFile } from '../../render/source';
import { overlayTree } from '../../render/discover';
import type { RenderRequest } from '../../render/project';

/** What helm reads of a chart folder unless a template reads other files through `.Files`. */
const HELM_READS = /^(Chart\.ya?ml|Chart\.lock|values[^/]*\.ya?ml|values\.schema\.json|\.helmignore|(templates|charts|crds)\/.*)$/;

interface Known {
  size: number;
  mtimeMs: number;
  hash: string;
  /** The text mentions `.Files` (a template that may read any file of the chart). */
  files: boolean;
  /** The text may define a named template (`define`). */
  defines: boolean;
}

/** Text hashes of files, kept per path while the file on disk is unchanged. */
export class FileHashes {
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly read: ReadFile,
    /** True when an editor holds text that differs from the disk. */
    private readonly dirty: (path: string) => boolean,
  ) {}

  private fresh(path: string, stat: { size: number; mtimeMs: number }): Known {
    const text = this.read(path);
    const hash = createHash('sha1')
      .update(text ?? '\0missing')
      .digest('hex');
    return { size: stat.size, mtimeMs: stat.mtimeMs, hash, files: text?.includes('.Files') ?? false, defines: text?.includes('define') ?? false };
  }

  /** While a pass runs, each file's entry as first found in it. */
  private current: Map<string, Known | undefined> | undefined;

  /**
   * Runs `fn` with each file stat'ed (and read, if changed) at most once: a request asks about
   * every file of a chart several times (what helm reads, the key, the stamps it keeps), and at
   * 2,000 templates each round of stat calls cost more than the rest of an edit. `fn` is
   * synchronous, so nothing it asks about can change meanwhile on the editor's side.
   */
  pass<T>(fn: () => T): T {
    if (this.current) return fn();
    this.current = new Map();
    try {
      return fn();
    } finally {
      this.current = undefined;
    }
  }

  private entry(path: string): Known | undefined {
    if (this.current?.has(path)) return this.current.get(path);
    const found = this.entryNow(path);
    this.current?.set(path, found);
    return found;
  }

  /** A file's current hash (an open editor's unsaved text included). */
  private entryNow(path: string): Known | undefined {
    if (this.dirty(path)) return this.fresh(path, { size: -1, mtimeMs: -1 });
    let stat: { size: number; mtimeMs: number };
    try {
      stat = statSync(path);
    } catch {
      this.known.delete(path);
      return undefined;
    }
    const known = this.known.get(path);
    if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return known;
    const entry = this.fresh(path, stat);
    this.known.set(path, entry);
    return entry;
  }

  of(path: string): string {
    return this.entry(path)?.hash ?? 'missing';
  }

  /**
   * One stamp for the named templates among `files`: the hashes of those that may define one. A
   * mapping that looked a named template up depends on all of them (ChartFiles.defineFile).
   */
  defines(files: string[]): string {
    const h = createHash('sha1');
    for (const f of files) if (this.entry(f)?.defines) h.update(f).update('\0').update(this.of(f)).update('\0');
    return h.digest('hex');
  }

  /** The files whose content decides a render. */
  involved(request: RenderRequest): string[] {
    if (request.kind === 'chart') {
      const dir = resolve(request.dir);
      const all = filesUnder(dir, 8, ['.git', 'node_modules']);
      const rel = (f: string) => f.slice(dir.length + 1).split('\\').join('/');
      const core = all.filter((f) => HELM_READS.test(rel(f)));
      const usesFiles = core.some((f) => rel(f).startsWith('templates/') && this.entry(f)?.files === true);
      return (usesFiles ? all : core).concat(request.values.map((v) => resolve(v)));
    }
    return [...overlayTree(request.dir, this.read).files];
  }

  /** One key for a render: what is rendered, how, and the text of every file the tool reads. */
  key(head: unknown, files: string[]): string {
    const h = createHash('sha1').update(JSON.stringify(head));
    for (const f of [...files].sort()) h.update(f).update('\0').update(this.of(f)).update('\0');
    return h.digest('hex');
  }

  clear(): void {
    this.known.clear();
  }
}

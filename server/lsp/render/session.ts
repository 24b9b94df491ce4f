/**
 * Rendering for the language server: one render per chart or overlay and content, shared by every
 * file of it. Results are cached by the content of the files involved (open editors' unsaved text
 * included); a newer edit cancels the render in flight; renders start after a short pause so a
 * burst of keystrokes renders once. With unsaved text, the chart (or the overlay's folders) is
 * copied to a temporary folder with that text written in, and findings are mapped to the real
 * files (the mapping reads the editors' text, so offsets agree).
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Settings } from '../../../shared/settings';
import type { ReadFile } from '../../render/source';
import { overlayTree } from '../../render/discover';
import { buildOverlay } from '../../render/kustomize/kustomize';
import { analyzeRendered, renderAsync, type RenderRequest, type RenderResult } from '../../render/project';
import { RenderError, runTool, type ToolPaths } from '../../render/tools';
import { splitChunks } from '../../yaml/parse/prescan';

export interface SessionHost {
  /** A file's text: the open editor's, else the disk's. */
  read: ReadFile;
  /** True when the file is open with text that differs from the disk. */
  dirty(path: string): boolean;
}

const DEBOUNCE_MS = 10;

function walk(dir: string, depth = 0): string[] {
  if (depth > 8) return [];
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? (e.name === '.git' || e.name === 'node_modules' ? [] : walk(join(dir, e.name), depth + 1)) : e.isFile() ? [join(dir, e.name)] : []));
}

function filesOfDirs(dirs: string[]): string[] {
  return dirs.flatMap((d) => {
    try {
      return readdirSync(d, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(d, e.name));
    } catch {
      return [];
    }
  });
}

/** The files whose content decides a render. */
export function involvedFiles(request: RenderRequest, read: ReadFile): string[] {
  if (request.kind === 'chart') return walk(resolve(request.dir)).concat(request.values.map((v) => resolve(v)));
  const tree = overlayTree(request.dir, read);
  return [...new Set([...tree.files, ...filesOfDirs(tree.dirs)])];
}

function commonDir(paths: string[]): string {
  let common = dirname(paths[0]);
  for (const p of paths) while (!`${p}${sep}`.startsWith(`${common}${sep}`) && dirname(common) !== common) common = dirname(common);
  return common;
}

interface Entry {
  hash: string;
  result: Promise<RenderResult>;
  controller: AbortController;
}

export class RenderSession {
  private readonly entries = new Map<string, Entry>();
  private readonly groups = new Map<string, { hash: string; result: Promise<RenderResult[]>; controller: AbortController }>();
  /** Milliseconds of the last renders, for the benchmark's split. */
  last: RenderResult['timings'] | undefined;

  constructor(private readonly host: SessionHost) {}

  private hash(request: RenderRequest, settings: Settings, tools: ToolPaths, files: string[]): string {
    const h = createHash('sha1').update(JSON.stringify([request, settings.kubernetesVersion, tools]));
    for (const f of [...files].sort()) h.update(f).update('\0').update(this.host.read(f) ?? '').update('\0');
    return h.digest('hex');
  }

  /** The render of `request` for the current content; rejects with a RenderError when it fails. */
  result(request: RenderRequest, settings: Settings, tools: ToolPaths, labelBase: string): Promise<RenderResult> {
    const id = `${request.kind}:${resolve(request.dir)}:${request.kind === 'chart' ? request.values.join(',') : ''}`;
    const files = involvedFiles(request, this.host.read);
    const hash = this.hash(request, settings, tools, files);
    const existing = this.entries.get(id);
    if (existing?.hash === hash) return existing.result;
    existing?.controller.abort();
    const controller = new AbortController();
    const result = this.render(request, settings, tools, labelBase, files, controller.signal);
    // A failed or cancelled render is not kept: the next request tries again.
    result.catch(() => {
      if (this.entries.get(id)?.result === result) this.entries.delete(id);
    });
    this.entries.set(id, { hash, result, controller });
    return result;
  }

  private async render(request: RenderRequest, settings: Settings, tools: ToolPaths, labelBase: string, files: string[], signal: AbortSignal): Promise<RenderResult> {
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS));
    const t0 = performance.now();
    const dirty = files.filter((f) => this.host.dirty(f));
    const rendered = dirty.length === 0 ? await renderAsync(request, settings, tools, { signal }) : await this.renderCopy(request, settings, tools, files, dirty, signal);
    const result = analyzeRendered(request, rendered, settings, this.host.read, labelBase, performance.now() - t0);
    this.last = result.timings;
    return result;
  }

  /** Renders a temporary copy holding the editors' unsaved text. */
  private async renderCopy(request: RenderRequest, settings: Settings, tools: ToolPaths, files: string[], dirty: string[], signal: AbortSignal) {
    const tmp = mkdtempSync(join(tmpdir(), 'kubegrace-render-'));
    try {
      if (request.kind === 'chart') {
        const copy = join(tmp, basename(request.dir));
        cpSync(resolve(request.dir), copy, { recursive: true });
        for (const f of dirty) if (f.startsWith(resolve(request.dir) + sep)) writeFileSync(join(copy, relative(resolve(request.dir), f)), this.host.read(f) ?? '');
        const values = request.values.map((v) => (this.host.dirty(resolve(v)) && !resolve(v).startsWith(resolve(request.dir) + sep) ? writeTemp(tmp, resolve(v), this.host.read(resolve(v)) ?? '') : v));
        // Sources are named by the chart, so the mapping reads the real files (with the editors' text).
        return await renderAsync({ ...request, dir: copy, values: values.map((v) => (resolve(v).startsWith(resolve(request.dir) + sep) ? join(copy, relative(resolve(request.dir), resolve(v))) : v)) }, settings, tools, { signal });
      }
      const { common, tree } = this.copyFiles(files, tmp);
      const built = await buildOverlay(join(tree, relative(common, resolve(request.dir))), tools, (program, args, cwd) => runTool(program, args, { signal, cwd }), tmp, dirname(common));
      return { text: built.text, base: join(dirname(common), basename(built.base)) };
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  /**
   * The overlay files under their common folder C, copied with the editors' text to tmp/<name of C>;
   * a wrapper kustomization in tmp then resolves its relative paths against C's parent to real files.
   */
  private copyFiles(files: string[], tmp: string): { common: string; tree: string } {
    const common = commonDir(files);
    const tree = join(tmp, basename(common));
    for (const f of files) {
      const target = join(tree, relative(common, f));
      mkdirSync(dirname(target), { recursive: true });
      const text = this.host.read(f);
      if (text !== undefined) writeFileSync(target, text);
    }
    return { common, tree };
  }

  /**
   * The overlays a base belongs to, built by one program run when they do not clash: every built
   * object is given to the one overlay whose own folder configured or holds it. When the build
   * fails or an object cannot be told apart, each overlay is built alone.
   */
  overlays(requests: RenderRequest[], settings: Settings, tools: ToolPaths, labelBase: string): Promise<RenderResult[]> {
    const id = `overlays:${requests.map((r) => resolve(r.dir)).join(',')}`;
    const files = [...new Set(requests.flatMap((r) => involvedFiles(r, this.host.read)))];
    const hash = this.hash(requests[0], settings, tools, files) + requests.length;
    const existing = this.groups.get(id);
    if (existing?.hash === hash) return existing.result;
    existing?.controller.abort();
    const controller = new AbortController();
    const result = this.renderGroup(requests, settings, tools, labelBase, files, controller.signal).catch((error: unknown) => {
      if (error instanceof RenderError && (error.reason === 'cancelled' || error.reason === 'missing-tool')) throw error;
      return Promise.all(requests.map((r) => this.result(r, settings, tools, labelBase)));
    });
    result.catch(() => {
      if (this.groups.get(id)?.result === result) this.groups.delete(id);
    });
    this.groups.set(id, { hash, result, controller });
    return result;
  }

  private async renderGroup(requests: RenderRequest[], settings: Settings, tools: ToolPaths, labelBase: string, files: string[], signal: AbortSignal): Promise<RenderResult[]> {
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS));
    if (signal.aborted) throw new RenderError('cancelled', 'cancelled');
    const t0 = performance.now();
    const dirs = requests.map((r) => resolve(r.dir));
    const tmp = mkdtempSync(join(tmpdir(), 'kubegrace-render-'));
    let built: { text: string; base: string };
    try {
      const { common, tree } = this.copyFiles(files, tmp);
      const result = await buildOverlay(dirs.map((d) => join(tree, relative(common, d))), tools, (program, args, cwd) => runTool(program, args, { signal, cwd }), tmp, dirname(common));
      built = { text: result.text, base: join(dirname(common), basename(result.base)) };
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    const texts = dirs.map(() => [] as string[]);
    for (const chunk of splitChunks(built.text)) {
      if (chunk.text.trim() === '' || chunk.text.trim() === '---') continue;
      const paths = [...chunk.text.matchAll(/^\s*(?:- )?(?:configuredIn|path): (.+)$/gm)].map((m) => resolve(built.base, m[1].trim()));
      const owners = dirs.flatMap((d, i) => (paths.some((p) => dirname(p) === d) ? [i] : []));
      if (owners.length !== 1) throw new Error('objects of the overlays cannot be told apart');
      texts[owners[0]].push(chunk.text.startsWith('---') ? chunk.text : `---\n${chunk.text}`);
    }
    const renderMs = performance.now() - t0;
    const results = requests.map((r, i) => analyzeRendered(r, { text: texts[i].join(''), base: built.base }, settings, this.host.read, labelBase, renderMs));
    this.last = results[0]?.timings;
    return results;
  }

  /** Files changed on disk or settings changed: everything renders again on next use. */
  clear(): void {
    for (const e of [...this.entries.values(), ...this.groups.values()]) e.controller.abort();
    this.entries.clear();
    this.groups.clear();
  }
}

function writeTemp(tmp: string, path: string, text: string): string {
  const target = join(tmp, 'values', basename(path));
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  return target;
}

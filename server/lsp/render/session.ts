/**
 * Rendering for the language server: one render per chart or overlay and content, shared by every
 * file of it. Results, failures included, are cached by the content of the files the tool reads
 * (open editors' unsaved text included, inputs.ts); a newer edit cancels the render in flight; a
 * render that replaces another starts after a pause longer than the gap between keystrokes, so a
 * burst of typing renders once. With unsaved text, the chart is rendered from a copy kept between
 * renders, into which only the files changed since are written (shadow.ts), and the overlay's
 * folders are copied to a temporary folder with that text written in; findings are mapped to the
 * real files (the mapping reads the editors' text, so offsets agree). Each chart or overlay keeps
 * its analysis state and mappings (project.ts RenderCache): an edit analyses and maps again only
 * the rendered documents that changed, or whose source files did.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Settings } from '../../../shared/settings';
import type { ReadFile } from '../../render/source';
import { buildOverlay } from '../../render/kustomize/kustomize';
import { analyzeRendered, renderAsync, renderCache, type ChartRequest, type RenderCache, type RenderRequest, type RenderResult } from '../../render/project';
import { DEFINES } from '../../render/helm/chart';
import { RenderError, runTool, type ToolPaths } from '../../render/tools';
import { splitChunks } from '../../yaml/parse/prescan';
import { makeTempFolder, removeFolder } from '../../render/children';
import { FileHashes } from './inputs';
import { copyFiles, ShadowChart, writeTemp } from './shadow';

export interface SessionHost {
  /** A file's text: the open editor's, else the disk's. */
  read: ReadFile;
  /** True when the file is open with text that differs from the disk. */
  dirty(path: string): boolean;
  /** The pause before a render that replaces another; DEBOUNCE_MS when not given (benchmarks set 0). */
  debounceMs?: number;
}

/**
 * The pause before a render that replaces another (an edit, not the first open). People type with
 * about 240 ms between keystrokes on average (Dhakal et al., CHI 2018, 136 M keystrokes; see
 * docs/research.md): 300 ms lets a burst of typing end before helm or kubectl starts.
 */
export const DEBOUNCE_MS = 300;

/** The name prefix that tells the overlays of a joint build apart (see renderGroup). */
const JOINT_PREFIX = 'kubegrace-joint-';

interface Entry {
  hash: string;
  result: Promise<RenderResult>;
  controller: AbortController;
}

export class RenderSession {
  private readonly entries = new Map<string, Entry>();
  private readonly groups = new Map<string, { hash: string; result: Promise<RenderResult[]>; controller: AbortController }>();
  private readonly hashes: FileHashes;
  /** Per chart or overlay, what its next render reuses of the last one (project.ts RenderCache). */
  private readonly caches = new Map<string, RenderCache>();
  /** Per chart folder, its kept copy for renders with unsaved text. */
  private readonly shadows = new Map<string, ShadowChart>();
  /** Milliseconds of the last renders, for the benchmark's split. */
  last: RenderResult['timings'] | undefined;

  constructor(private readonly host: SessionHost) {
    this.hashes = new FileHashes(host.read, host.dirty);
  }

  /**
   * What a request renders: the files the tool reads, the cache key made from their text, and
   * each file's stamp, all from one stat (and, if changed, one read) per file.
   */
  private inputsOf(requests: RenderRequest[], settings: Settings, tools: ToolPaths): { files: string[]; hash: string; stamps: Map<string, string> } {
    return this.hashes.pass(() => {
      const files = [...new Set(requests.flatMap((r) => this.hashes.involved(r)))];
      const hash = this.hashes.key([requests[0], settings.kubernetesVersion, tools], files) + (requests.length > 1 ? requests.length : '');
      return { files, hash, stamps: new Map(files.map((f) => [f, this.hashes.of(f)])) };
    });
  }

  /** The hash of each file a render read, as it was when the render ended. */
  private readonly inputs = new WeakMap<RenderResult, Map<string, string>>();

  /** Kept with the stamps the request found (a file changed during the render has a newer request). */
  private remember(result: RenderResult, stamps: Map<string, string>): RenderResult {
    if (!this.inputs.has(result)) this.inputs.set(result, stamps);
    return result;
  }

  /** False when `path` has changed since `result` was rendered: its spans no longer fit the file. */
  fits(result: RenderResult, path: string): boolean {
    const hash = this.inputs.get(result)?.get(path);
    return hash === undefined || hash === this.hashes.of(path);
  }

  /** A settled render's promise stays cached, failures too: only a cancelled one is forgotten. */
  private forgetIfCancelled<T>(map: Map<string, { result: Promise<T> }>, id: string, result: Promise<T>): void {
    result.catch((error: unknown) => {
      if (error instanceof RenderError && error.reason === 'cancelled' && map.get(id)?.result === result) map.delete(id);
    });
  }

  /**
   * The cache of a render target. Files are stamped when a mapping reads them (MapMemo), so a
   * stamp describes the text the mapping saw, not the text of when the render started.
   */
  private cache(request: RenderRequest, files: string[]): RenderCache {
    const id = idOf(request);
    let cache = this.caches.get(id);
    if (!cache) {
      cache = renderCache(() => '');
      this.caches.set(id, cache);
    }
    cache.stampOf = (file) => (file === DEFINES ? this.hashes.defines(files) : this.hashes.of(file));
    return cache;
  }

  /** The render of `request` for the current content; rejects with a RenderError when it fails. */
  result(request: RenderRequest, settings: Settings, tools: ToolPaths, labelBase: string): Promise<RenderResult> {
    const id = idOf(request);
    const { files, hash, stamps } = this.inputsOf([request], settings, tools);
    const existing = this.entries.get(id);
    if (existing?.hash === hash) return existing.result;
    existing?.controller.abort();
    const controller = new AbortController();
    const result = this.render(request, settings, tools, labelBase, { files, stamps }, controller.signal, existing !== undefined).then((r) => this.remember(r, stamps));
    // A failed render (a template error, helm's timeout) is kept like a success: the same content
    // fails the same way, so asking again must not start another run.
    this.forgetIfCancelled(this.entries, id, result);
    this.entries.set(id, { hash, result, controller });
    return result;
  }

  private async render(request: RenderRequest, settings: Settings, tools: ToolPaths, labelBase: string, { files, stamps }: { files: string[]; stamps: Map<string, string> }, signal: AbortSignal, edit: boolean): Promise<RenderResult> {
    if (edit) await pause(this.host.debounceMs ?? DEBOUNCE_MS, signal);
    const t0 = performance.now();
    const dirty = files.some((f) => this.host.dirty(f));
    const rendered = dirty ? await this.renderCopy(request, settings, tools, files, stamps, signal) : await renderAsync(request, settings, tools, { signal });
    const result = analyzeRendered(request, rendered, settings, this.host.read, labelBase, performance.now() - t0, this.cache(request, files));
    this.last = result.timings;
    return result;
  }

  /** Renders a temporary copy holding the editors' unsaved text. */
  private async renderCopy(request: RenderRequest, settings: Settings, tools: ToolPaths, files: string[], stamps: Map<string, string>, signal: AbortSignal) {
    if (request.kind === 'chart') return this.renderChartCopy(request, settings, tools, files, stamps, signal);
    const tmp = makeTempFolder('render');
    try {
      const { common, tree } = copyFiles(files, tmp, this.host.read);
      const built = await buildOverlay(join(tree, relative(common, resolve(request.dir))), tools, (program, args, cwd) => runTool(program, args, { signal, cwd }), tmp, dirname(common));
      return { text: built.text, base: join(dirname(common), basename(built.base)) };
    } finally {
      removeFolder(tmp);
    }
  }

  /** A chart through its kept copy (shadow.ts), which each render brings up to date. */
  private renderChartCopy(request: ChartRequest, settings: Settings, tools: ToolPaths, files: string[], stamps: Map<string, string>, signal: AbortSignal) {
    const dir = resolve(request.dir);
    let shadow = this.shadows.get(dir);
    if (!shadow) {
      shadow = new ShadowChart(dir, { read: this.host.read, dirty: (f) => this.host.dirty(f) });
      this.shadows.set(dir, shadow);
    }
    return shadow.use(files, (f) => stamps.get(f) ?? this.hashes.of(f), async (copy) => {
      // Values files outside the chart with unsaved text are written next to it for this render.
      const outside = request.values.map((v) => resolve(v)).filter((v) => !v.startsWith(dir + sep) && this.host.dirty(v));
      const tmp = outside.length > 0 ? makeTempFolder('render') : undefined;
      try {
        const values = request.values.map((v) => {
          const path = resolve(v);
          if (path.startsWith(dir + sep)) return join(copy, relative(dir, path));
          return tmp && outside.includes(path) ? writeTemp(tmp, path, this.host.read(path) ?? '') : v;
        });
        // Sources are named by the chart, so the mapping reads the real files (with the editors' text).
        return await renderAsync({ ...request, dir: copy, values }, settings, tools, { signal });
      } finally {
        if (tmp) removeFolder(tmp);
      }
    });
  }

  /**
   * The overlays a base belongs to, built by one program run when they do not clash: every built
   * object is given to the one overlay whose own folder configured or holds it. When the build
   * fails or an object cannot be told apart, each overlay is built alone.
   */
  overlays(requests: RenderRequest[], settings: Settings, tools: ToolPaths, labelBase: string): Promise<RenderResult[]> {
    const id = `overlays:${requests.map((r) => resolve(r.dir)).join(',')}`;
    const { files, hash, stamps } = this.inputsOf(requests, settings, tools);
    const existing = this.groups.get(id);
    if (existing?.hash === hash) return existing.result;
    existing?.controller.abort();
    const controller = new AbortController();
    const result = this.renderGroup(requests, settings, tools, labelBase, files, controller.signal, existing !== undefined).then((rs) => rs.map((r) => this.remember(r, stamps))).catch((error: unknown) => {
      if (error instanceof RenderError && (error.reason === 'cancelled' || error.reason === 'missing-tool')) throw error;
      return Promise.all(requests.map((r) => this.result(r, settings, tools, labelBase)));
    });
    this.forgetIfCancelled(this.groups, id, result);
    this.groups.set(id, { hash, result, controller });
    return result;
  }

  private async renderGroup(requests: RenderRequest[], settings: Settings, tools: ToolPaths, labelBase: string, files: string[], signal: AbortSignal, edit: boolean): Promise<RenderResult[]> {
    if (edit) await pause(this.host.debounceMs ?? DEBOUNCE_MS, signal);
    const t0 = performance.now();
    const dirs = requests.map((r) => resolve(r.dir));
    const tmp = makeTempFolder('render');
    let built: { text: string; base: string };
    try {
      const { common, tree } = copyFiles(files, tmp, this.host.read);
      // Overlays of one base usually build the same objects under the same names, and Kustomize
      // refuses one build holding an id twice ("already registered id"): each overlay goes through
      // a wrapper that prefixes its names with its number, which tells the objects apart and is
      // taken out again below.
      const wrappers = dirs.map((d, i) => {
        const wrapper = join(tmp, `joint-${i}`);
        mkdirSync(wrapper);
        writeFileSync(join(wrapper, 'kustomization.yaml'), `resources:\n  - ${JSON.stringify(relative(wrapper, join(tree, relative(common, d))).split(sep).join('/'))}\nnamePrefix: ${JOINT_PREFIX}${i}-\n`);
        return wrapper;
      });
      const result = await buildOverlay(wrappers, tools, (program, args, cwd) => runTool(program, args, { signal, cwd }), tmp, dirname(common));
      built = { text: result.text, base: join(dirname(common), basename(result.base)) };
    } finally {
      removeFolder(tmp);
    }
    const texts = dirs.map(() => [] as string[]);
    for (const chunk of splitChunks(built.text)) {
      if (chunk.text.trim() === '' || chunk.text.trim() === '---') continue;
      const prefixed = new RegExp(`\\b${JOINT_PREFIX}(\\d+)-`).exec(chunk.text);
      // An object the prefix does not reach (a Namespace): the overlay whose own folder holds or
      // configured it, else each overlay is built alone.
      const paths = prefixed ? [] : [...chunk.text.matchAll(/^\s*(?:- )?(?:configuredIn|path): (.+)$/gm)].map((m) => resolve(built.base, m[1].trim()));
      const owners = prefixed ? [Number(prefixed[1])] : dirs.flatMap((d, i) => (paths.some((p) => dirname(p) === d) ? [i] : []));
      if (owners.length !== 1 || owners[0] >= dirs.length) throw new Error('objects of the overlays cannot be told apart');
      const i = owners[0];
      const text = chunk.text.replaceAll(`${JOINT_PREFIX}${i}-`, '');
      texts[i].push(text.startsWith('---') ? text : `---\n${text}`);
    }
    const renderMs = performance.now() - t0;
    const results = requests.map((r, i) => analyzeRendered(r, { text: texts[i].join(''), base: built.base }, settings, this.host.read, labelBase, renderMs, this.cache(r, files)));
    this.last = results[0]?.timings;
    return results;
  }

  /** Analyses and mappings run and reused by every chart's and overlay's cache (tests, the benchmark). */
  counts(): { analysed: number; analysesReused: number; mapped: number; mappingsReused: number } {
    const caches = [...this.caches.values()];
    const sum = (f: (c: RenderCache) => number) => caches.reduce((n, c) => n + f(c), 0);
    return { analysed: sum((c) => c.memo.counts.run), analysesReused: sum((c) => c.memo.counts.reused), mapped: sum((c) => c.mapped.counts.mapped), mappingsReused: sum((c) => c.mapped.counts.reused) };
  }

  /** Files changed on disk or settings changed: everything renders again on next use. */
  clear(): void {
    for (const e of [...this.entries.values(), ...this.groups.values()]) e.controller.abort();
    this.entries.clear();
    this.groups.clear();
    this.caches.clear();
    for (const shadow of this.shadows.values()) shadow.dispose();
    this.shadows.clear();
    this.hashes.clear();
  }
}

/** One render target: a chart with its values files, or an overlay. */
function idOf(request: RenderRequest): string {
  return `${request.kind}:${resolve(request.dir)}:${request.kind === 'chart' ? request.values.join(',') : ''}`;
}

/** Waits `ms`, or rejects as cancelled as soon as `signal` aborts (a newer edit arrived). */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new RenderError('cancelled', 'cancelled'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new RenderError('cancelled', 'cancelled'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

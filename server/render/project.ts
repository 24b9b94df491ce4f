/**
 * One chart or overlay, rendered with the real tool, analysed like any manifest stream, and each
 * finding mapped back to the source line that wrote it (helmmap.ts, kustmap.ts). Shared by the CLI
 * and the language server. When the line cannot be found, the finding goes to the nearest line found on the way (Helm), else the first line of
 * the object in its source file and says so.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Span } from '../../shared/model/facts';
import type { Finding } from '../../shared/model/output';
import type { Settings } from '../../shared/settings';
import { analyzeFile, type FileAnalysis } from '../engine/analyze';
import type { ChartRequest, ReadFile, RenderRequest, SourceSpot } from './source';
import { chartCommand, chartName } from './helm/helm';
import { closestNote, lookupSentence, type LookupNote } from './helm/lookup';
import { buildOverlay, kustomizationFile, prepareOverlay } from './kustomize/kustomize';
import { RenderedDocuments } from './locate';
import { chartMapper, landing, memoized, overlayMapper, safeMap, type RenderCache } from './mapping';
import { RenderError, runTool, runToolsSync, type RunOptions, type ToolJob, type ToolPaths } from './tools';
import { remoteReference } from './kustomize/remote';

export type { ChartRequest, OverlayRequest, RenderRequest } from './source';
export { renderCache, type RenderCache } from './mapping';

export interface MappedFinding {
  /** The finding as the model reported it, with spans in the rendered text. */
  finding: Finding;
  /** The source file (absolute) and span the finding is reported at. */
  file: string;
  span: Span;
  /** False when the exact line was not found and the object's first line stands in. */
  exact: boolean;
  /** The model's message, naming the chart and values or the overlay (and the fallback). */
  message: string;
  /** Its place among all findings of the render (in the analysis' order), which names it in diagnostics' data. */
  index: number;
  /** Where the value is written, when found: for quick fixes. */
  spot?: SourceSpot;
  /** The template line calling `lookup` the value may come from (empty under `helm template`). */
  lookup?: LookupNote;
}

export interface Timings {
  renderMs: number;
  analysisMs: number;
  mapMs: number;
}

export interface RenderResult {
  request: RenderRequest;
  /** "chart podinfo, values values-prod.yaml" or "overlay overlays/prod". */
  label: string;
  rendered: string;
  analysis: FileAnalysis;
  /** Every finding, mapped (all at once, when first read). */
  readonly findings: MappedFinding[];
  /** The findings mapped to `file`: only those that can land there are mapped. */
  findingsIn(file: string): MappedFinding[];
  /** False when the object at `span` cannot have its first line in `file` (no need to map it). */
  objectIn(span: Span, file: string): boolean;
  timings: Timings;
  /** The source spot of any span of the rendered text (for quick fixes), or undefined. */
  locate(span: Span): SourceSpot | undefined;
  /** The object's first line in its source file, for a span of the rendered text. */
  objectLine(span: Span): { file: string; span: Span } | undefined;
}

/** How a request is named in messages, with paths relative to `base` (the working folder or workspace). */
export function requestLabel(request: RenderRequest, base: string): string {
  const rel = (p: string) => relative(base, resolve(p)).split('\\').join('/') || '.';
  if (request.kind === 'overlay') return `overlay ${rel(request.dir)}`;
  const values = request.values.length > 0 ? `, values ${request.values.map(rel).join(', ')}` : '';
  return `chart ${chartName(request.dir)}${values}${request.set.length > 0 ? `, --set ${request.set.join(',')}` : ''}`;
}

/** The rendered text of a request (and, for overlays, the folder its annotation paths are relative to). */
export interface Rendered {
  text: string;
  base?: string;
}

function chartOptions(request: ChartRequest, settings: Settings) {
  return { values: request.values.map((v) => resolve(v)), set: request.set, releaseName: request.releaseName, namespace: request.namespace, apiVersions: request.apiVersions ?? [], kubernetesVersion: settings.kubernetesVersion };
}

/**
 * An overlay that names a remote base is refused before kustomize runs: nothing may leave the
 * machine, and the tool's own failure (deep inside git) would not say why.
 */
function refuseRemote(dir: string): void {
  const remote = remoteReference(dir, readDisk);
  if (remote) {
    const where = relative(process.cwd(), remote.file) || remote.file;
    throw new RenderError(`${where} refers to the remote ${remote.entry}; kubegrace never downloads bases or resources. Vendor it into the repository, or build the overlay yourself and pipe the output to kubegrace check -`, 'failed');
  }
}

function readDisk(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Renders with the real tool, without blocking (the language server). */
export async function renderAsync(request: RenderRequest, settings: Settings, tools: ToolPaths, run: RunOptions = {}): Promise<Rendered> {
  if (request.kind === 'chart') {
    const command = chartCommand(resolve(request.dir), chartOptions(request, settings), tools.helm);
    return { text: await runTool(command.program, command.args, run) };
  }
  refuseRemote(resolve(request.dir));
  return buildOverlay(resolve(request.dir), tools, (program, args, cwd) => runTool(program, args, { ...run, cwd }));
}

/** A render made ready to run: the program to run, and how its output or failure becomes a Rendered. */
export interface PreparedRender {
  job: ToolJob;
  finish(text: string): Rendered;
  /** Cleans up (an overlay's temporary folder) and throws the failure in the user's terms. */
  fail(error: unknown): never;
}

/** What to run for a request, without running it (the CLI runs many at once: server/cli/render/batch.ts). */
export function prepareRender(request: RenderRequest, settings: Settings, tools: ToolPaths): PreparedRender {
  if (request.kind === 'chart') {
    const command = chartCommand(resolve(request.dir), chartOptions(request, settings), tools.helm);
    const fail = (error: unknown): never => {
      throw error;
    };
    return { job: { program: command.program, args: command.args }, finish: (text) => ({ text }), fail };
  }
  refuseRemote(resolve(request.dir));
  // cwd is the build's temporary folder: the supervisor removes it if the CLI dies meanwhile.
  const build = prepareOverlay(resolve(request.dir), tools);
  return { job: { program: build.program, args: build.args, cwd: build.cwd, tempFolder: build.cwd }, finish: build.finish, fail: build.fail };
}

/** Renders with the real tool, blocking (the CLI). */
export function renderSync(request: RenderRequest, settings: Settings, tools: ToolPaths, run: RunOptions = {}): Rendered {
  const prepared = prepareRender(request, settings, tools);
  const [result] = runToolsSync([prepared.job], { timeoutMs: run.timeoutMs });
  return 'error' in result! ? prepared.fail(result.error) : prepared.finish(result!.text);
}

/**
 * Analyses a rendered request; findings are mapped back to their sources when asked for. With a
 * `cache`, only the documents whose rendered text changed are analysed again, and mappings are
 * reused while the files they read are unchanged. A request for a template that only its own
 * objects' findings can land in (mapping.ts `landing`) maps those objects alone.
 */
export function analyzeRendered(request: RenderRequest, rendered: Rendered, settings: Settings, read: ReadFile, labelBase: string, renderMs = 0, cache?: RenderCache): RenderResult {
  const t1 = performance.now();
  const analysis = analyzeFile(rendered.text, settings, undefined, undefined, cache?.memo);
  const t2 = performance.now();
  cache?.mapped.round(cache.stampOf);
  const track = cache?.mapped.track ?? (() => undefined);
  // Every file a mapping reads is recorded, so that its result is reused only while they are unchanged.
  const tracked: ReadFile = (path) => {
    track(path);
    return read(path);
  };
  const docs = new RenderedDocuments(rendered.text);
  const base = rendered.base ?? '';
  const plain = request.kind === 'chart' ? chartMapper(request, docs, tracked, track) : overlayMapper({ text: rendered.text, base }, docs, resolve(request.dir), tracked);
  const scope = request.kind === 'chart' ? `${chartName(resolve(request.dir))}\0${JSON.stringify(request)}` : `${base}\0${resolve(request.dir)}\0${kustomizationFile(request.dir)}`;
  const mapper = cache ? memoized(plain, docs, cache.mapped, scope) : plain;
  const batch = <R>(fn: () => R): R => (cache ? cache.mapped.batch(fn) : fn());
  const label = requestLabel(request, labelBase);
  const all = analysis.workloads.flatMap((w) => w.analysis.findings);
  const mapOne = (finding: Finding, index: number): MappedFinding[] => {
    const mapped = safeMap(mapper, finding.span, request);
    if (!mapped) return [];
    // A finding rests on its related values too (a preStop's finding on the grace period).
    const lookup = closestNote(mapped.lookup, () => finding.related.map((r) => (r.file === undefined ? safeMap(mapper, r.span, request)?.lookup : undefined)));
    const at = mapped.spot ?? mapped.near ?? mapped.fallback;
    const note = lookup ? `; ${lookupSentence(lookup, read, at.file)}` : '';
    if (mapped.spot) return [{ finding, index, file: mapped.spot.file, span: mapped.spot.span, exact: true, message: `${finding.message} (${label}${note})`, spot: mapped.spot, lookup }];
    const where = mapped.near ? 'the nearest line that leads to it' : "the object's first line";
    return [{ finding, index, file: at.file, span: at.span, exact: false, message: `${finding.message} (${label}; the line that sets this was not found, so it is shown at ${where}${note})`, lookup }];
  };
  let everything: MappedFinding[] | undefined;
  const mapAll = () => (everything ??= batch(() => all.flatMap(mapOne)));
  const lands = landing(request, docs, read);
  const perFile = new Map<string, MappedFinding[]>();
  const t3 = performance.now();
  return {
    request,
    label,
    rendered: rendered.text,
    analysis,
    get findings() {
      return mapAll();
    },
    findingsIn(file) {
      if (everything || !lands.own(file)) return mapAll().filter((m) => m.file === file);
      let mine = perFile.get(file);
      if (!mine) {
        mine = batch(() => all.flatMap((f, i) => (lands.from(f.span) === file ? mapOne(f, i) : [])).filter((m) => m.file === file));
        perFile.set(file, mine);
      }
      return mine;
    },
    objectIn: lands.objectIn,
    timings: { renderMs, analysisMs: t2 - t1, mapMs: t3 - t2 },
    locate: (span) => safeMap(mapper, span, request)?.spot,
    objectLine: (span) => safeMap(mapper, span, request)?.fallback,
  };
}

/** Render, analyse and map, without blocking. */
export async function renderProject(request: RenderRequest, settings: Settings, tools: ToolPaths, read: ReadFile, options: RunOptions & { labelBase?: string } = {}): Promise<RenderResult> {
  const t0 = performance.now();
  const rendered = await renderAsync(request, settings, tools, options);
  return analyzeRendered(request, rendered, settings, read, options.labelBase ?? process.cwd(), performance.now() - t0);
}

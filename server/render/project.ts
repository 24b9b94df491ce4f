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
import { AnalysisMemo } from '../engine/state';
import { ChartFiles } from './helm/chart';
import type { ReadFile, SourceSpot } from './source';
import { chartCommand, chartName } from './helm/helm';
import { locateInChart, objectRoot, type Trail } from './helm/helmmap';
import { buildOverlay, kustomizationFile, originPath } from './kustomize/kustomize';
import { baseDocument, locateInOverlay, originOf, type KustomizeTarget } from './kustomize/kustmap';
import { MapMemo, RenderedDocuments, scalarValue } from './locate';
import { keyOf, pathAt } from './nodepath';
import { RenderError, runTool, runToolSync, type RunOptions, type ToolPaths } from './tools';
import { remoteReference } from './kustomize/remote';
import { isMap } from 'yaml';

export interface ChartRequest {
  kind: 'chart';
  dir: string;
  values: string[];
  set: string[];
  releaseName: string;
  namespace?: string;
  /** API versions the chart may assume (`--api-versions`). */
  apiVersions?: string[];
}

export interface OverlayRequest {
  kind: 'overlay';
  dir: string;
}

export type RenderRequest = ChartRequest | OverlayRequest;

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
  /** Where the value is written, when found: for quick fixes. */
  spot?: SourceSpot;
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
  findings: MappedFinding[];
  timings: Timings;
  /** The source spot of any span of the rendered text (for quick fixes), or undefined. */
  locate(span: Span): SourceSpot | undefined;
  /** The object's first line in its source file, for a span of the rendered text. */
  objectLine(span: Span): { file: string; span: Span } | undefined;
}

const HELM_SOURCE = /^# Source: (.+?)\s*$/m;

function lineSpan(text: string, start: number): Span {
  const end = text.indexOf('\n', start);
  return { start, end: end === -1 ? text.length : end };
}

/** How a request is named in messages, with paths relative to `base` (the working folder or workspace). */
export function requestLabel(request: RenderRequest, base: string): string {
  const rel = (p: string) => relative(base, resolve(p)).split('\\').join('/') || '.';
  if (request.kind === 'overlay') return `overlay ${rel(request.dir)}`;
  const values = request.values.length > 0 ? `, values ${request.values.map(rel).join(', ')}` : '';
  return `chart ${chartName(request.dir)}${values}${request.set.length > 0 ? `, --set ${request.set.join(',')}` : ''}`;
}

function field(root: unknown, ...keys: string[]): unknown {
  let node = root;
  for (const key of keys) node = isMap(node) ? node.items.find((p) => keyOf(p) === key)?.value : undefined;
  return scalarValue(node);
}

interface Mapper {
  /** The spot for a finding's span, and the fallback (object's first line) for its object. */
  map(span: Span): { spot?: SourceSpot; fallback: { file: string; span: Span }; near?: { file: string; span: Span } } | undefined;
}

/** The path of a span of the rendered output in its document, whose ranges count from the document's start. */
function pathIn(at: { chunk: { offset: number }; root: unknown }, span: Span) {
  return pathAt(at.root, { start: span.start - at.chunk.offset, end: span.end - at.chunk.offset });
}

function chartMapper(request: ChartRequest, docs: RenderedDocuments, read: ReadFile, track: (file: string) => void): Mapper {
  const dir = resolve(request.dir);
  const chart = new ChartFiles(dir, chartName(dir), request.values.map((v) => resolve(v)), request.set, read, request.releaseName, track);
  return {
    map(span) {
      const at = docs.at(span.start);
      const source = at && HELM_SOURCE.exec(at.chunk.text.split('\n', 4).join('\n'))?.[1];
      if (!at || !source) return undefined;
      const file = chart.sourceFile(source);
      const target = { file, rendered: at.root, kind: String(field(at.root, 'kind')) };
      const text = read(file);
      // A template we cannot read (a packed subchart): the chart's Chart.yaml stands in.
      if (text === undefined) return { fallback: { file: resolve(dir, 'Chart.yaml'), span: { start: 0, end: 0 } } };
      const object = objectRoot(chart, target);
      const path = pathIn(at, span);
      const trail: Trail = {};
      const spot = path && locateInChart(chart, target, path.segments, path.part, trail);
      // Not found: the nearest line on the way there (in the file that holds the container), else the object's first line.
      const nearText = trail.best && read(trail.best.file);
      const near = nearText !== undefined && trail.best ? { file: trail.best.file, span: lineSpan(nearText, trail.best.offset) } : undefined;
      return { spot, fallback: { file, span: lineSpan(text, object?.start ?? 0) }, near };
    },
  };
}

function overlayMapper(built: { text: string; base: string }, docs: RenderedDocuments, overlayDir: string, read: ReadFile): Mapper {
  return {
    map(span) {
      const at = docs.at(span.start);
      if (!at) return undefined;
      const origin = originOf(at.root, (p) => originPath(built, p));
      const target: KustomizeTarget = { origin, kind: String(field(at.root, 'kind')), name: String(field(at.root, 'metadata', 'name')), rendered: at.root };
      const base = baseDocument(target, read);
      const file = origin.file ?? origin.generatedBy ?? kustomizationFile(overlayDir) ?? resolve(overlayDir);
      const fallback = { file, span: lineSpan(read(file) ?? '', base ? (base.root.range?.[0] ?? 0) : 0) };
      const path = pathIn(at, span);
      return { spot: path && locateInOverlay(target, path.segments, path.part, read), fallback };
    },
  };
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

/** Renders with the real tool, blocking (the CLI). */
export function renderSync(request: RenderRequest, settings: Settings, tools: ToolPaths, run: RunOptions = {}): Rendered {
  if (request.kind === 'chart') {
    const command = chartCommand(resolve(request.dir), chartOptions(request, settings), tools.helm);
    return { text: runToolSync(command.program, command.args, run) };
  }
  refuseRemote(resolve(request.dir));
  // cwd is the build's temporary folder: the supervisor removes it if the CLI dies meanwhile.
  return buildOverlay(resolve(request.dir), tools, (program, args, cwd) => runToolSync(program, args, { ...run, cwd, tempFolder: cwd }));
}

/**
 * A mapping that fails on something unforeseen must not lose the finding or crash the CLI: it goes
 * to the first line of the chart's Chart.yaml or the overlay's kustomization instead.
 */
function safeMap(mapper: Mapper, span: Span, request: RenderRequest): ReturnType<Mapper['map']> {
  try {
    return mapper.map(span);
  } catch {
    const file = request.kind === 'chart' ? resolve(request.dir, 'Chart.yaml') : (kustomizationFile(request.dir) ?? resolve(request.dir));
    return { fallback: { file, span: { start: 0, end: 0 } } };
  }
}

/**
 * What a render target keeps from one render to the next (the language server keeps one per chart
 * or overlay): the engine's state, so that only the documents whose rendered text changed are
 * analysed again, and the mappings, reused while the source files they read are unchanged.
 */
export interface RenderCache {
  memo: AnalysisMemo;
  mapped: MapMemo<ReturnType<Mapper['map']>>;
  /** A file's stamp now (a hash of its text, the editor's unsaved text included). */
  stampOf(file: string): string;
}

export function renderCache(stampOf: (file: string) => string): RenderCache {
  return { memo: new AnalysisMemo(), mapped: new MapMemo(), stampOf };
}

/** The mapper through the cache: a span is looked up by its document's text and its place in it. */
function memoized(mapper: Mapper, docs: RenderedDocuments, mapped: MapMemo<ReturnType<Mapper['map']>>, scope: string): Mapper {
  return {
    map(span) {
      const at = docs.at(span.start);
      if (!at) return undefined;
      return mapped.get(`${scope}\0${span.start - at.chunk.offset}:${span.end - at.chunk.offset}\0${at.chunk.text}`, () => mapper.map(span));
    },
  };
}

/** Analyses a rendered request and maps every finding back to its source. */
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
  const label = requestLabel(request, labelBase);
  const findings = analysis.workloads.flatMap((w) => w.analysis.findings).flatMap((finding): MappedFinding[] => {
    const mapped = safeMap(mapper, finding.span, request);
    if (!mapped) return [];
    if (mapped.spot) return [{ finding, file: mapped.spot.file, span: mapped.spot.span, exact: true, message: `${finding.message} (${label})`, spot: mapped.spot }];
    const where = mapped.near ? 'the nearest line that leads to it' : "the object's first line";
    const at = mapped.near ?? mapped.fallback;
    return [{ finding, file: at.file, span: at.span, exact: false, message: `${finding.message} (${label}; the line that sets this was not found, so it is shown at ${where})` }];
  });
  cache?.mapped.settle();
  const t3 = performance.now();
  return {
    request,
    label,
    rendered: rendered.text,
    analysis,
    findings,
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

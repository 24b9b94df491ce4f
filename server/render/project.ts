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
import { splitChunks } from '../yaml/parse/prescan';
import { ChartFiles } from './helm/chart';
import type { ReadFile, SourceSpot } from './source';
import { chartCommand, chartName } from './helm/helm';
import { locateInChart, objectRoot, type Trail } from './helm/helmmap';
import { closestNote, lookupNote, lookupSentence, type LookupNote } from './helm/lookup';
import { buildOverlay, kustomizationFile, originPath, prepareOverlay } from './kustomize/kustomize';
import { baseDocument, locateInOverlay, originOf, type KustomizeTarget } from './kustomize/kustmap';
import { documents, scalarValue } from './locate';
import { keyOf, pathAt } from './nodepath';
import { RenderError, runTool, runToolsSync, type RunOptions, type ToolJob, type ToolPaths } from './tools';
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

// The chunks of the last rendered text: every finding of a render looks up its chunk, and
// splitting the whole output once per finding made mapping quadratic (48 s for 2,000 templates).
let lastChunks: { text: string; chunks: ReturnType<typeof splitChunks> } | undefined;

function chunksOf(rendered: string): ReturnType<typeof splitChunks> {
  if (lastChunks?.text !== rendered) lastChunks = { text: rendered, chunks: splitChunks(rendered) };
  return lastChunks.chunks;
}

function rootAt(rendered: string, offset: number): { root: unknown; chunkText: string } | undefined {
  const chunk = chunksOf(rendered).find((c) => offset >= c.offset && offset < c.offset + c.text.length);
  if (!chunk) return undefined;
  const doc = documents(rendered).find((d) => d.contents && (d.contents as { range?: number[] }).range![0] <= offset && offset < (d.contents as { range: number[] }).range[2]);
  return doc ? { root: doc.contents, chunkText: chunk.text } : undefined;
}

function field(root: unknown, ...keys: string[]): unknown {
  let node = root;
  for (const key of keys) node = isMap(node) ? node.items.find((p) => keyOf(p) === key)?.value : undefined;
  return scalarValue(node);
}

interface Mapper {
  /** The spot for a finding's span, and the fallback (object's first line) for its object. */
  map(span: Span): { spot?: SourceSpot; fallback: { file: string; span: Span }; near?: { file: string; span: Span }; lookup?: LookupNote } | undefined;
}

function chartMapper(request: ChartRequest, rendered: string, read: ReadFile): Mapper {
  const dir = resolve(request.dir);
  const chart = new ChartFiles(dir, chartName(dir), request.values.map((v) => resolve(v)), request.set, read, request.releaseName);
  return {
    map(span) {
      const at = rootAt(rendered, span.start);
      const source = at && HELM_SOURCE.exec(at.chunkText.split('\n', 4).join('\n'))?.[1];
      if (!at || !source) return undefined;
      const file = chart.sourceFile(source);
      const target = { file, rendered: at.root, kind: String(field(at.root, 'kind')) };
      const text = read(file);
      // A template we cannot read (a packed subchart): the chart's Chart.yaml stands in.
      if (text === undefined) return { fallback: { file: resolve(dir, 'Chart.yaml'), span: { start: 0, end: 0 } } };
      const object = objectRoot(chart, target);
      const path = pathAt(at.root, span);
      const trail: Trail = {};
      const spot = path && locateInChart(chart, target, path.segments, path.part, trail);
      // Not found: the nearest line on the way there (in the file that holds the container), else the object's first line.
      const nearText = trail.best && read(trail.best.file);
      const near = nearText !== undefined && trail.best ? { file: trail.best.file, span: lineSpan(nearText, trail.best.offset) } : undefined;
      // A value found in a values file was written there; otherwise it may come from lookup.
      const lookup = spot?.origin === 'values' ? undefined : lookupNote(read, file, spot && { file: spot.file, offset: spot.span.start });
      return { spot, fallback: { file, span: lineSpan(text, object?.start ?? 0) }, near, lookup };
    },
  };
}

function overlayMapper(built: { text: string; base: string }, overlayDir: string, read: ReadFile): Mapper {
  return {
    map(span) {
      const at = rootAt(built.text, span.start);
      if (!at) return undefined;
      const origin = originOf(at.root, (p) => originPath(built, p));
      const target: KustomizeTarget = { origin, kind: String(field(at.root, 'kind')), name: String(field(at.root, 'metadata', 'name')), rendered: at.root };
      const base = baseDocument(target, read);
      const file = origin.file ?? origin.generatedBy ?? kustomizationFile(overlayDir) ?? resolve(overlayDir);
      const fallback = { file, span: lineSpan(read(file) ?? '', base ? (base.root.range?.[0] ?? 0) : 0) };
      const path = pathAt(at.root, span);
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

/** Analyses a rendered request and maps every finding back to its source. */
export function analyzeRendered(request: RenderRequest, rendered: Rendered, settings: Settings, read: ReadFile, labelBase: string, renderMs = 0): RenderResult {
  const t1 = performance.now();
  const analysis = analyzeFile(rendered.text, settings);
  const t2 = performance.now();
  const mapper = request.kind === 'chart' ? chartMapper(request, rendered.text, read) : overlayMapper({ text: rendered.text, base: rendered.base ?? '' }, resolve(request.dir), read);
  const label = requestLabel(request, labelBase);
  const findings = analysis.workloads.flatMap((w) => w.analysis.findings).flatMap((finding): MappedFinding[] => {
    const mapped = safeMap(mapper, finding.span, request);
    if (!mapped) return [];
    // A finding rests on its related values too (a preStop's finding on the grace period).
    const lookup = closestNote(mapped.lookup, () => finding.related.map((r) => (r.file === undefined ? safeMap(mapper, r.span, request)?.lookup : undefined)));
    const at = mapped.spot ?? mapped.near ?? mapped.fallback;
    const note = lookup ? `; ${lookupSentence(lookup, read, at.file)}` : '';
    if (mapped.spot) return [{ finding, file: mapped.spot.file, span: mapped.spot.span, exact: true, message: `${finding.message} (${label}${note})`, spot: mapped.spot, lookup }];
    const where = mapped.near ? 'the nearest line that leads to it' : "the object's first line";
    return [{ finding, file: at.file, span: at.span, exact: false, message: `${finding.message} (${label}; the line that sets this was not found, so it is shown at ${where}${note})`, lookup }];
  });
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

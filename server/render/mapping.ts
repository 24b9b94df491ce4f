/**
 * Mapping rendered findings back to the chart or overlay files that wrote them: a mapper per tool
 * (helmmap.ts, kustmap.ts do the walking), kept between renders through a RenderCache, and which
 * files a finding may land in, so a request for one template maps only what can land there.
 *
 * server/render/ holds more than 12 files: this mapping is shared by both tools' renders and used
 * by project.ts, and neither helm/ nor kustomize/ may hold what the other uses.
 */
import { basename, relative, resolve, sep } from 'node:path';
import { isMap } from 'yaml';
import type { Span } from '../../shared/model/facts';
import { AnalysisMemo } from '../engine/state';
import { ChartFiles } from './helm/chart';
import { chartName } from './helm/helm';
import { locateInChart, objectRoot, type Trail } from './helm/helmmap';
import { lookupNote, type LookupNote } from './helm/lookup';
import { kustomizationFile, originPath } from './kustomize/kustomize';
import { baseDocument, locateInOverlay, originOf, type KustomizeTarget } from './kustomize/kustmap';
import { MapMemo, type RenderedDocuments, scalarValue } from './locate';
import { keyOf, pathAt } from './nodepath';
import type { ChartRequest, ReadFile, RenderRequest, SourceSpot } from './source';

const HELM_SOURCE = /^# Source: (.+?)\s*$/m;

/** The first `n` lines of `text`, where helm writes the `# Source:` comment (split would scan it all). */
function firstLines(text: string, n: number): string {
  let end = -1;
  for (let i = 0; i < n; i++) {
    end = text.indexOf('\n', end + 1);
    if (end === -1) return text;
  }
  return text.slice(0, end);
}

function lineSpan(text: string, start: number): Span {
  const end = text.indexOf('\n', start);
  return { start, end: end === -1 ? text.length : end };
}

function field(root: unknown, ...keys: string[]): unknown {
  let node = root;
  for (const key of keys) node = isMap(node) ? node.items.find((p) => keyOf(p) === key)?.value : undefined;
  return scalarValue(node);
}

export interface Mapper {
  /** The spot for a finding's span, and the fallback (object's first line) for its object. */
  map(span: Span): { spot?: SourceSpot; fallback: { file: string; span: Span }; near?: { file: string; span: Span }; lookup?: LookupNote } | undefined;
}

/** The path of a span of the rendered output in its document, whose ranges count from the document's start. */
function pathIn(at: { chunk: { offset: number }; root: unknown }, span: Span) {
  return pathAt(at.root, { start: span.start - at.chunk.offset, end: span.end - at.chunk.offset });
}

export function chartMapper(request: ChartRequest, docs: RenderedDocuments, read: ReadFile, track: (file: string) => void): Mapper {
  const dir = resolve(request.dir);
  const chart = new ChartFiles(dir, chartName(dir), request.values.map((v) => resolve(v)), request.set, read, request.releaseName, track);
  return {
    map(span) {
      const at = docs.at(span.start);
      const source = at && HELM_SOURCE.exec(firstLines(at.chunk.text, 4))?.[1];
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
      // A value found in a values file was written there; otherwise it may come from lookup.
      const lookup = spot?.origin === 'values' ? undefined : lookupNote(read, file, spot && { file: spot.file, offset: spot.span.start });
      return { spot, fallback: { file, span: lineSpan(text, object?.start ?? 0) }, near, lookup };
    },
  };
}

export function overlayMapper(built: { text: string; base: string }, docs: RenderedDocuments, overlayDir: string, read: ReadFile): Mapper {
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

/**
 * A mapping that fails on something unforeseen must not lose the finding or crash the CLI: it goes
 * to the first line of the chart's Chart.yaml or the overlay's kustomization instead.
 */
export function safeMap(mapper: Mapper, span: Span, request: RenderRequest): ReturnType<Mapper['map']> {
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
export function memoized(mapper: Mapper, docs: RenderedDocuments, mapped: MapMemo<ReturnType<Mapper['map']>>, scope: string): Mapper {
  return {
    map(span) {
      const at = docs.at(span.start);
      if (!at) return undefined;
      return mapped.get(`${scope}\0${span.start - at.chunk.offset}:${span.end - at.chunk.offset}\0${at.chunk.text}`, () => mapper.map(span));
    },
  };
}

/** The template a rendered object came from (its `# Source:` comment), absolute, or undefined. */
function sourceFile(dir: string, name: string, docs: RenderedDocuments, offset: number): string | undefined {
  const chunk = docs.chunkAt(offset);
  const source = chunk && HELM_SOURCE.exec(firstLines(chunk.text, 4))?.[1];
  if (!source) return undefined;
  return resolve(dir, source.startsWith(`${name}/`) ? source.slice(name.length + 1) : source);
}

/**
 * Which findings' mappings can land in a file, without mapping them. A chart's finding lands in
 * the template of its object (`# Source:`), a values file, Chart.yaml (when the template cannot be
 * read), or a file that defines named templates (helmmap.ts follows `include` there). So a template
 * that defines none, and is no values file, receives only its own objects' findings: for it,
 * `own(file)` is true and `from(span)` names the template a span's object came from. Overlays
 * map everything (a base or patch may receive any object's finding). `objectIn` says whether an
 * object's first line (the code lens) may be in a file.
 */
export function landing(request: RenderRequest, docs: RenderedDocuments, read: ReadFile): { own(file: string): boolean; from(span: Span): string | undefined; objectIn(span: Span, file: string): boolean } {
  if (request.kind !== 'chart') return { own: () => false, from: () => undefined, objectIn: () => true };
  const dir = resolve(request.dir);
  const name = chartName(dir);
  const values = new Set(request.values.map((v) => resolve(v)));
  // Every finding of a request asks: each document's template is found once.
  const sources = new Map<number, string | undefined>();
  const from = (span: Span): string | undefined => {
    const chunk = docs.chunkAt(span.start);
    if (!chunk) return undefined;
    if (!sources.has(chunk.offset)) sources.set(chunk.offset, sourceFile(dir, name, docs, chunk.offset));
    return sources.get(chunk.offset);
  };
  return {
    own(file) {
      const rel = relative(dir, file).split(sep).join('/');
      if (rel.startsWith('../') || !/(^|\/)templates\//.test(rel) || values.has(file) || /(^|\/)values[^/]*\.ya?ml$/.test(rel)) return false;
      return !(read(file) ?? 'define').includes('define');
    },
    from,
    // An object's first line is in its template, or in Chart.yaml when the template cannot be read.
    objectIn: (span, file) => basename(file) === 'Chart.yaml' || from(span) === file,
  };
}

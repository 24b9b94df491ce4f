/**
 * The editor's analysis of a file version, with work proportional to what changed. Facts are kept
 * per document content in the coordinates it was first read at (a document's text is one shared
 * ChunkContent while it is unchanged, parse.ts), and moved to where the document stands now only
 * when something asks for them. Per workload the matched Services and Ingresses and the model's
 * analysis are kept too, and reused while the Service index is the same, the matched objects of
 * this file stand at the same distance, and the settings and ignore comments are the same. So an
 * edit costs parsing the edited document, re-matching and re-analysing the workloads its change can
 * affect, a constant per other document, and moving only the findings that are reported.
 * The CLI and fix-all analyse whole versions (analyze.ts).
 */
import { analyzeWorkload } from '../shared/model/analyze';
import type { IngressFacts, ServiceFacts, Span, WorkloadFacts } from '../shared/model/facts';
import type { WorkloadInput } from '../shared/model/input';
import type { WorkloadAnalysis } from '../shared/model/output';
import type { Settings } from '../shared/settings';
import type { AnalysedWorkload, Across, FileAnalysis } from './analyze';
import { objectId } from './identity';
import { commentsByDocument, shiftAnalysis, type AnalysisMemo } from './memo';
import { extractFacts, shiftSpans, type FileFacts } from './yaml/extract';
import { readIgnoreComments } from './yaml/ignore';
import { podsOf, TrafficIndex, tagged, type OtherFile } from './yaml/match';
import type { Chunk, ChunkContent, ParsedFile } from './yaml/parse';

/** What one document holds, at the offset `base` it was read at. */
interface DocumentFacts {
  base: number;
  workloads: WorkloadFacts[];
  services: ServiceFacts[];
  ingresses: IngressFacts[];
  problems: Array<{ message: string; span: Span }>;
}

const documents = new WeakMap<ChunkContent, DocumentFacts>();
/** The document content each kept Service and Ingress was read from. */
const homes = new WeakMap<object, ChunkContent>();

function documentFacts(chunk: Chunk): DocumentFacts {
  let found = documents.get(chunk.content);
  if (!found) {
    const facts = extractFacts({ text: '', chunks: [chunk] });
    found = { base: chunk.offset, workloads: facts.workloads, services: facts.services, ingresses: facts.ingresses, problems: facts.parseErrors };
    for (const object of [...found.services, ...found.ingresses]) homes.set(object, chunk.content);
    documents.set(chunk.content, found);
    // The facts are all analysis needs; a fix parses its document again (parse.ts, release).
    chunk.content.release();
  }
  return found;
}

const moved = <T>(value: T, delta: number): T => (delta === 0 ? value : shiftSpans(value, delta));

/** The facts of a file version, built from the documents' kept facts when first read. */
export function fileFacts(parsed: ParsedFile): FileFacts {
  const perChunk = parsed.chunks.map(documentFacts);
  return lazyFacts(perChunk, parsed.chunks.map((chunk, i) => chunk.offset - perChunk[i]!.base), readIgnoreComments(parsed.text));
}

/** What is kept of a workload between versions (AnalysisMemo.kept). */
export interface KeptWorkload {
  settings: Settings;
  traffic: TrafficIndex;
  comments: string;
  services: ServiceFacts[];
  ingresses: IngressFacts[];
  /** For each matched object of this file, how far its document moved relative to the workload's. */
  distances: number[];
  analysis: WorkloadAnalysis;
  /** The workload document's delta (offset now − base) when `analysis` was run. */
  analysedAt: number;
  /** The last result handed out, with the place and delta it was made for. */
  result: { document: number; position: number; delta: number; workload: AnalysedWorkload };
}

export function analyzeIncremental(parsed: ParsedFile, settings: Settings, memo: AnalysisMemo, across?: Across, facts = fileFacts(parsed)): FileAnalysis {
  const { chunks } = parsed;
  const perChunk = chunks.map(documentFacts);
  const deltas = chunks.map((chunk, i) => chunk.offset - perChunk[i]!.base);
  const deltaOf = new Map<ChunkContent, number>();
  // Only documents with Services or Ingresses are looked up by content.
  perChunk.forEach((d, i) => {
    if (d.services.length + d.ingresses.length > 0) deltaOf.set(chunks[i]!.content, deltas[i]!);
  });
  const traffic = trafficIndex(memo, perChunk, across);
  const { ignoreComments } = facts;
  const comments = ignoreComments.length > 0 ? commentsByDocument(chunks, ignoreComments) : undefined;
  const ownDelta = (object: ServiceFacts | IngressFacts) => (object.file === undefined ? deltaOf.get(homes.get(object)!) : undefined);
  const distanceOf = (object: ServiceFacts | IngressFacts, delta: number, out: number[]) => {
    const d = ownDelta(object);
    if (d !== undefined) out.push(d - delta);
  };
  const now = <T extends ServiceFacts | IngressFacts>(object: T): T => moved(object, ownDelta(object) ?? 0);

  const workloads: AnalysedWorkload[] = [];
  for (let document = 0; document < perChunk.length; document++) {
    const found = perChunk[document]!.workloads;
    if (found.length === 0) continue;
    const delta = deltas[document]!;
    const comment = comments?.get(document) ?? '';
    for (let position = 0; position < found.length; position++) {
      const base = found[position]!;
      let kept = memo.kept.get(base);
      // Re-matched only when the Service index changed; re-analysed only when what matched did.
      const rematch = !kept || kept.traffic !== traffic;
      const services = rematch ? traffic.servicesFor(podsOf(base)) : kept!.services;
      const ingresses = rematch ? traffic.ingressesFor(base.namespace, services) : kept!.ingresses;
      const distances: number[] = [];
      for (const o of services) distanceOf(o, delta, distances);
      for (const o of ingresses) distanceOf(o, delta, distances);
      const reuse =
        kept !== undefined &&
        kept.settings === settings &&
        kept.comments === comment &&
        sameObjects(kept.services, services) &&
        sameObjects(kept.ingresses, ingresses) &&
        sameObjects(kept.distances, distances);
      if (!reuse) {
        const input: WorkloadInput = { workload: moved(base, delta), services: services.map(now), ingresses: ingresses.map(now), ignoreComments };
        const analysis = analyzeWorkload(input, settings);
        const id = objectId(document, position);
        kept = { settings, traffic, comments: comment, services, ingresses, distances, analysis, analysedAt: delta, result: { document, position, delta, workload: { id, input, analysis } } };
        memo.kept.set(base, kept);
        memo.counts.run++;
      } else {
        kept = kept!;
        kept.traffic = traffic;
        memo.counts.reused++;
      }
      const last = kept.result;
      if (last.document !== document || last.position !== position || last.delta !== delta) {
        const inputNow = lazy(() => ({ workload: moved(base, delta), services: services.map(now), ingresses: ingresses.map(now), ignoreComments }));
        kept.result = { document, position, delta, workload: lazyWorkload(objectId(document, position), inputNow, kept.analysis, delta - kept.analysedAt) };
      }
      workloads.push(kept.result.workload);
    }
  }
  return { parsed, facts, workloads, parseErrors: facts.parseErrors };
}

/**
 * The Service index for this version: the one of the previous version while this file's Services
 * and Ingresses and the other files' are the same objects (edits inside a Deployment), else a new one.
 */
function trafficIndex(memo: AnalysisMemo, perChunk: DocumentFacts[], across?: Across): TrafficIndex {
  const objects: object[] = [];
  for (const d of perChunk) objects.push(...d.services, ...d.ingresses);
  const others = (across?.others ?? []).filter((o) => o.file !== across?.file);
  const key = [...objects, '|', ...others];
  const last = memo.traffic;
  if (last && sameObjects(last.key, key)) return last.index;
  const index = new TrafficIndex(
    [...perChunk.flatMap((d) => d.services), ...others.flatMap((o: OtherFile) => o.services.map((s) => tagged(s, o.file)))],
    [...perChunk.flatMap((d) => d.ingresses), ...others.flatMap((o: OtherFile) => o.ingresses.map((i) => tagged(i, o.file)))],
  );
  memo.traffic = { key, index };
  return index;
}

function sameObjects(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** A workload whose input and analysis are moved into place on first use. */
function lazyWorkload(id: string, input: () => WorkloadInput, analysis: WorkloadAnalysis, delta: number): AnalysedWorkload {
  let shifted: WorkloadAnalysis | undefined;
  return {
    id,
    get input() {
      return input();
    },
    get analysis() {
      if (delta === 0) return analysis;
      // Diagnostics read only the findings: a clean workload's timeline is not copied for them.
      return (shifted ??= analysis.findings.length === 0 ? withLazyTimeline(analysis, delta) : shiftAnalysis(analysis, delta));
    },
  };
}

function withLazyTimeline(analysis: WorkloadAnalysis, delta: number): WorkloadAnalysis {
  let timeline: WorkloadAnalysis['timeline'] | undefined;
  return {
    findings: [],
    get timeline() {
      return (timeline ??= shiftAnalysis(analysis.timeline, delta));
    },
  };
}

/** The file's facts, each list built when first read. */
function lazyFacts(perChunk: DocumentFacts[], deltas: number[], ignoreComments: FileFacts['ignoreComments']): FileFacts {
  const all = <K extends 'workloads' | 'services' | 'ingresses' | 'problems'>(key: K) => perChunk.flatMap((d, i) => d[key].map((o) => moved(o, deltas[i]!))) as DocumentFacts[K];
  const cache: Partial<FileFacts> = {};
  return {
    ignoreComments,
    get workloads() {
      return (cache.workloads ??= all('workloads'));
    },
    get services() {
      return (cache.services ??= all('services'));
    },
    get ingresses() {
      return (cache.ingresses ??= all('ingresses'));
    },
    get parseErrors() {
      // Few documents have a problem: no array per document for the others.
      return (cache.parseErrors ??= perChunk.flatMap((d, i) => (d.problems.length === 0 ? [] : d.problems.map((p) => moved(p, deltas[i]!)))));
    },
  };
}

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
import { analyzeWorkload } from '../../shared/model/analyze';
import type { IngressFacts, ServiceFacts, WorkloadFacts } from '../../shared/model/facts';
import type { WorkloadInput } from '../../shared/model/input';
import type { WorkloadAnalysis } from '../../shared/model/output';
import type { Settings } from '../../shared/settings';
import { analyzeFacts, type AnalysedWorkload, type Across, type FileAnalysis } from './analyze';
import { objectId } from './identity';
import { commentsByDocument, shiftAnalysis, type AnalysisMemo } from './memo';
import { extractFacts, shiftSpans, type FileFacts } from '../yaml/facts/extract';
import { readIgnoreComments } from '../yaml/facts/ignore';
import { podsOf, trafficIndexOf, type OtherFile, type TrafficIndex } from '../yaml/facts/match';
import type { Chunk, ChunkContent, ParsedFile, ParseProblem } from '../yaml/parse/parse';

/** What one document holds, at the offset `base` it was read at. */
interface DocumentFacts {
  base: number;
  /** Its delta (offset now − base) in the version last analysed, and which analysis that was. */
  delta: number;
  stamp: number;
  workloads: WorkloadFacts[];
  services: ServiceFacts[];
  ingresses: IngressFacts[];
  problems: ParseProblem[];
  /** What the editor keeps of each workload between versions, by position. */
  kept: Array<KeptWorkload | undefined>;
}

const documents = new WeakMap<ChunkContent, DocumentFacts>();
/**
 * On each kept Service and Ingress, the DocumentFacts it was read from (a hidden property: plain
 * data otherwise, and a property read is much cheaper than a map look-up per workload and edit).
 */
const HOME = Symbol('document');
type Homed = { [HOME]?: DocumentFacts };

function documentFacts(chunk: Chunk): DocumentFacts {
  let found = documents.get(chunk.content);
  if (!found) {
    const facts = extractFacts({ text: '', chunks: [chunk] });
    found = { base: chunk.offset, delta: 0, stamp: 0, workloads: facts.workloads, services: facts.services, ingresses: facts.ingresses, problems: facts.parseErrors, kept: [] };
    for (const object of [...found.services, ...found.ingresses]) Object.defineProperty(object, HOME, { value: found });
    documents.set(chunk.content, found);
    // The facts are all analysis needs; a fix parses its document again (parse.ts, release).
    chunk.content.release();
  }
  return found;
}

const moved = <T>(value: T, delta: number): T => (delta === 0 ? value : shiftSpans(value, delta));

/** A file version's documents with their kept facts, and the file's facts built from them when read. */
export interface Prepared {
  parsed: ParsedFile;
  perChunk: DocumentFacts[];
  deltas: number[];
  facts: FileFacts;
}

/**
 * The kept facts of each document of `parsed`. Documents the previous version had at the same
 * index from the start or from the end (parse.ts reuses their content) are found without a look-up.
 */
export function prepare(parsed: ParsedFile, memo: AnalysisMemo): Prepared {
  const { chunks } = parsed;
  const last = memo.documents;
  const perChunk = chunks.map((chunk, i) => {
    const fromStart = last?.chunks[i];
    if (fromStart?.content === chunk.content) return last!.perChunk[i]!;
    const j = (last?.chunks.length ?? 0) - chunks.length + i;
    if (last?.chunks[j]?.content === chunk.content) return last.perChunk[j]!;
    return documentFacts(chunk);
  });
  memo.documents = { chunks, perChunk };
  const deltas = chunks.map((chunk, i) => chunk.offset - perChunk[i]!.base);
  return { parsed, perChunk, deltas, facts: lazyFacts(perChunk, deltas, readIgnoreComments(parsed.text)) };
}

let stamps = 0;

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
  /** The last result handed out. */
  result: PlacedWorkload | undefined;
}

export function analyzeIncremental(prepared: Prepared, settings: Settings, memo: AnalysisMemo, across?: Across): FileAnalysis {
  const { parsed, perChunk, deltas, facts } = prepared;
  const { chunks } = parsed;
  // Each document's delta now, on its kept facts. The same content twice in one file (a document
  // pasted next to its copy can share it, parse.ts) has two places at once: such a version is
  // analysed whole, as the CLI does.
  const stamp = ++stamps;
  let ambiguous = false;
  perChunk.forEach((d, i) => {
    if (d.stamp === stamp) ambiguous = true;
    d.stamp = stamp;
    d.delta = deltas[i]!;
  });
  if (ambiguous) return analyzeFacts(parsed, extractFacts(parsed), settings, across, memo);
  const traffic = trafficIndex(memo, perChunk, across);
  const { ignoreComments } = facts;
  const comments = ignoreComments.length > 0 ? commentsByDocument(chunks, ignoreComments) : undefined;
  const ownDelta = (object: ServiceFacts | IngressFacts): number | undefined => (object.file !== undefined ? undefined : (object as Homed)[HOME]!.delta);

  const workloads: AnalysedWorkload[] = [];
  for (let document = 0; document < perChunk.length; document++) {
    const found = perChunk[document]!.workloads;
    if (found.length === 0) continue;
    const delta = deltas[document]!;
    const comment = comments?.get(document) ?? '';
    for (let position = 0; position < found.length; position++) {
      const base = found[position]!;
      let kept = perChunk[document]!.kept[position];
      // Re-matched only when the Service index changed; re-analysed only when what matched did.
      const rematch = !kept || kept.traffic !== traffic;
      const services = rematch ? traffic.servicesFor(podsOf(base)) : kept!.services;
      const ingresses = rematch ? traffic.ingressesFor(base.namespace, services) : kept!.ingresses;
      if (
        kept === undefined ||
        kept.settings !== settings ||
        kept.comments !== comment ||
        !sameObjects(kept.services, services) ||
        !sameObjects(kept.ingresses, ingresses) ||
        !sameDistances(kept.distances, services, ingresses, delta, ownDelta)
      ) {
        const distances: number[] = [];
        for (const o of [...services, ...ingresses]) {
          const d = ownDelta(o);
          if (d !== undefined) distances.push(d - delta);
        }
        kept = { settings, traffic, comments: comment, services, ingresses, distances, analysis: EMPTY, analysedAt: delta, result: undefined };
        const workload = new PlacedWorkload(objectId(document, position), document, position, delta, base, kept, ignoreComments);
        kept.analysis = analyzeWorkload(workload.input, settings);
        kept.result = workload;
        perChunk[document]!.kept[position] = kept;
        memo.counts.run++;
      } else {
        kept.traffic = traffic;
        memo.counts.reused++;
      }
      const last = kept.result;
      if (!last || last.document !== document || last.position !== position || last.delta !== delta) {
        kept.result = new PlacedWorkload(objectId(document, position), document, position, delta, base, kept, ignoreComments);
      }
      workloads.push(kept.result!);
    }
  }
  return { parsed, facts, workloads, parseErrors: facts.parseErrors };
}

/**
 * The Service index for this version: the one of the previous version while this file's Services
 * and Ingresses and the other files' are the same objects (edits inside a Deployment), else a new one.
 */
function trafficIndex(memo: AnalysisMemo, perChunk: DocumentFacts[], across?: Across): TrafficIndex {
  const others = (across?.others ?? []).filter((o) => o.file !== across?.file);
  const last = memo.traffic;
  if (last && sameSources(last.key, perChunk, others)) return last.index;
  const key: unknown[] = [];
  for (const d of perChunk) key.push(...d.services, ...d.ingresses);
  key.push('|', ...others);
  const own = { services: perChunk.flatMap((d) => d.services), ingresses: perChunk.flatMap((d) => d.ingresses) };
  const index = trafficIndexOf({ file: across?.file ?? '', facts: own }, others);
  memo.traffic = { key, index };
  return index;
}

/** True when `key` lists exactly the Services and Ingresses of `perChunk`, then '|', then `others`. */
function sameSources(key: readonly unknown[], perChunk: DocumentFacts[], others: readonly OtherFile[]): boolean {
  let k = 0;
  for (const d of perChunk) {
    for (const o of d.services) if (key[k++] !== o) return false;
    for (const o of d.ingresses) if (key[k++] !== o) return false;
  }
  if (key[k++] !== '|') return false;
  for (const o of others) if (key[k++] !== o) return false;
  return k === key.length;
}

function sameObjects(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** True when each matched object of this file stands at the kept distance from the workload. */
function sameDistances(kept: readonly number[], services: ServiceFacts[], ingresses: IngressFacts[], delta: number, ownDelta: (o: ServiceFacts | IngressFacts) => number | undefined): boolean {
  let k = 0;
  for (let i = 0; i < services.length + ingresses.length; i++) {
    const d = ownDelta(i < services.length ? services[i]! : ingresses[i - services.length]!);
    if (d !== undefined && kept[k++] !== d - delta) return false;
  }
  return k === kept.length;
}

const EMPTY: WorkloadAnalysis = { findings: [], timeline: undefined as unknown as WorkloadAnalysis['timeline'] };

/**
 * A workload of one version: its kept facts and analysis, moved into place when first read. The
 * matched objects of this file move with the kept distances (fixed when the analysis was kept),
 * so a later version's deltas never leak into this one.
 */
class PlacedWorkload implements AnalysedWorkload {
  private placedInput: WorkloadInput | undefined;
  private placedAnalysis: WorkloadAnalysis | undefined;

  constructor(
    readonly id: string,
    readonly document: number,
    readonly position: number,
    readonly delta: number,
    private readonly base: WorkloadFacts,
    private readonly kept: KeptWorkload,
    private readonly ignoreComments: FileFacts['ignoreComments'],
  ) {}

  get input(): WorkloadInput {
    if (this.placedInput) return this.placedInput;
    const { kept, delta } = this;
    let k = 0;
    const place = <T extends ServiceFacts | IngressFacts>(o: T): T => (o.file !== undefined ? o : moved(o, kept.distances[k++]! + delta));
    const services = kept.services.map(place);
    const ingresses = kept.ingresses.map(place);
    this.placedInput = { workload: moved(this.base, delta), services, ingresses, ignoreComments: this.ignoreComments };
    return this.placedInput;
  }

  get analysis(): WorkloadAnalysis {
    const shift = this.delta - this.kept.analysedAt;
    if (shift === 0) return this.kept.analysis;
    // Diagnostics read only the findings: a clean workload's timeline is not copied for them.
    this.placedAnalysis ??= this.kept.analysis.findings.length === 0 ? withLazyTimeline(this.kept.analysis, shift) : shiftAnalysis(this.kept.analysis, shift);
    return this.placedAnalysis;
  }
}

function withLazyTimeline(analysis: WorkloadAnalysis, delta: number): WorkloadAnalysis {
  let timeline: WorkloadAnalysis['timeline'] | undefined;
  return {
    findings: [],
    get timeline() {
      timeline ??= shiftAnalysis(analysis.timeline, delta);
      return timeline;
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
      cache.workloads ??= all('workloads');
      return cache.workloads;
    },
    get services() {
      cache.services ??= all('services');
      return cache.services;
    },
    get ingresses() {
      cache.ingresses ??= all('ingresses');
      return cache.ingresses;
    },
    get parseErrors() {
      if (cache.parseErrors) return cache.parseErrors;
      // Few documents have a problem: no array per document for the others.
      const problems: FileFacts['parseErrors'] = [];
      for (let i = 0; i < perChunk.length; i++) for (const p of perChunk[i]!.problems) problems.push(moved(p, deltas[i]!));
      cache.parseErrors = problems;
      return problems;
    },
  };
}

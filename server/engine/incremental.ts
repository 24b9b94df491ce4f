/**
 * One step of the engine: a file version's analysis, with work proportional to what changed since
 * the state's last version (state.ts; a fresh state has none, so a whole version is the same step).
 * Facts are kept per document content in the coordinates it was first read at, and moved to where
 * the document stands now only when something asks for them (placed.ts). Per workload the matched
 * Services, Ingresses and related objects and the model's analysis are kept too, and reused while the Service index
 * is the same, the matched objects are the same (those of this file on the same side of the
 * workload: one that only moved has its spans moved, placed.ts), and the settings and ignore
 * comments are the same. So an edit costs parsing the edited document, re-matching and
 * re-analysing the workloads its change can affect, a constant per other document, and moving only
 * the findings that are reported.
 */
import { analyzeWorkload } from '../../shared/model/analyze';
import type { IgnoreComment, IngressFacts, ServiceFacts } from '../../shared/model/facts';
import type { RelatedFacts } from '../../shared/model/paths/related';
import type { WorkloadAnalysis } from '../../shared/model/output';
import type { Settings } from '../../shared/settings';
import { extractFacts, type FileFacts } from '../yaml/facts/extract';
import { readIgnoreComments } from '../yaml/facts/ignore';
import { podsOf, trafficIndexOf, type OtherFile, type TrafficIndex } from '../yaml/facts/match';
import type { Chunk, ParsedFile } from '../yaml/parse/parse';
import type { AnalysedWorkload, Across, FileAnalysis } from './analysis';
import { chunkIndexAt, objectId } from './identity';
import { lazyFacts, PlacedWorkload } from './placed';
import { type AnalysisMemo, type DocumentFacts, documentFacts, HOME, type Homed, type KeptWorkload } from './state';

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

export function analyzeIncremental(prepared: Prepared, settings: Settings, memo: AnalysisMemo, across?: Across): FileAnalysis {
  const { parsed, perChunk, deltas, facts } = prepared;
  const { chunks } = parsed;
  // Each document's delta now, on its kept facts. The same content twice in one file (a document
  // pasted next to its copy can share it, parse.ts) has two places at once: such a version is
  // analysed whole, with nothing kept.
  const stamp = ++stamps;
  let ambiguous = false;
  perChunk.forEach((d, i) => {
    if (d.stamp === stamp) ambiguous = true;
    d.stamp = stamp;
    d.delta = deltas[i]!;
  });
  if (ambiguous) return analyzeWhole(parsed, settings, across);
  const traffic = trafficIndex(memo, perChunk, across);
  const { ignoreComments } = facts;
  const comments = ignoreComments.length > 0 ? commentsByDocument(chunks, ignoreComments) : undefined;
  const workloads: AnalysedWorkload[] = [];
  for (let document = 0; document < perChunk.length; document++) {
    const found = perChunk[document]!.workloads;
    if (found.length === 0) continue;
    const delta = deltas[document]!;
    const at = chunks[document]!.offset;
    const comment = comments?.get(document) ?? '';
    for (let position = 0; position < found.length; position++) {
      const base = found[position]!;
      let kept = perChunk[document]!.kept[position];
      // Re-matched only when the Service index changed; re-analysed only when what matched did.
      const rematch = !kept || kept.traffic !== traffic;
      const pods = rematch ? podsOf(base) : undefined;
      const services = pods ? traffic.servicesFor(pods) : kept!.services;
      const ingresses = pods ? traffic.ingressesFor(base.namespace, services) : kept!.ingresses;
      const related = pods ? traffic.relatedFor(pods, services) : kept!.related;
      const lists = [services, ingresses, related];
      // A matched object of this file that only moved (the same content at another distance from
      // the workload) is no reason to analyse again: its spans in the analysis move with it
      // (placed.ts). One that moved to the workload's other side is, as the model may order by place.
      if (
        kept === undefined ||
        kept.settings !== settings ||
        kept.comments !== comment ||
        !sameObjects(kept.services, services) ||
        !sameObjects(kept.ingresses, ingresses) ||
        !sameObjects(kept.related, related) ||
        !sameSides(kept, lists, at)
      ) {
        kept = { settings, traffic, comments: comment, services, ingresses, related, objects: objectDeltas(lists), analysis: EMPTY, analysedAt: delta, at, result: undefined };
        const workload = new PlacedWorkload(objectId(document, position), document, position, delta, base, kept, ignoreComments, kept.objects);
        kept.analysis = analyzeWorkload(workload.input, settings);
        kept.result = workload;
        perChunk[document]!.kept[position] = kept;
        memo.counts.run++;
      } else {
        kept.traffic = traffic;
        memo.counts.reused++;
      }
      const last = kept.result;
      if (!last || last.document !== document || last.position !== position || last.delta !== delta || !sameDeltas(last.objects, lists)) {
        kept.result = new PlacedWorkload(objectId(document, position), document, position, delta, base, kept, ignoreComments, objectDeltas(lists));
      }
      workloads.push(kept.result!);
    }
  }
  return { parsed, facts, workloads, parseErrors: facts.parseErrors };
}

/**
 * The Service index for this version: the one of the previous version while this file's Services,
 * Ingresses and related objects and the other files' are the same objects (edits inside a
 * Deployment), else a new one.
 */
function trafficIndex(memo: AnalysisMemo, perChunk: DocumentFacts[], across?: Across): TrafficIndex {
  const others = (across?.others ?? []).filter((o) => o.file !== across?.file);
  const last = memo.traffic;
  if (last && sameSources(last.key, perChunk, others)) return last.index;
  const key: unknown[] = [];
  for (const d of perChunk) key.push(...d.services, ...d.ingresses, ...d.related);
  key.push('|', ...others);
  const own = { services: perChunk.flatMap((d) => d.services), ingresses: perChunk.flatMap((d) => d.ingresses), related: perChunk.flatMap((d) => d.related) };
  const index = trafficIndexOf({ file: across?.file ?? '', facts: own }, others);
  memo.traffic = { key, index };
  return index;
}

/** True when `key` lists exactly the Services, Ingresses and related objects of `perChunk`, then '|', then `others`. */
function sameSources(key: readonly unknown[], perChunk: DocumentFacts[], others: readonly OtherFile[]): boolean {
  let k = 0;
  for (const d of perChunk) {
    for (const o of d.services) if (key[k++] !== o) return false;
    for (const o of d.ingresses) if (key[k++] !== o) return false;
    for (const o of d.related) if (key[k++] !== o) return false;
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

/** The home document of a matched object of this file; undefined for an object of another file. */
const homeOf = (o: Matched): DocumentFacts | undefined => (o.file !== undefined ? undefined : (o as Homed)[HOME]);

/** The delta of each matched object of this file's document now, in the order of `objects` (state.ts). */
function objectDeltas(lists: ReadonlyArray<readonly Matched[]>): number[] {
  const out: number[] = [];
  for (const list of lists) for (const o of list) {
    const home = homeOf(o);
    if (home) out.push(home.delta);
  }
  return out;
}

/** True when each matched object of this file stands where `deltas` says. */
function sameDeltas(deltas: readonly number[], lists: ReadonlyArray<readonly Matched[]>): boolean {
  let k = 0;
  for (const list of lists) for (const o of list) {
    const home = homeOf(o);
    if (home && deltas[k++] !== home.delta) return false;
  }
  return k === deltas.length;
}

/** True when each matched object of this file is on the same side of the workload (at `at` now) as when it was analysed. */
function sameSides(kept: KeptWorkload, lists: ReadonlyArray<readonly Matched[]>, at: number): boolean {
  let k = 0;
  for (const list of lists) for (const o of list) {
    const home = homeOf(o);
    if (!home) continue;
    const then = kept.objects[k++];
    if (then === undefined || home.base + home.delta < at !== home.base + then < kept.at) return false;
  }
  return k === kept.objects.length;
}

/** An object matched to a workload: it may stand in this file, at a distance kept with the analysis. */
type Matched = ServiceFacts | IngressFacts | RelatedFacts;

const EMPTY: WorkloadAnalysis = { findings: [], timeline: undefined as unknown as WorkloadAnalysis['timeline'] };

/**
 * A version that has the same document content at two places (a document pasted next to its copy
 * can share it, parse.ts) cannot keep one delta per document: it is read and analysed whole, with
 * nothing kept.
 */
function analyzeWhole(parsed: ParsedFile, settings: Settings, across?: Across): FileAnalysis {
  const facts = extractFacts(parsed);
  const traffic = trafficIndexOf({ file: across?.file ?? '', facts }, across?.others ?? []);
  let lastDocument = -1;
  let position = 0;
  const workloads = facts.workloads.map((workload): AnalysedWorkload => {
    const document = chunkIndexAt(parsed.chunks, workload.span.start);
    position = document === lastDocument ? position + 1 : 0;
    lastDocument = document;
    const pods = podsOf(workload);
    const services = traffic.servicesFor(pods);
    const input = { workload, services, ingresses: traffic.ingressesFor(workload.namespace, services), related: traffic.relatedFor(pods, services), ignoreComments: facts.ignoreComments };
    return { id: objectId(document, position), document, input, analysis: analyzeWorkload(input, settings) };
  });
  return { parsed, facts, workloads, parseErrors: facts.parseErrors };
}

/** Per document index, its ignore comments relative to its start, as a comparable string. */
function commentsByDocument(chunks: readonly Chunk[], comments: readonly IgnoreComment[]): Map<number, string> {
  const grouped = new Map<number, string[]>();
  for (const comment of comments) {
    const document = chunkIndexAt(chunks, comment.line.start);
    const offset = chunks[document]!.offset;
    const text = `${comment.line.start - offset}-${comment.line.end - offset}:${comment.rules.join(',')}`;
    grouped.set(document, [...(grouped.get(document) ?? []), text]);
  }
  return new Map([...grouped].map(([document, list]) => [document, list.join(';')]));
}

/**
 * The engine's one cache: what is kept of a file's analysis between versions.
 *
 * Per document content (the parse layer shares one ChunkContent between versions while a document's
 * text is unchanged, parse.ts), its facts in the coordinates it was first read at, and per workload
 * of it the matched Services, Ingresses and related objects and the model's analysis (KeptWorkload). They live on the
 * content itself (a WeakMap), so they go with the text, and any version or round that has the same
 * document finds them: the editor's next edit, a fix-all round, the CLI's second pass.
 *
 * Per file, an AnalysisMemo keeps only what locates that cache quickly for the next version: the
 * documents of its last version (a document at the same index from the start or the end needs no
 * look-up) and its last Service index.
 */
import type { IngressFacts, ServiceFacts, WorkloadFacts } from '../../shared/model/facts';
import type { RelatedFacts } from '../../shared/model/paths/related';
import type { WorkloadAnalysis } from '../../shared/model/output';
import type { Settings } from '../../shared/settings';
import { extractFacts } from '../yaml/facts/extract';
import type { TrafficIndex } from '../yaml/facts/match';
import type { Chunk, ChunkContent, ParseProblem } from '../yaml/parse/parse';
import type { AnalysedWorkload } from './analysis';

/** What one document holds, at the offset `base` it was read at. */
export interface DocumentFacts {
  base: number;
  /** The length of its text: spans of its objects lie in [base, base + length] where it was read. */
  length: number;
  /** Its delta (offset now − base) in the version last analysed, and which analysis that was. */
  delta: number;
  stamp: number;
  workloads: WorkloadFacts[];
  services: ServiceFacts[];
  ingresses: IngressFacts[];
  related: RelatedFacts[];
  problems: ParseProblem[];
  /** What is kept of each workload between versions, by position. */
  kept: Array<KeptWorkload | undefined>;
}

/** What is kept of a workload between versions. */
export interface KeptWorkload {
  settings: Settings;
  traffic: TrafficIndex;
  comments: string;
  services: ServiceFacts[];
  ingresses: IngressFacts[];
  related: RelatedFacts[];
  /**
   * For each matched object of this file (Services, then Ingresses, then related objects), its
   * document's delta when `analysis` was run: the analysis holds that object's spans there.
   */
  objects: number[];
  analysis: WorkloadAnalysis;
  /** The workload document's delta (offset now − base) when `analysis` was run. */
  analysedAt: number;
  /** The workload document's offset when `analysis` was run. */
  at: number;
  /**
   * Which of `objects` the analysis has a span in (placed.ts reads it when one of them has moved
   * relative to the workload), found on first need.
   */
  referenced?: number[];
  /**
   * The analysis handed out as the source while the objects it points at stand at other distances
   * from the workload than when it was run (placed.ts), with those distances as its key.
   */
  moved?: { key: string; source: WorkloadAnalysis };
  /** The last result handed out (a PlacedWorkload, placed.ts). */
  result: (AnalysedWorkload & { document: number; position: number; delta: number; objects: readonly number[] }) | undefined;
}

export class AnalysisMemo {
  /** Analyses run and reused since the memo was made (for tests and the benchmark). */
  readonly counts = { run: 0, reused: 0 };
  /** The documents of the last version prepared (incremental.ts). */
  documents: { chunks: readonly Chunk[]; perChunk: DocumentFacts[] } | undefined;
  /** The Service index of the last version analysed, and what it was built from. */
  traffic: { key: unknown[]; index: TrafficIndex } | undefined;

  /**
   * A memo that starts where this one stands and moves on alone: fix-all's rounds analyse texts the
   * editor never shows, and must not become the "last version" the next edit is compared with.
   * The kept facts and analyses are shared either way (they live on the documents).
   */
  fork(): AnalysisMemo {
    const copy = new AnalysisMemo();
    copy.documents = this.documents;
    copy.traffic = this.traffic;
    return copy;
  }
}

const documents = new WeakMap<ChunkContent, DocumentFacts>();

/**
 * On each kept Service, Ingress and related object, the DocumentFacts it was read from (a hidden property: plain
 * data otherwise, and a property read is much cheaper than a map look-up per workload and edit).
 */
export const HOME = Symbol('document');
export type Homed = { [HOME]?: DocumentFacts };

/** The kept facts of a document, read now if its content has none yet. */
export function documentFacts(chunk: Chunk): DocumentFacts {
  let found = documents.get(chunk.content);
  if (!found) {
    const facts = extractFacts({ text: '', chunks: [chunk] });
    found = { base: chunk.offset, length: chunk.content.text.length, delta: 0, stamp: 0, workloads: facts.workloads, services: facts.services, ingresses: facts.ingresses, related: facts.related, problems: facts.parseErrors, kept: [] };
    for (const object of [...found.services, ...found.ingresses, ...found.related]) Object.defineProperty(object, HOME, { value: found });
    documents.set(chunk.content, found);
    // The facts are all analysis needs; a fix parses its document again (parse.ts, release).
    chunk.content.release();
  }
  return found;
}

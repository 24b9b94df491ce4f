/**
 * Reuses workload analyses between versions of a file, so an edit costs the documents it touches
 * plus the workloads whose matched Services or Ingresses changed, not the whole file.
 *
 * An analysis is kept per document content (the parse layer shares a ChunkContent between versions
 * while a document's text is unchanged) and position of the workload in it. It is reused when the
 * settings are the same object and the workload matched the same Services and Ingresses: objects
 * of another file by identity (the workspace index keeps them until that file changes), objects of
 * this file by their document content and their distance from the workload's document, and the
 * same ignore comments at the same distance. The model is pure and sees only relative positions
 * then, so the earlier analysis with its spans moved by how far the document moved is exactly what
 * running it again would give.
 */
import { analyzeWorkload } from '../shared/model/analyze';
import type { IgnoreComment } from '../shared/model/facts';
import type { Prepared } from './incremental';
import type { TrafficIndex } from './yaml/match';
import type { WorkloadInput } from '../shared/model/input';
import type { WorkloadAnalysis } from '../shared/model/output';
import type { Settings } from '../shared/settings';
import { chunkIndexAt } from './identity';
import { ChunkContent, type Chunk } from './yaml/parse';

interface Entry {
  settings: Settings;
  /** The offset of the workload's document when the analysis was run: its spans are in those terms. */
  offset: number;
  signature: unknown[];
  comments: string;
  analysis: WorkloadAnalysis;
}

/** Where an object of the same file stands: its document's content and its offset in the file. */
export interface Place {
  content: ChunkContent;
  offset: number;
}

export class AnalysisMemo {
  private readonly entries = new WeakMap<ChunkContent, Entry[]>();
  /** Analyses run and reused since the memo was made (for tests and the benchmark). */
  readonly counts = { run: 0, reused: 0 };
  /** The documents of the last version the editor prepared (incremental.ts). */
  documents: { chunks: readonly Chunk[]; perChunk: Prepared['perChunk'] } | undefined;
  /** The Service index of the last version the editor analysed, and what it was built from. */
  traffic: { key: unknown[]; index: TrafficIndex } | undefined;

  /**
   * The analysis of the `position`-th workload of document `document` of `chunks`, with its spans
   * as they were when the document stood at `offset` (the caller moves them). `matched` are the
   * Services and Ingresses it matched: a Place for those of this file, the object itself for those
   * of other files. `comments` are the document's ignore comments (commentsByDocument).
   */
  lookup(
    chunks: readonly Chunk[],
    document: number,
    position: number,
    matched: ReadonlyArray<Place | object>,
    settings: Settings,
    comments: string,
    input: () => WorkloadInput,
  ): { analysis: WorkloadAnalysis; offset: number } {
    const chunk = chunks[document]!;
    const signature: unknown[] = [];
    for (const m of matched) {
      if (isPlace(m)) signature.push(m.content, m.offset - chunk.offset);
      else signature.push(m, 0);
    }
    let list = this.entries.get(chunk.content);
    const entry = list?.[position];
    if (entry && entry.settings === settings && entry.comments === comments && sameList(entry.signature, signature)) {
      this.counts.reused++;
      return entry;
    }
    const analysis = analyzeWorkload(input(), settings);
    this.counts.run++;
    if (!list) {
      list = [];
      this.entries.set(chunk.content, list);
    }
    list[position] = { settings, offset: chunk.offset, signature, comments, analysis };
    return { analysis, offset: chunk.offset };
  }

  /** `lookup` for inputs already in place (analyze.ts): the analysis is moved to the document's offset now. */
  analyze(chunks: readonly Chunk[], document: number, position: number, input: WorkloadInput, settings: Settings, comments: string): WorkloadAnalysis {
    const matched = [...input.services, ...input.ingresses].map((o): Place | object =>
      o.file !== undefined ? o : { content: chunks[chunkIndexAt(chunks, o.span.start)]!.content, offset: o.span.start },
    );
    const found = this.lookup(chunks, document, position, matched, settings, comments, () => input);
    const delta = chunks[document]!.offset - found.offset;
    return delta === 0 ? found.analysis : shiftAnalysis(found.analysis, delta);
  }
}

function isPlace(value: Place | object): value is Place {
  return 'content' in value && value.content instanceof ChunkContent;
}

/** Per document index, its ignore comments relative to its start, as a comparable string. */
export function commentsByDocument(chunks: readonly Chunk[], comments: readonly IgnoreComment[]): Map<number, string> {
  const grouped = new Map<number, string[]>();
  for (const comment of comments) {
    const document = chunkIndexAt(chunks, comment.line.start);
    const offset = chunks[document]!.offset;
    const text = `${comment.line.start - offset}-${comment.line.end - offset}:${comment.rules.join(',')}`;
    grouped.set(document, [...(grouped.get(document) ?? []), text]);
  }
  return new Map([...grouped].map(([document, list]) => [document, list.join(';')]));
}

function sameList(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/**
 * A copy of an analysis with its spans in this file moved by `delta`. Spans of another file (a
 * record with a `file`) stay, and so do the values a fix writes (`value` of a change).
 */
export function shiftAnalysis<T>(value: T, delta: number): T {
  if (Array.isArray(value)) return value.map((v) => shiftAnalysis(v, delta)) as T;
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (typeof record.file === 'string' && record.file !== '') return value;
  const keys = Object.keys(record);
  if (keys.length === 2 && typeof record.start === 'number' && typeof record.end === 'number') {
    return { start: record.start + delta, end: record.end + delta } as T;
  }
  const change = typeof record.op === 'string';
  const copy: Record<string, unknown> = {};
  for (const key of keys) copy[key] = change && key === 'value' ? record[key] : shiftAnalysis(record[key], delta);
  return copy as T;
}

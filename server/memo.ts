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
import type { IgnoreComment, IngressFacts, ServiceFacts } from '../shared/model/facts';
import type { WorkloadInput } from '../shared/model/input';
import type { WorkloadAnalysis } from '../shared/model/output';
import type { Settings } from '../shared/settings';
import { chunkIndexAt } from './identity';
import type { Chunk, ChunkContent } from './yaml/parse';

interface Entry {
  settings: Settings;
  offset: number;
  signature: unknown[];
  comments: string;
  analysis: WorkloadAnalysis;
}

export class AnalysisMemo {
  private readonly entries = new WeakMap<ChunkContent, Entry[]>();
  /** Analyses run and reused since the memo was made (for tests and the benchmark). */
  readonly counts = { run: 0, reused: 0 };

  /**
   * The analysis of `input`, the `position`-th workload of document `document` of `chunks`.
   * `comments` are the ignore comments of that document, relative to its start (commentsByDocument).
   */
  analyze(chunks: readonly Chunk[], document: number, position: number, input: WorkloadInput, settings: Settings, comments: string): WorkloadAnalysis {
    const chunk = chunks[document]!;
    const signature = signatureOf(chunks, chunk.offset, [...input.services, ...input.ingresses]);
    let list = this.entries.get(chunk.content);
    const entry = list?.[position];
    if (entry && entry.settings === settings && entry.comments === comments && sameList(entry.signature, signature)) {
      if (entry.offset !== chunk.offset) {
        entry.analysis = shiftAnalysis(entry.analysis, chunk.offset - entry.offset);
        entry.offset = chunk.offset;
      }
      this.counts.reused++;
      return entry.analysis;
    }
    const analysis = analyzeWorkload(input, settings);
    this.counts.run++;
    if (!list) {
      list = [];
      this.entries.set(chunk.content, list);
    }
    list[position] = { settings, offset: chunk.offset, signature, comments, analysis };
    return analysis;
  }
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

function signatureOf(chunks: readonly Chunk[], offset: number, objects: Array<ServiceFacts | IngressFacts>): unknown[] {
  const signature: unknown[] = [];
  for (const object of objects) {
    if (object.file !== undefined) signature.push(object, 0);
    else signature.push(chunks[chunkIndexAt(chunks, object.span.start)]!.content, object.span.start - offset);
  }
  return signature;
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

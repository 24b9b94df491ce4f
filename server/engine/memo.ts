/**
 * One file's state between versions in the language server. The editor's path (incremental.ts)
 * keeps its facts and analyses on the documents themselves and only its last version here. Whole
 * versions (analyze.ts: fix-all rounds, and a version incremental.ts cannot place) reuse analyses
 * through `analyze`, so a round costs the workloads whose document or matches changed.
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
import { analyzeWorkload } from '../../shared/model/analyze';
import type { IgnoreComment } from '../../shared/model/facts';
import type { Prepared } from './incremental';
import type { TrafficIndex } from '../yaml/facts/match';
import type { WorkloadInput } from '../../shared/model/input';
import type { WorkloadAnalysis } from '../../shared/model/output';
import type { Settings } from '../../shared/settings';
import { chunkIndexAt } from './identity';
import type { Chunk, ChunkContent } from '../yaml/parse/parse';

interface Entry {
  settings: Settings;
  /** The offset of the workload's document when the analysis was run: its spans are in those terms. */
  offset: number;
  signature: unknown[];
  comments: string;
  analysis: WorkloadAnalysis;
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
   * The analysis of the `position`-th workload of document `document` of `chunks` (analyze.ts), run
   * again only when its document, settings, ignore comments or matched Services and Ingresses
   * changed. Matched objects of another file compare by identity, those of this file by their
   * document's content and distance from the workload's document.
   */
  analyze(chunks: readonly Chunk[], document: number, position: number, input: WorkloadInput, settings: Settings, comments: string): WorkloadAnalysis {
    const chunk = chunks[document]!;
    const signature: unknown[] = [];
    for (const o of [...input.services, ...input.ingresses]) {
      if (o.file !== undefined) signature.push(o, 0);
      else signature.push(chunks[chunkIndexAt(chunks, o.span.start)]!.content, o.span.start - chunk.offset);
    }
    let list = this.entries.get(chunk.content);
    let entry = list?.[position];
    if (entry && entry.settings === settings && entry.comments === comments && sameList(entry.signature, signature)) {
      this.counts.reused++;
    } else {
      entry = { settings, offset: chunk.offset, signature, comments, analysis: analyzeWorkload(input, settings) };
      this.counts.run++;
      if (!list) {
        list = [];
        this.entries.set(chunk.content, list);
      }
      list[position] = entry;
    }
    // The kept analysis has its spans where the document stood then.
    const delta = chunk.offset - entry.offset;
    return delta === 0 ? entry.analysis : shiftAnalysis(entry.analysis, delta);
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

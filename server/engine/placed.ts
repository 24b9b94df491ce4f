/**
 * Kept facts and analyses moved to where their document stands in a version. A document's facts
 * are kept in the coordinates it was first read at (state.ts); a version that has the document at
 * another offset reads them through these views, which copy only what is read.
 */
import type { IngressFacts, ServiceFacts, WorkloadFacts } from '../../shared/model/facts';
import type { RelatedFacts } from '../../shared/model/paths/related';
import type { WorkloadInput } from '../../shared/model/input';
import type { WorkloadAnalysis } from '../../shared/model/output';
import { shiftSpans, type FileFacts } from '../yaml/facts/extract';
import type { AnalysedWorkload } from './analysis';
import type { DocumentFacts, KeptWorkload } from './state';

export const moved = <T>(value: T, delta: number): T => (delta === 0 ? value : shiftSpans(value, delta));

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

/**
 * A workload of one version: its kept facts and analysis, moved into place when first read. The
 * matched objects of this file move with the kept distances (fixed when the analysis was kept),
 * so a later version's deltas never leak into this one.
 */
export class PlacedWorkload implements AnalysedWorkload {
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
    const place = <T extends ServiceFacts | IngressFacts | RelatedFacts>(o: T): T => (o.file !== undefined ? o : moved(o, kept.distances[k++]! + delta));
    const services = kept.services.map(place);
    const ingresses = kept.ingresses.map(place);
    const related = kept.related.map(place);
    this.placedInput = { workload: moved(this.base, delta), services, ingresses, related, ignoreComments: this.ignoreComments };
    return this.placedInput;
  }

  /** The kept analysis, unmoved: the same object until the workload is analysed again. */
  get source(): WorkloadAnalysis {
    return this.kept.analysis;
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
export function lazyFacts(perChunk: DocumentFacts[], deltas: number[], ignoreComments: FileFacts['ignoreComments']): FileFacts {
  const all = <K extends 'workloads' | 'services' | 'ingresses' | 'related' | 'problems'>(key: K) => perChunk.flatMap((d, i) => d[key].map((o) => moved(o, deltas[i]!))) as DocumentFacts[K];
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
    get related() {
      cache.related ??= all('related');
      return cache.related;
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

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
import { type DocumentFacts, HOME, type Homed, type KeptWorkload } from './state';

export const moved = <T>(value: T, delta: number): T => (delta === 0 ? value : shiftSpans(value, delta));

/**
 * A copy of an analysis with its spans in this file moved by `delta`, or by `delta(start)` when the
 * spans of its parts move apart. Spans of another file (a record with a `file`) stay, and so do the
 * values a fix writes (`value` of a change).
 */
export function shiftAnalysis<T>(value: T, delta: number | ((start: number) => number)): T {
  return typeof delta === 'number' ? shiftWith(value, () => delta) : shiftWith(value, delta);
}

function shiftWith<T>(value: T, delta: (start: number) => number): T {
  if (Array.isArray(value)) return value.map((v) => shiftWith(v, delta)) as T;
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (typeof record.file === 'string' && record.file !== '') return value;
  const keys = Object.keys(record);
  if (keys.length === 2 && typeof record.start === 'number' && typeof record.end === 'number') {
    const by = delta(record.start);
    return { start: record.start + by, end: record.end + by } as T;
  }
  const change = typeof record.op === 'string';
  const copy: Record<string, unknown> = {};
  for (const key of keys) copy[key] = change && key === 'value' ? record[key] : shiftWith(record[key], delta);
  return copy as T;
}

/** Calls `visit` with the start of each span of this file in an analysis (as shiftAnalysis finds them). */
function eachSpanStart(value: unknown, visit: (start: number) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) eachSpanStart(v, visit);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.file === 'string' && record.file !== '') return;
  const keys = Object.keys(record);
  if (keys.length === 2 && typeof record.start === 'number' && typeof record.end === 'number') {
    visit(record.start);
    return;
  }
  const change = typeof record.op === 'string';
  for (const key of keys) if (!(change && key === 'value')) eachSpanStart(record[key], visit);
}

/**
 * A workload of one version: its kept facts and analysis, moved into place when first read. The
 * matched objects of this file move with their documents' deltas in this version (`objects`, in
 * the order of KeptWorkload.objects), taken when the version was analysed, so a later version's
 * deltas never leak into this one. The analysis was run with the workload and each of those
 * objects where they stood then: each of its spans moves with the document it lies in.
 */
export class PlacedWorkload implements AnalysedWorkload {
  private placedInput: WorkloadInput | undefined;
  private placedAnalysis: WorkloadAnalysis | undefined;
  private shifts: { by: (start: number) => number; key: string } | null | undefined;

  constructor(
    readonly id: string,
    readonly document: number,
    readonly position: number,
    readonly delta: number,
    private readonly base: WorkloadFacts,
    private readonly kept: KeptWorkload,
    private readonly ignoreComments: FileFacts['ignoreComments'],
    readonly objects: readonly number[],
  ) {}

  get input(): WorkloadInput {
    if (this.placedInput) return this.placedInput;
    const { kept, objects } = this;
    let k = 0;
    const place = <T extends ServiceFacts | IngressFacts | RelatedFacts>(o: T): T => (o.file !== undefined ? o : moved(o, objects[k++]!));
    const services = kept.services.map(place);
    const ingresses = kept.ingresses.map(place);
    const related = kept.related.map(place);
    this.placedInput = { workload: moved(this.base, this.delta), services, ingresses, related, ignoreComments: this.ignoreComments };
    return this.placedInput;
  }

  /**
   * The kept analysis, unmoved: the same object until the workload is analysed again, or until an
   * object of this file it points at stands at another distance from the workload (then one object
   * per set of distances), so what a consumer derives from it can move with the workload alone.
   */
  get source(): WorkloadAnalysis {
    const shifts = this.spanShifts();
    if (!shifts) return this.kept.analysis;
    const { kept } = this;
    if (kept.moved?.key !== shifts.key) kept.moved = { key: shifts.key, source: { findings: kept.analysis.findings, timeline: kept.analysis.timeline } };
    return kept.moved.source;
  }

  get analysis(): WorkloadAnalysis {
    if (this.placedAnalysis) return this.placedAnalysis;
    const shifts = this.spanShifts();
    const shift = shifts ? shifts.by : this.delta - this.kept.analysedAt;
    if (shift === 0) return this.kept.analysis;
    // Diagnostics read only the findings: a clean workload's timeline is not copied for them.
    this.placedAnalysis = this.kept.analysis.findings.length === 0 ? withLazyTimeline(this.kept.analysis, shift) : shiftAnalysis(this.kept.analysis, shift);
    return this.placedAnalysis;
  }

  /**
   * How the analysis's spans move when an object of this file it has spans in moved otherwise than
   * the workload since it was run: by the shift of the document a span lies in. Null when every
   * span moves with the workload.
   */
  private spanShifts(): { by: (start: number) => number; key: string } | null {
    if (this.shifts !== undefined) return this.shifts;
    const { kept, objects } = this;
    const shift = this.delta - kept.analysedAt;
    this.shifts = null;
    if (!objects.some((d, k) => d - kept.objects[k]! !== shift)) return null;
    const ranges = objectRanges(kept);
    kept.referenced ??= referencedObjects(kept.analysis, ranges);
    const moving = kept.referenced.filter((k) => objects[k]! - kept.objects[k]! !== shift);
    if (moving.length === 0) return null;
    const by = (start: number): number => {
      for (const k of moving) if (inDocument(start, ranges[k]!)) return objects[k]! - kept.objects[k]!;
      return shift;
    };
    this.shifts = { by, key: moving.map((k) => `${k}:${objects[k]! - kept.objects[k]! - shift}`).join(',') };
    return this.shifts;
  }
}

/** Where the document of each matched object of this file stood when the analysis was run: [offset, end]. */
function objectRanges(kept: KeptWorkload): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const o of [...kept.services, ...kept.ingresses, ...kept.related]) {
    const home = o.file === undefined ? (o as Homed)[HOME] : undefined;
    if (!home) continue;
    const from = home.base + kept.objects[ranges.length]!;
    ranges.push([from, from + home.length]);
  }
  return ranges;
}

/**
 * True when a span starting at `start` lies in the document at `range`. A document's text starts
 * with its `---` line (prescan.ts), so a span at its very offset is an insertion at the end of the
 * document before; a span at its end is its own. The file's first document starts at 0.
 */
function inDocument(start: number, [from, to]: [number, number]): boolean {
  return (start > from || start === 0) && start >= from && start <= to;
}

/** The indices of the ranges the analysis has a span in. */
function referencedObjects(analysis: WorkloadAnalysis, ranges: ReadonlyArray<[number, number]>): number[] {
  const found = new Set<number>();
  eachSpanStart(analysis, (start) => {
    ranges.forEach((range, k) => {
      if (inDocument(start, range)) found.add(k);
    });
  });
  return [...found].sort((a, b) => a - b);
}

function withLazyTimeline(analysis: WorkloadAnalysis, delta: number | ((start: number) => number)): WorkloadAnalysis {
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

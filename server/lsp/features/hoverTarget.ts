/**
 * Which workload a hover or the timeline request is about. Hover answers on a workload's `kind`, a
 * container's name, `lifecycle`/`preStop`, and `terminationGracePeriodSeconds`; the timeline request
 * takes the workload whose text contains the position, else the nearest one above it.
 */
import type { Span } from '../../../shared/model/facts';
import type { FileAnalysis } from '../../engine/analyze';
import { chunkIndexAt } from '../../engine/identity';

export type Workload = FileAnalysis['workloads'][number];

function inside(offset: number, span: Span | undefined): boolean {
  return span !== undefined && offset >= span.start && offset <= span.end;
}

/** From a key's start to the end of its value: the whole `key: value` pair. */
function pair(key: Span | undefined, value: Span | undefined): Span | undefined {
  return key && value ? { start: key.start, end: Math.max(key.end, value.end) } : key;
}

/**
 * The spans a hover answers on, with the container they are about (if any): each whole
 * `key: value` pair, so the key answers as well as the value.
 */
function targets(w: Workload): Array<{ span: Span | undefined; container?: string }> {
  const { workload } = w.input;
  const tgps = workload.pod.terminationGracePeriodSeconds;
  const containers = [...workload.pod.containers, ...workload.pod.initContainers];
  return [
    { span: workload.kindPairSpan ?? workload.kindSpan },
    { span: tgps?.pairSpan ?? tgps?.span },
    ...containers.flatMap((c) => [
      { span: c.namePairSpan ?? c.nameSpan, container: c.name },
      { span: c.preStop ? pair(c.preStop.keySpan, c.preStop.span) : undefined, container: c.name },
      { span: c.lifecycle ? pair(c.lifecycle.keySpan, c.lifecycle.span) : undefined, container: c.name },
    ]),
  ];
}

/**
 * The workloads that may contain `offset`: those of the YAML document under it (the engine lists
 * workloads in document order, so two binary searches find them). Reading a workload's spans places
 * it (engine/placed.ts: a copy of its facts when its document moved), so a hover must read only
 * these, not every workload of the file: at 5,000 workloads a hover after an edit placed the ~2,500
 * below the edit and cost more than the edit (issue 20). Without document indices, all of them.
 */
function near(analysis: FileAnalysis, offset: number): { from: number; to: number } {
  const { workloads } = analysis;
  const { chunks } = analysis.parsed;
  if (chunks.length === 0 || workloads.some((w) => w.document === undefined)) return { from: 0, to: workloads.length };
  const document = chunkIndexAt(chunks, offset);
  // The first workload whose document is at least `d`.
  const first = (d: number) => {
    let low = 0;
    let high = workloads.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (workloads[middle]!.document! < d) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return { from: first(document), to: first(document + 1) };
}

export function hoverTarget(analysis: FileAnalysis, offset: number): { workload: Workload; container?: string } | undefined {
  const { from, to } = near(analysis, offset);
  for (let i = from; i < to; i++) {
    const w = analysis.workloads[i]!;
    if (!inside(offset, w.input.workload.span)) continue;
    const hit = targets(w).find((t) => inside(offset, t.span));
    if (hit) return { workload: w, container: hit.container };
  }
  return undefined;
}

/** The workload whose text contains `offset`, else the nearest one above it, else the first. */
export function workloadAt(analysis: FileAnalysis, offset: number): Workload | undefined {
  const { workloads } = analysis;
  const { from, to } = near(analysis, offset);
  for (let i = from; i < to; i++) if (inside(offset, workloads[i]!.input.workload.span)) return workloads[i];
  // Workloads of earlier documents all start above the offset; of this one, those that start before it.
  for (let i = to - 1; i >= 0; i--) if (i < from || workloads[i]!.input.workload.span.start <= offset) return workloads[i];
  return workloads[0];
}

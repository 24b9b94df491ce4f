/**
 * Which workload a hover or the timeline request is about. Hover answers on a workload's `kind`, a
 * container's name, `lifecycle`/`preStop`, and `terminationGracePeriodSeconds`; the timeline request
 * takes the workload whose text contains the position, else the nearest one above it.
 */
import type { Span } from '../../../shared/model/facts';
import type { FileAnalysis } from '../../engine/analyze';

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

export function hoverTarget(analysis: FileAnalysis, offset: number): { workload: Workload; container?: string } | undefined {
  for (const w of analysis.workloads) {
    if (!inside(offset, w.input.workload.span)) continue;
    const hit = targets(w).find((t) => inside(offset, t.span));
    if (hit) return { workload: w, container: hit.container };
  }
  return undefined;
}

export function workloadAt(analysis: FileAnalysis, offset: number): Workload | undefined {
  const containing = analysis.workloads.find((w) => inside(offset, w.input.workload.span));
  if (containing) return containing;
  const above = analysis.workloads.filter((w) => w.input.workload.span.start <= offset);
  return above[above.length - 1] ?? analysis.workloads[0];
}

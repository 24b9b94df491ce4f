/** The `kubegrace/timeline` request behind the timeline webview and the code lens. */
import type { ChainLink, ChainTerm, WorkloadTimeline } from '../../../shared/model/output';
import type { ChainLinkView, ChainTermView, TimelineParams, TimelineResult } from '../../../shared/protocol';
import type { Analysed } from '../documents';
import { placeIn } from './hover';
import type { LineOf } from './hoverText';
import { workloadAt } from './hoverTarget';

function termView(term: ChainTerm, lineOf: LineOf): ChainTermView {
  return {
    text: term.text,
    sources: term.sources.map((s) => {
      if (s.kind !== 'line') return s;
      const place = lineOf(s);
      return { kind: 'line', what: s.what, ...(place ? { place } : {}) };
    }),
  };
}

/**
 * The budget chain (issue 16) as the view gets it: each line source placed by the same function
 * the hover links through, so the view and the hover never point at different lines.
 */
export function chainView(chain: ChainLink[] | undefined, lineOf: LineOf): { chain?: ChainLinkView[] } {
  if (!chain?.length) return {};
  return { chain: chain.map((l) => ({ id: l.id, holds: l.holds, text: l.text, left: l.left.map((t) => termView(t, lineOf)), right: l.right.map((t) => termView(t, lineOf)) })) };
}

/** The findings of a workload as the view lists them. */
export function findingsView(analysis: { findings: Array<{ rule: string; severity: string; message: string; container?: string }> }): TimelineResult['findings'] {
  return analysis.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, ...(f.container ? { container: f.container } : {}) }));
}

export function timelineAt(doc: Analysed, params: TimelineParams): TimelineResult | null {
  const found = workloadAt(doc.analysis, doc.index.offsetAt(params.position));
  if (!found) return null;
  const timeline: WorkloadTimeline = found.analysis.timeline;
  return {
    uri: doc.uri,
    version: doc.version,
    timeline,
    findings: findingsView(found.analysis),
    line: doc.index.positionAt(found.input.workload.kindSpan.start).line,
    ...chainView(timeline.chain, placeIn(doc)),
  };
}

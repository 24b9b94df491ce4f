/** The `kubegrace/timeline` request behind the timeline webview and the code lens. */
import type { TimelineParams, TimelineResult } from '../../../shared/protocol';
import type { Analysed } from '../documents';
import { workloadAt } from './hoverTarget';

export function timelineAt(doc: Analysed, params: TimelineParams): TimelineResult | null {
  const found = workloadAt(doc.analysis, doc.index.offsetAt(params.position));
  if (!found) return null;
  return {
    uri: doc.uri,
    version: doc.version,
    timeline: found.analysis.timeline,
    findings: found.analysis.findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, ...(f.container ? { container: f.container } : {}) })),
    line: doc.index.positionAt(found.input.workload.kindSpan.start).line,
  };
}

/** A one-line summary above each workload that opens the timeline view. */
import type { CodeLens } from 'vscode-languageserver';
import { COMMANDS, type ShowTimelineArgs } from '../../../shared/protocol';
import { seconds } from '../../../shared/timeline-text';
import type { WorkloadTimeline } from '../../../shared/model/output';
import type { Analysed } from '../documents';

export function lensTitle(t: WorkloadTimeline, findings: number): string {
  const main = t.containers.find((c) => c.role === 'main') ?? t.containers[0];
  if (!main) return `${t.object}: no containers`;
  const atLeast = main.preStop.kind === 'at-least';
  const parts = [`SIGTERM at ${seconds(main.sigtermAt, atLeast)}`, `SIGKILL at ${seconds(main.sigkillAt)}`, `drain ${seconds(main.drainWindow)}`];
  if (t.containers.length > 1) parts.push(`${t.containers.length} containers`);
  if (findings > 0) parts.push(`${findings} finding${findings === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

export function codeLenses(doc: Analysed): CodeLens[] {
  return doc.analysis.workloads.map(({ input, analysis }) => {
    const range = doc.index.rangeOf(input.workload.kindSpan);
    const args: ShowTimelineArgs = { uri: doc.uri, position: range.start };
    return { range, command: { title: lensTitle(analysis.timeline, analysis.findings.length), command: COMMANDS.showTimeline, arguments: [args] } };
  });
}

/**
 * The hover's text: the timeline as an events table and a monospace chart, the assumptions with the
 * settings that change them, and the findings that apply. Markdown for editors that render it, and
 * a plain-text version of the same content for the rest.
 */
import type { Finding, WorkloadTimeline } from '../../shared/model/output';
import { seconds, timelineChart, timelineTable } from '../../shared/timeline-text';

interface Event {
  at: number;
  atLeast: boolean;
  text: string;
}

/** The events of the timeline in order: hooks, signals, exits, service-out, sidecar order. */
export function events(t: WorkloadTimeline): Event[] {
  const out: Event[] = [{ at: t.serviceOutSeconds, atLeast: false, text: `no new requests any more (estimate)` }];
  for (const c of t.containers) {
    const atLeast = c.preStop.kind === 'at-least';
    if (c.preStop.kind !== 'none') out.push({ at: 0, atLeast: false, text: `${c.name}: preStop starts (${c.preStop.description})` });
    if (c.preStopEnd > 0) out.push({ at: c.preStopEnd, atLeast, text: `${c.name}: preStop ends${c.preStop.drains ? ' (it drained the app)' : ''}` });
    const waits = c.waitsFor.length ? ` after ${c.waitsFor.join(', ')} exited` : '';
    out.push({ at: c.sigtermAt, atLeast, text: `${c.name}: ${c.stopSignal}${waits}` });
    if (c.exitAt < c.sigkillAt) out.push({ at: c.exitAt, atLeast, text: `${c.name}: exits (estimate)` });
    out.push({ at: c.sigkillAt, atLeast: false, text: `${c.name}: SIGKILL${c.killed ? ' — still draining' : c.exitAt < c.sigkillAt ? ' deadline' : ''}` });
  }
  return out.sort((a, b) => a.at - b.at);
}

function assumptions(t: WorkloadTimeline): string[] {
  return [
    `grace period ${seconds(t.gracePeriodSeconds)}${t.graceDefaulted ? ' (terminationGracePeriodSeconds not set: default 30)' : ''}`,
    ...t.serviceOutSources.map((s) => `new requests for ≈${seconds(s.seconds)}: ${s.description}${s.file ? ` (in ${fileName(s.file)})` : ''}`),
    `app shutdown ≈${seconds(t.shutdownSeconds)}: ${t.shutdownSource === 'annotation' ? 'kubegrace/shutdown-seconds annotation' : 'kubegrace.shutdownSeconds setting'}`,
    ...(t.containers.some((c) => c.role === 'native-sidecar') && !t.orderedSidecars ? ['native sidecars stop like regular containers before 1.29 (kubegrace.kubernetesVersion)'] : []),
  ];
}

/** The last segment of a URI or path, for naming another file in the hover. */
function fileName(file: string): string {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

function summary(t: WorkloadTimeline, container?: string): string {
  const c = t.containers.find((x) => x.name === container) ?? t.containers.find((x) => x.role === 'main') ?? t.containers[0];
  if (!c) return t.object;
  const atLeast = c.preStop.kind === 'at-least';
  const hook = c.preStop.kind === 'none' ? 'no preStop delay' : `preStop 0–${seconds(c.preStopEnd, atLeast)}`;
  return `${c.name}: ${hook} → ${c.stopSignal} at ${seconds(c.sigtermAt, atLeast)} → SIGKILL at ${seconds(c.sigkillAt)}; endpoints gone ≈${seconds(t.serviceOutSeconds)}`;
}

export function hoverMarkdown(t: WorkloadTimeline, findings: Finding[], container?: string): string {
  const rows = events(t).map((e) => `| ${seconds(e.at, e.atLeast)} | ${e.text.replace(/\|/g, '\\|')} |`);
  const parts = [
    `**${t.object}** — termination timeline`,
    summary(t, container),
    ['| time | event |', '| --- | --- |', ...rows].join('\n'),
    ['```text', timelineChart(t, 40), '```'].join('\n'),
    `*Assumptions:* ${assumptions(t).join('; ')}.`,
  ];
  const relevant = findings.filter((f) => !container || !f.container || f.container === container);
  if (relevant.length) parts.push(relevant.map((f) => `- **${f.rule}** (${f.severity}): ${f.message}`).join('\n'));
  return parts.join('\n\n');
}

export function hoverPlainText(t: WorkloadTimeline, findings: Finding[], container?: string): string {
  const relevant = findings.filter((f) => !container || !f.container || f.container === container);
  return [
    `${t.object} — termination timeline`,
    summary(t, container),
    timelineTable(t),
    timelineChart(t, 40),
    `Assumptions: ${assumptions(t).join('; ')}.`,
    ...relevant.map((f) => `${f.severity} ${f.rule}: ${f.message}`),
  ].join('\n\n');
}

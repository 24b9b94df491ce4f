/**
 * The hover's text: the timeline as an events table and a monospace chart, the assumptions with the
 * settings that change them, and the findings that apply. Markdown for editors that render it, and
 * a plain-text version of the same content for the rest.
 */
import type { ChainSource, ContainerTimeline, Finding, WorkloadTimeline } from '../../../shared/model/output';
import { chainLines, pathLines, seconds, signalLines, timelineChart, timelineTable, type PlaceOf } from '../../../shared/timeline-text';
import type { Place } from '../../../shared/protocol';

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
    if (c.preStopEnd > 0) out.push({ at: c.preStopEnd, atLeast, text: c.preStop.forever ? `${c.name}: preStop still running (it never ends); the kubelet stops waiting` : `${c.name}: preStop ends${c.preStop.drains ? ' (it drained the app)' : ''}` });
    const waits = c.waitsFor.length ? ` after ${c.waitsFor.join(', ')} exited` : '';
    const from = c.stopSignalSource === 'image' ? ' (image STOPSIGNAL)' : '';
    out.push({ at: c.sigtermAt, atLeast, text: `${c.name}: ${c.stopSignal}${from}${waits}` });
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
    ...(t.versionNotes ?? []).map((note) => `${note} (kubegrace.featureGates, kubegrace.kubernetesVersion)`),
  ];
}

/** The last segment of a URI or path, for naming another file in the hover. */
export function fileName(file: string): string {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** The file and line that set a chain term's number, when it can still be found. */
export type LineOf = (source: Extract<ChainSource, { kind: 'line' }>) => Place | undefined;

/**
 * A chain term's place as the hover shows it: `web.yaml:12`, in markdown a link that opens that
 * line (VS Code reads `#L12` in a file URI). Lines count from 1 here, from 0 in `Place`.
 */
export function placeText(lineOf: LineOf, markdown: boolean): PlaceOf {
  return (source) => {
    const at = lineOf(source);
    if (!at) return undefined;
    const label = `${fileName(at.uri)}:${at.line + 1}`;
    return markdown ? `[${label}](${at.uri}#L${at.line + 1})` : label;
  };
}

/**
 * The one-line timeline of a container, the hover's first line: `web: preStop 0–5 s → SIGTERM 5 s →
 * SIGKILL 30 s`, with the signal actually sent (SIG1) in place of SIGTERM.
 */
export function oneLine(c: ContainerTimeline): string {
  const atLeast = c.preStop.kind === 'at-least';
  const parts: string[] = [];
  if (c.preStop.kind !== 'none') parts.push(`preStop 0–${seconds(c.preStopEnd, atLeast)}${c.preStop.forever ? ' (never ends)' : ''}`);
  else if (c.preStop.noEffectReason === 'sleep-gate-off') parts.push('preStop dropped');
  else if (c.preStop.noEffectReason === 'invalid') parts.push('preStop invalid');
  else if (c.preStop.noEffectReason) parts.push('preStop fails at once');
  if (c.waitsFor.length && c.sigtermAt > c.preStopEnd) parts.push(`waits for ${c.waitsFor.join(', ')}`);
  parts.push(`${c.stopSignal} ${seconds(c.sigtermAt, atLeast)}`, `SIGKILL ${seconds(c.sigkillAt)}`);
  return `${c.name}: ${parts.join(' → ')}`;
}

/** An abrupt-stop-signal finding already says what the program does with its signal. */
function saidByFinding(findings: Finding[], c: ContainerTimeline): boolean {
  return c.program !== undefined && findings.some((f) => f.rule === 'abrupt-stop-signal' && f.container === c.name);
}

/** The signal lines of the shown containers, without the program line a finding already gives. */
function signalsOf(shown: ContainerTimeline[], relevant: Finding[]): string[] {
  return shown.flatMap((c) => (saidByFinding(relevant, c) ? signalLines(c).slice(1) : signalLines(c)));
}

function focus(t: WorkloadTimeline, container?: string): ContainerTimeline[] {
  const one = t.containers.find((x) => x.name === container);
  return one ? [one] : t.containers;
}

function relevantFindings(findings: Finding[], container?: string): Finding[] {
  const order = ['error', 'warning', 'information', 'hint'];
  return findings.filter((f) => !container || !f.container || f.container === container).sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity));
}

export function hoverMarkdown(t: WorkloadTimeline, findings: Finding[], container?: string, place?: PlaceOf): string {
  const shown = focus(t, container);
  const rows = events(t).map((e) => `| ${seconds(e.at, e.atLeast)} | ${e.text.replace(/\|/g, '\\|')} |`);
  const relevant = relevantFindings(findings, container);
  const parts = [
    [`**${t.object}** — termination timeline`, ...shown.map((c) => `\`${oneLine(c)}\``)].join('  \n'),
  ];
  if (relevant.length) parts.push(relevant.map((f) => `- **${f.rule}** (${f.severity}): ${f.message}`).join('\n'));
  const signals = signalsOf(shown, relevant);
  if (signals.length) parts.push(signals.join('  \n'));
  // The broken link in bold: the place to start (issue 16).
  const chain = chainLines(t, place).map((l) => (l.startsWith('✗') ? `**✗** ${l.slice(2)}` : l));
  if (chain.length) parts.push(['*Budget chain:*', ...chain].join('  \n'));
  const paths = pathLines(t);
  if (paths.length) parts.push(paths.map((p) => `- ${p}`).join('\n'));
  parts.push(
    '---',
    `Endpoints gone ≈${seconds(t.serviceOutSeconds)} (estimate).`,
    ['| time | event |', '| --- | --- |', ...rows].join('\n'),
    ['```text', timelineChart(t, 40), '```'].join('\n'),
    `*Assumptions:* ${assumptions(t).join('; ')}.`,
  );
  return parts.join('\n\n');
}

export function hoverPlainText(t: WorkloadTimeline, findings: Finding[], container?: string, place?: PlaceOf): string {
  const shown = focus(t, container);
  const relevant = relevantFindings(findings, container);
  const signals = signalsOf(shown, relevant);
  return [
    [`${t.object} — termination timeline`, ...shown.map(oneLine)].join('\n'),
    ...(relevant.length ? [relevant.map((f) => `${f.severity} ${f.rule}: ${f.message}`).join('\n')] : []),
    ...(signals.length ? [signals.join('\n')] : []),
    ...(chainLines(t).length ? [['Budget chain:', ...chainLines(t, place)].join('\n')] : []),
    ...(pathLines(t).length ? [pathLines(t).join('\n')] : []),
    `Endpoints gone ≈${seconds(t.serviceOutSeconds)} (estimate).`,
    timelineTable(t),
    timelineChart(t, 40),
    `Assumptions: ${assumptions(t).join('; ')}.`,
  ].join('\n\n');
}

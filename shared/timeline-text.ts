/**
 * Plain-text renderings of a workload timeline: a per-container table and a small character
 * chart. Used by `kubegrace explain` and by the hover (inside a code block), so they read the same
 * in a terminal, in VS Code and in editors that show hovers as plain text.
 */
import type { ChainSource, ChainTerm, ContainerTimeline, WorkloadTimeline } from './model/output';

export function seconds(value: number, atLeast = false): string {
  return `${atLeast ? '≥' : ''}${Math.round(value * 10) / 10} s`;
}

function preStopText(c: ContainerTimeline): string {
  const p = c.preStop;
  if (p.kind === 'none') {
    const why = {
      'tcp-socket': 'tcpSocket: fails',
      'no-shell': 'exec: no shell',
      'sleep-gate-off': 'sleep: gate off',
      invalid: 'invalid',
      'unexpanded-variable': 'exec: $(VAR) not expanded, sleep fails',
      'sleep-fails': 'exec: sleep fails',
    };
    return p.noEffectReason ? `none (${why[p.noEffectReason]})` : 'none';
  }
  if (p.forever) return `0–${seconds(c.preStopEnd)} (never ends)`;
  const what = p.stop?.meaning === 'fast' ? ' (stops abruptly)' : p.getIgnored ? ' (GET ignored)' : p.drains ? ' (drains)' : '';
  return `0–${seconds(c.preStopEnd, p.kind === 'at-least')}${what}`;
}

/** How the signal column names a signal other than plain SIGTERM: ` (SIGQUIT, image)`, a dropped stopSignal. */
export function signalNote(c: ContainerTimeline): string {
  const parts: string[] = [];
  if (c.stopSignal !== 'SIGTERM') parts.push(c.stopSignalSource === 'image' ? `${c.stopSignal}, image STOPSIGNAL` : c.stopSignal);
  if (c.droppedStopSignal) parts.push(`stopSignal ${c.droppedStopSignal} dropped`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

/**
 * What the signal sent means, one line per container that has something to say: the program's
 * reaction ("nginx: SIGQUIT (image STOPSIGNAL) → graceful shutdown: …") and a dropped stopSignal.
 */
export function signalLines(c: ContainerTimeline): string[] {
  const out: string[] = [];
  const from = c.stopSignalSource === 'image' ? 'image STOPSIGNAL' : c.stopSignalSource === 'stopSignal' ? 'lifecycle.stopSignal' : 'default';
  if (c.program) out.push(`${c.name} (${c.program.name}): ${c.stopSignal} (${from})${c.program.via ? ` → ${c.program.via}` : ''} → ${c.program.text}`);
  if (c.droppedStopSignal) {
    const why = c.stopSignalGate === 'user' ? 'the ContainerStopSignals feature gate is off, as you set it' : 'this Kubernetes version drops it unless the ContainerStopSignals feature gate is on';
    out.push(`${c.name}: lifecycle.stopSignal ${c.droppedStopSignal} is dropped (${why}), so ${c.stopSignal} is sent (${from}).`);
  } else if (c.stopSignalSource === 'stopSignal' && c.stopSignalGate) {
    const why = c.stopSignalGate === 'user' ? 'the ContainerStopSignals feature gate is on, as you set it' : 'ContainerStopSignals is planned to be on by default in this version';
    out.push(`${c.name}: lifecycle.stopSignal ${c.stopSignal} is honoured because ${why}.`);
  }
  if (c.imageSignalAssumption) out.push(`${c.name}: ${c.imageSignalAssumption}`);
  return out;
}

/**
 * The other ways the pod stops, where they differ from a plain delete (liveness restart, node
 * drain), and where an implied mesh proxy comes from: one line each.
 */
export function pathLines(t: WorkloadTimeline): string[] {
  const proxies = t.containers.flatMap((c) => (c.implied ? [`${c.name} is added by ${c.implied.mesh} (${c.implied.reason}) as a ${c.role === 'native-sidecar' ? 'native sidecar' : 'regular container'}${c.implied.version ? ` (${c.implied.version})` : ''}; the manifest does not show it.`] : []));
  return [...proxies, ...(t.paths ?? []).map((p) => p.text)];
}

/**
 * Where a term's number comes from, as the front door shows a place: `path:line` for the CLI, a
 * link for the hover. Undefined when the place cannot be found (a file no longer indexed).
 */
export type PlaceOf = (source: Extract<ChainSource, { kind: 'line' }>) => string | undefined;

function sourceText(source: ChainSource, place: PlaceOf): string | undefined {
  if (source.kind === 'setting') return `${source.what ? `${source.what}, ` : ''}setting ${source.setting}`;
  if (source.kind === 'default') return source.text;
  const at = place(source);
  return at === undefined ? undefined : `${source.what} ${at}`;
}

function termText(term: ChainTerm, place: PlaceOf): string {
  const sources = term.sources.map((s) => sourceText(s, place)).filter((s): s is string => s !== undefined);
  return sources.length ? `${term.text} (${sources.join('; ')})` : term.text;
}

/**
 * The budget chain, one link a line, the broken ones marked (✗). Each term names where its number
 * comes from: the setting or the default, and the line that sets it where `place` can name it.
 */
export function chainLines(t: WorkloadTimeline, place: PlaceOf = () => undefined): string[] {
  return (t.chain ?? []).map((link) => `${link.holds ? '✓' : '✗'} ${link.left.map((x) => termText(x, place)).join(' + ')} ≤ ${link.right.map((x) => termText(x, place)).join(' + ')}`);
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** A table: one row per container with its role, preStop, SIGTERM, SIGKILL, drain window and exit. */
export function timelineTable(t: WorkloadTimeline): string {
  const header = ['container', 'role', 'preStop', 'SIGTERM', 'SIGKILL', 'drain', 'exit (est.)'];
  const rows = t.containers.map((c) => {
    const atLeast = c.preStop.kind === 'at-least';
    const signal = signalNote(c);
    return [c.name, c.implied ? `${c.role} (${c.implied.mesh}, injected)` : c.role, preStopText(c), seconds(c.sigtermAt, atLeast) + signal, seconds(c.sigkillAt), seconds(c.drainWindow), seconds(c.exitAt, atLeast) + (c.killed ? ' killed' : '')];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((cell, i) => pad(cell, widths[i]!)).join('  ').trimEnd()).join('\n');
}

/**
 * Seconds between ticks: at most 10 ticks up to 10 minutes, then a 1-2-5 step giving at most 5,
 * so the tick loops never run over every second of a huge grace period.
 */
export function tickStep(end: number): number {
  if (end <= 20) return 5;
  if (end <= 60) return 10;
  if (end <= 300) return 30;
  if (end <= 600) return 60;
  const rough = end / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
}

/**
 * A chart, one lane per container and one for the service-out estimate:
 * `=` preStop, `#` running after the stop signal (estimated drain), `.` waiting for SIGKILL,
 * `w` a native sidecar waiting for its turn, `|` stop signal, `X` SIGKILL, `x` exit.
 */
export function timelineChart(t: WorkloadTimeline, width = 48): string {
  const end = Math.max(t.gracePeriodSeconds + 2, t.serviceOutSeconds, ...t.containers.map((c) => c.sigkillAt));
  const scale = width / end;
  const col = (time: number) => Math.min(width, Math.round(time * scale));
  const name = Math.max(8, ...t.containers.map((c) => c.name.length));
  const lane = (label: string, cells: string[]) => `${pad(label, name)} ${cells.join('').trimEnd()}`;
  const lines: string[] = [];
  const ticks = Array<string>(width + 1).fill(' ');
  const step = tickStep(end);
  for (let s = 0; s <= end; s += step) ticks[col(s)] = '|';
  const labels = Array<string>(width + 8).fill(' ');
  // A label that would run into the previous one is left out (long labels of huge grace periods).
  for (let s = 0, free = 0; s <= end; s += step) {
    if (col(s) < free) continue;
    for (const [i, ch] of [...`${s}s`].entries()) labels[col(s) + i] = ch;
    free = col(s) + `${s}s`.length + 1;
  }
  lines.push(`${pad('', name)} ${labels.join('').trimEnd()}`);
  lines.push(`${pad('', name)} ${ticks.join('').replace(/ /g, '-')}`);
  for (const c of t.containers) {
    const cells = Array<string>(width + 1).fill(' ');
    const fill = (from: number, to: number, ch: string) => {
      for (let i = col(from); i < col(to); i++) cells[i] = ch;
    };
    fill(0, c.preStopEnd, '=');
    fill(c.preStopEnd, c.sigtermAt, 'w');
    fill(c.sigtermAt, c.exitAt, '#');
    if (c.exitAt < c.sigkillAt) fill(c.exitAt, c.sigkillAt, '.');
    cells[col(c.sigtermAt)] = '|';
    if (c.exitAt < c.sigkillAt) cells[col(c.exitAt)] = 'x';
    cells[col(c.sigkillAt)] = 'X';
    lines.push(lane(c.name, cells));
  }
  const out = Array<string>(width + 1).fill(' ');
  for (let i = 0; i < col(t.serviceOutSeconds); i++) out[i] = '~';
  out[col(t.serviceOutSeconds)] = '>';
  lines.push(lane('traffic', out));
  lines.push(`${pad('', name)} = preStop  w waits for its turn  | stop signal  # draining (est.)`);
  lines.push(`${pad('', name)} x exit  X SIGKILL  ~ new requests still arrive (est.)`);
  return lines.join('\n');
}

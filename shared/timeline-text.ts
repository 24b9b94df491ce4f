/**
 * Plain-text renderings of a workload timeline: a per-container table and a small character
 * chart. Used by `kubegrace explain` and by the hover (inside a code block), so they read the same
 * in a terminal, in VS Code and in editors that show hovers as plain text.
 */
import type { ContainerTimeline, WorkloadTimeline } from './model/output';

export function seconds(value: number, atLeast = false): string {
  return `${atLeast ? '≥' : ''}${Math.round(value * 10) / 10} s`;
}

function preStopText(c: ContainerTimeline): string {
  const p = c.preStop;
  if (p.kind === 'none') {
    const why = { 'tcp-socket': 'tcpSocket: fails', 'no-shell': 'exec: no shell', 'sleep-gate-off': 'sleep: gate off', invalid: 'invalid' };
    return p.noEffectReason ? `none (${why[p.noEffectReason]})` : 'none';
  }
  return `0–${seconds(c.preStopEnd, p.kind === 'at-least')}${p.drains ? ' (drains)' : ''}`;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** A table: one row per container with its role, preStop, SIGTERM, SIGKILL, drain window and exit. */
export function timelineTable(t: WorkloadTimeline): string {
  const header = ['container', 'role', 'preStop', 'SIGTERM', 'SIGKILL', 'drain', 'exit (est.)'];
  const rows = t.containers.map((c) => {
    const atLeast = c.preStop.kind === 'at-least';
    const signal = c.stopSignal === 'SIGTERM' ? '' : ` (${c.stopSignal})`;
    return [c.name, c.role, preStopText(c), seconds(c.sigtermAt, atLeast) + signal, seconds(c.sigkillAt), seconds(c.drainWindow), seconds(c.exitAt, atLeast) + (c.killed ? ' killed' : '')];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((cell, i) => pad(cell, widths[i]!)).join('  ').trimEnd()).join('\n');
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
  const step = end <= 20 ? 5 : end <= 60 ? 10 : end <= 300 ? 30 : 60;
  for (let s = 0; s <= end; s += step) ticks[col(s)] = '|';
  const labels = Array<string>(width + 8).fill(' ');
  for (let s = 0; s <= end; s += step) for (const [i, ch] of [...`${s}s`].entries()) labels[col(s) + i] = ch;
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

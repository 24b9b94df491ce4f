/**
 * The termination timeline as an SVG chart, for the webview. Pure: no `vscode` import, so it is
 * unit-tested directly. Colours come only from the theme's CSS variables, through classes styled
 * by the `<style>` inside the SVG; every text from the document is escaped.
 */
import type { ContainerRole, ContainerTimeline, WorkloadTimeline } from '../../shared/model/output';
import type { TimelineResult } from '../../shared/protocol';

/** Width of the label column on the left; the time axis starts at this x. */
export const LABEL_WIDTH = 160;
/** Width of the time axis: 0 s is at `LABEL_WIDTH`, the axis end at `LABEL_WIDTH + CHART_WIDTH`. */
export const CHART_WIDTH = 560;
/** Room on the right for the last tick label and the SIGKILL marker at the very end. */
const RIGHT_MARGIN = 40;
export const SVG_WIDTH = LABEL_WIDTH + CHART_WIDTH + RIGHT_MARGIN;
/** y of the first lane's top; the tick labels sit above it. */
export const LANES_TOP = 34;
export const LANE_HEIGHT = 36;
const BAR_HEIGHT = 12;
/** Tick steps, in seconds; the chart uses the smallest one that needs at most `MAX_TICKS` intervals. */
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];
const MAX_TICKS = 8;

export interface TimelineScale {
  /** Seconds at the right end of the axis: a multiple of `step`. */
  end: number;
  step: number;
  /** x of a time in seconds: `LABEL_WIDTH + seconds · CHART_WIDTH / end`, rounded to 0.1 px. */
  x(seconds: number): number;
}

/**
 * The horizontal scale. The axis covers the latest event (the grace period + 2 s, so the deadline
 * is never on the edge; the service-out estimate; every SIGKILL), rounded up to a whole tick step,
 * the smallest of `STEPS` that needs at most 8 intervals. Example: grace 30 s → latest 32 s →
 * step 5 s (7 intervals) → end 35 s → x(t) = 160 + 16·t.
 */
export function timelineScale(t: WorkloadTimeline): TimelineScale {
  const latest = Math.max(t.gracePeriodSeconds + 2, t.serviceOutSeconds, ...t.containers.map((c) => c.sigkillAt));
  const step = STEPS.find((s) => Math.ceil(latest / s) <= MAX_TICKS) ?? Math.ceil(latest / MAX_TICKS);
  const end = Math.ceil(latest / step) * step;
  return { end, step, x: (seconds) => round(LABEL_WIDTH + (seconds * CHART_WIDTH) / end) };
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** "5 s", "≥5 s", "2.5 s" */
export function secondsText(value: number, atLeast = false): string {
  return `${atLeast ? '≥' : ''}${round(value)} s`;
}

const ROLE_TEXT: Record<ContainerRole, string> = { main: 'main', 'native-sidecar': 'native sidecar', 'legacy-sidecar': 'legacy sidecar' };

/** Class names → theme colours. No literal colours anywhere, so every theme (and high contrast) works. */
const STYLE = `
.kg text { fill: var(--vscode-editor-foreground); font-family: var(--vscode-font-family); font-size: 12px; }
.kg text.sub { fill: var(--vscode-descriptionForeground); font-size: 10px; }
.kg text.name { font-weight: 600; }
.kg .axis { stroke: var(--vscode-descriptionForeground); stroke-width: 1; }
.kg .grid { stroke: var(--vscode-editorIndentGuide-background); stroke-width: 1; }
.kg .seg { fill-opacity: 0.85; }
.kg .prestop { fill: var(--vscode-charts-blue); }
.kg .wait { fill: var(--vscode-charts-yellow); }
.kg .drain { fill: var(--vscode-charts-green); }
.kg .drain.killed { fill: var(--vscode-charts-red); }
.kg .traffic { fill: var(--vscode-charts-orange); }
.kg .at-least { stroke: var(--vscode-editor-foreground); stroke-dasharray: 3 2; }
.kg .idle { stroke: var(--vscode-descriptionForeground); stroke-width: 2; stroke-dasharray: 2 3; }
.kg .marker.signal line { stroke: var(--vscode-editor-foreground); stroke-width: 2; }
.kg .marker.exit circle { fill: var(--vscode-editor-background); stroke: var(--vscode-charts-green); stroke-width: 2; }
.kg .marker.kill path { stroke: var(--vscode-charts-red); stroke-width: 2.5; }
.kg .marker.out path { fill: var(--vscode-charts-orange); }
.kg .deadline { stroke: var(--vscode-editorWarning-foreground); stroke-width: 1.5; stroke-dasharray: 6 4; }
.kg text.deadline-label { fill: var(--vscode-editorWarning-foreground); }
`;

function rect(cls: string, x1: number, x2: number, y: number, title: string): string {
  if (x2 - x1 <= 0) return '';
  return `<rect class="${cls}" x="${x1}" y="${y - BAR_HEIGHT / 2}" width="${round(x2 - x1)}" height="${BAR_HEIGHT}"><title>${escapeXml(title)}</title></rect>`;
}

/** Markers are groups translated to their time, so the x of each is in one attribute. */
function marker(kind: 'signal' | 'exit' | 'kill' | 'out', x: number, y: number, title: string, shape: string): string {
  return `<g class="marker ${kind}" transform="translate(${x},${y})"><title>${escapeXml(title)}</title>${shape}</g>`;
}

function label(y: number, name: string, sub: string, title: string): string {
  // About 150 px of bold 12 px text fit in the label column; the full name is in the tooltip.
  const shown = name.length > 19 ? `${name.slice(0, 18)}…` : name;
  return `<text class="name" x="8" y="${y - 2}"><title>${escapeXml(title)}</title>${escapeXml(shown)}</text><text class="sub" x="8" y="${y + 11}">${escapeXml(sub)}</text>`;
}

function containerLane(c: ContainerTimeline, y: number, s: TimelineScale): string {
  const atLeast = c.preStop.kind === 'at-least';
  const parts: string[] = [];
  if (c.preStop.kind !== 'none') {
    const drains = c.preStop.drains ? ', drains the application' : '';
    parts.push(rect(`seg prestop${atLeast ? ' at-least' : ''}`, s.x(0), s.x(c.preStopEnd), y, `preStop ${c.preStop.description}: 0–${secondsText(c.preStopEnd, atLeast)}${drains}`));
  }
  parts.push(rect('seg wait', s.x(c.preStopEnd), s.x(c.sigtermAt), y, `waits for ${c.waitsFor.join(', ')} to exit: ${secondsText(c.preStopEnd)}–${secondsText(c.sigtermAt)}`));
  const drainTitle = c.killed
    ? `draining (est. ${secondsText(c.shutdownSeconds)}) is cut off by SIGKILL at ${secondsText(c.sigkillAt)}`
    : `draining after ${c.stopSignal} (est.): ${secondsText(c.sigtermAt, atLeast)}–${secondsText(c.exitAt, atLeast)}`;
  parts.push(rect(`seg drain${c.killed ? ' killed' : ''}`, s.x(c.sigtermAt), s.x(c.exitAt), y, drainTitle));
  if (c.exitAt < c.sigkillAt) {
    parts.push(`<line class="idle" x1="${s.x(c.exitAt)}" y1="${y}" x2="${s.x(c.sigkillAt)}" y2="${y}"><title>${escapeXml(`exited; SIGKILL would come at ${secondsText(c.sigkillAt)}`)}</title></line>`);
  }
  const signal = `<line x1="0" y1="-10" x2="0" y2="10"/><text class="sub" x="3" y="-10">${escapeXml(c.stopSignal)}</text>`;
  parts.push(marker('signal', s.x(c.sigtermAt), y, `${c.stopSignal} at ${secondsText(c.sigtermAt, atLeast)}`, signal));
  if (!c.killed) parts.push(marker('exit', s.x(c.exitAt), y, `exits at ${secondsText(c.exitAt, atLeast)} (est.)`, '<circle r="4"/>'));
  parts.push(marker('kill', s.x(c.sigkillAt), y, `SIGKILL at ${secondsText(c.sigkillAt)}`, '<path d="M-4 -4L4 4M-4 4L4 -4"/>'));
  const waits = c.waitsFor.length ? `; stops after ${c.waitsFor.join(', ')}` : '';
  const header = label(y, c.name, ROLE_TEXT[c.role], `${c.name} (${ROLE_TEXT[c.role]}${waits})`);
  return `<g class="lane" data-container="${escapeXml(c.name)}" data-role="${c.role}">${header}${parts.join('')}</g>`;
}

function trafficLane(t: WorkloadTimeline, y: number, s: TimelineScale): string {
  const until = secondsText(t.serviceOutSeconds);
  const title = `new requests still arrive until ≈${until}: ${t.serviceOutSources.map((src) => src.description).join('; ')}`;
  const body = t.serviceOutSeconds > 0 ? rect('seg traffic', s.x(0), s.x(t.serviceOutSeconds), y, title) + marker('out', s.x(t.serviceOutSeconds), y, `out of rotation at ≈${until} (est.)`, '<path d="M0 -6L6 0L0 6Z"/>') : '';
  return `<g class="lane traffic-lane">${label(y, 'new requests (est.)', `until ≈${until}`, title)}${body}</g>`;
}

function axis(s: TimelineScale, bottom: number): string {
  const parts = [`<line class="axis" x1="${s.x(0)}" y1="${LANES_TOP - 8}" x2="${s.x(s.end)}" y2="${LANES_TOP - 8}"/>`];
  for (let sec = 0; sec <= s.end; sec += s.step) {
    const x = s.x(sec);
    parts.push(`<line class="grid" x1="${x}" y1="${LANES_TOP - 8}" x2="${x}" y2="${bottom}"/>`);
    parts.push(`<line class="axis" x1="${x}" y1="${LANES_TOP - 12}" x2="${x}" y2="${LANES_TOP - 4}"/>`);
    parts.push(`<text class="sub tick" x="${x}" y="${LANES_TOP - 16}" text-anchor="middle">${sec} s</text>`);
  }
  return `<g class="time-axis">${parts.join('')}</g>`;
}

const LEGEND: Array<[string, string]> = [
  ['<rect class="seg prestop" x="0" y="-5" width="14" height="10"/>', 'preStop'],
  ['<rect class="seg wait" x="0" y="-5" width="14" height="10"/>', 'waits for its turn'],
  ['<rect class="seg drain" x="0" y="-5" width="14" height="10"/>', 'draining (est.)'],
  ['<rect class="seg drain killed" x="0" y="-5" width="14" height="10"/>', 'cut off by SIGKILL'],
  ['<line class="idle" x1="0" y1="0" x2="14" y2="0"/>', 'idle until SIGKILL'],
  ['<rect class="seg traffic" x="0" y="-5" width="14" height="10"/>', 'new requests (est.)'],
  ['<g class="marker signal"><line x1="7" y1="-6" x2="7" y2="6"/></g>', 'stop signal'],
  ['<g class="marker exit"><circle cx="7" r="4"/></g>', 'exit (est.)'],
  ['<g class="marker kill"><path d="M3 -4L11 4M3 4L11 -4"/></g>', 'SIGKILL'],
  ['<line class="deadline" x1="7" y1="-6" x2="7" y2="6"/>', 'grace period ends'],
];

function legend(y: number): string {
  let x = 8;
  let row = 0;
  const items = LEGEND.map(([swatch, text]) => {
    const width = 22 + text.length * 6.5 + 14;
    if (x + width > SVG_WIDTH) [x, row] = [8, row + 1];
    const item = `<g transform="translate(${x},${y + row * 18})">${swatch}<text class="sub" x="20" y="4">${escapeXml(text)}</text></g>`;
    x += width;
    return item;
  });
  return `<g class="legend">${items.join('')}</g>`;
}

/** The chart of one workload's termination: a lane for new requests, one lane per container. */
export function renderTimelineSvg(result: TimelineResult, options: { nonce?: string } = {}): string {
  const t = result.timeline;
  const s = timelineScale(t);
  const lanes = [trafficLane(t, LANES_TOP + LANE_HEIGHT / 2, s), ...t.containers.map((c, i) => containerLane(c, LANES_TOP + (i + 1.5) * LANE_HEIGHT, s))];
  const bottom = LANES_TOP + lanes.length * LANE_HEIGHT;
  const grace = s.x(t.gracePeriodSeconds);
  const deadlineText = `grace period ${secondsText(t.gracePeriodSeconds)}${t.graceDefaulted ? ' (default)' : ''}`;
  const deadline = `<g class="deadline-group"><line class="deadline" x1="${grace}" y1="${LANES_TOP - 8}" x2="${grace}" y2="${bottom + 4}"/><text class="deadline-label" x="${grace}" y="${bottom + 16}" text-anchor="${grace > LABEL_WIDTH + CHART_WIDTH / 2 ? 'end' : 'start'}">${escapeXml(deadlineText)}</text></g>`;
  const height = bottom + 64;
  const nonce = options.nonce ? ` nonce="${escapeXml(options.nonce)}"` : '';
  return [
    `<svg class="kg" xmlns="http://www.w3.org/2000/svg" role="img" width="${SVG_WIDTH}" height="${height}" viewBox="0 0 ${SVG_WIDTH} ${height}">`,
    `<title>${escapeXml(`Termination timeline of ${t.object}`)}</title>`,
    `<style${nonce}>${STYLE}</style>`,
    axis(s, bottom),
    ...lanes,
    deadline,
    legend(bottom + 36),
    '</svg>',
  ].join('\n');
}

/**
 * The text side of `move-to-init-containers`: the container's lines (with the comments above it)
 * leave `containers` and are appended to `initContainers`, re-indented, with the record's keys set.
 */
import { isMap, isPair, isScalar } from 'yaml';
import type { Node, YAMLSeq } from 'yaml';
import { asSeq, entries } from '../parse/nodes';
import { applyEdits } from './apply';
import { afterBlock, insertEdits, insertLines, replaceEdits } from './change';
import { column, commentColumn, lineStart, nextLineStart, nodeSpan, skipDeeperComments } from './context';
import type { EditContext, LocalEdit } from './context';
import { renderFlow } from './render';
import { resolveSet } from './resolve';
import type { Resolved } from './resolve';

type Move = Extract<Resolved, { op: 'move' }>;

export function moveEdits(ctx: EditContext, move: Move): LocalEdit[] | undefined {
  const { item, seq } = move;
  const index = seq.items.indexOf(item);
  const region = seq.flow ? undefined : blockRegion(ctx, seq, index);
  const removal = seq.flow ? flowRemoval(ctx, seq, index) : region && withBlankLines(ctx.text, region, index === 0);
  const setEdits = itemSetEdits(ctx, move);
  if (!removal || !setEdits) return undefined;
  const lines = (shift: number): string[] | undefined => (region ? shiftLines(ctx, region, setEdits, shift) : undefined);
  const flowItem = (): string | undefined => flowText(ctx, move, setEdits);
  const cut: LocalEdit = { start: removal.start, end: removal.end, newText: '' };
  const add = addition(ctx, move, removal, region, lines, flowItem);
  return add ? [cut, add] : undefined;
}

/** Where the item goes: the end of `initContainers`, or a new `initContainers` key. */
function addition(
  ctx: EditContext,
  { seq, pod }: Move,
  removal: { start: number; end: number },
  region: Region | undefined,
  lines: (shift: number) => string[] | undefined,
  flowItem: () => string | undefined,
): LocalEdit | undefined {
  const existing = entries(ctx.reader, pod).get('initContainers');
  const target = existing ? asSeq(ctx.reader, existing.raw) : undefined;
  if (existing && !target) return undefined;
  if (target?.flow) {
    const last = target.items[target.items.length - 1] as Node | undefined;
    const text = flowItem();
    if (text === undefined || !target.range) return undefined;
    return last ? { start: nodeSpan(ctx, last).end, end: nodeSpan(ctx, last).end, newText: `, ${text}` } : { start: target.range[0] + 1, end: target.range[0] + 1, newText: text };
  }
  if (target) {
    const dash = column(ctx.text, target.range![0]);
    const moved = region ? lines(dash - region.dashCol) : bulletLine(dash, flowItem());
    return moved && insertLines(ctx, skipDeeperComments(ctx.text, afterBlock(ctx, target), dash), moved);
  }
  if (pod.flow) {
    const text = flowItem();
    const [edit] = text === undefined ? [] : (insertEdits(ctx, pod, 'initContainers', []) ?? []);
    return edit && { ...edit, newText: edit.newText.replace(/\[\]$/, `[${text}]`) };
  }
  const pair = pod.items.find((p) => isPair(p) && p.value === seq);
  const key = pair && isScalar(pair.key) ? (pair.key as Node) : undefined;
  if (key?.range) {
    // Before `containers:` and the comment lines directly above it.
    const keyCol = column(ctx.text, key.range[0]);
    let at = lineStart(ctx.text, key.range[0]);
    while (at > 0 && commentColumn(ctx.text.slice(lineStart(ctx.text, at - 1), at)) === keyCol) at = lineStart(ctx.text, at - 1);
    const head = `${' '.repeat(keyCol)}initContainers:`;
    if (seq.flow) {
      const text = flowItem();
      return text === undefined ? undefined : insertLines(ctx, at, [`${head} [${text}]`]);
    }
    const moved = lines(0);
    return moved && insertLines(ctx, at, [head, ...moved]);
  }
  // `containers` comes from a merge key: append `initContainers` at the end of the pod spec.
  if (!pod.range) return undefined;
  const keyCol = column(ctx.text, pod.range[0]);
  let at = afterBlock(ctx, pod);
  if (at > removal.start && at < removal.end) at = removal.end;
  const head = `${' '.repeat(keyCol)}initContainers:`;
  const dash = keyCol + ctx.style.seqOffset;
  const moved = region ? lines(dash - region.dashCol) : bulletLine(dash, flowItem());
  return moved && insertLines(ctx, at, [head, ...moved]);
}

function bulletLine(dash: number, text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : [`${' '.repeat(dash)}- ${text}`];
}

/** The edits that set the record's keys (`restartPolicy: Always`) on the item, in original offsets. */
function itemSetEdits(ctx: EditContext, { item, set }: Move): LocalEdit[] | undefined {
  const edits: LocalEdit[] = [];
  for (const [key, value] of Object.entries(set)) {
    const resolved = resolveSet(ctx, item, [key], value);
    if (!resolved) return undefined;
    const found = resolved.op === 'insert' ? insertEdits(ctx, resolved.map, resolved.key, resolved.value) : resolved.op === 'replace' ? replaceEdits(ctx, resolved.node, resolved.value) : undefined;
    if (!found) return undefined;
    edits.push(...found);
  }
  return edits;
}

/** A block sequence item's lines: the comment lines above its dash, the item, deeper comments after it. */
interface Region {
  start: number;
  end: number;
  dashCol: number;
}

function blockRegion(ctx: EditContext, seq: YAMLSeq, index: number): Region | undefined {
  const token = seq.srcToken;
  const item = seq.items[index] as Node;
  if (token?.type !== 'block-seq' || !isMap(item)) return undefined;
  const dash = token.items[index]?.start.find((t) => t.type === 'seq-item-ind')?.offset;
  if (dash === undefined) return undefined;
  let start = lineStart(ctx.text, dash);
  if (ctx.text.slice(start, dash).trim() !== '') return undefined;
  const dashCol = dash - start;
  for (;;) {
    if (start === 0) break;
    const previous = lineStart(ctx.text, start - 1);
    const col = commentColumn(ctx.text.slice(previous, start));
    if (col === undefined || (index === 0 ? col < dashCol : col !== dashCol)) break;
    start = previous;
  }
  const end = skipDeeperComments(ctx.text, nextLineStart(ctx.text, nodeSpan(ctx, item).end), dashCol);
  return { start, end, dashCol };
}

/**
 * The blank lines that separated the item from its neighbours leave with it: those after the first
 * item, those before any other.
 */
function withBlankLines(text: string, region: Region, first: boolean): { start: number; end: number } {
  let { start, end } = region;
  const blank = (from: number, to: number) => text.slice(from, to).trim() === '';
  if (first) while (end < text.length && blank(end, nextLineStart(text, end))) end = nextLineStart(text, end);
  else while (start > 0 && blank(lineStart(text, start - 1), start)) start = lineStart(text, start - 1);
  return { start, end };
}

/** The region's lines with the set edits applied, shifted right (or left) by `shift` columns. */
function shiftLines(ctx: EditContext, region: Region, setEdits: LocalEdit[], shift: number): string[] | undefined {
  if (setEdits.some((edit) => edit.start < region.start || edit.end > region.end)) return undefined;
  const local = setEdits.map((edit) => ({ ...edit, start: edit.start - region.start, end: edit.end - region.start }));
  const text = applyEdits(ctx.text.slice(region.start, region.end), local).replace(/\r?\n$/, '');
  const lines = text.split(/\r?\n/);
  const shifted: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') shifted.push(line);
    else if (shift >= 0) shifted.push(' '.repeat(shift) + line);
    else if (line.startsWith(' '.repeat(-shift))) shifted.push(line.slice(-shift));
    else return undefined;
  }
  return shifted;
}

/** The item as a flow mapping: its own text when it is one, else rendered from its value. */
function flowText(ctx: EditContext, { item, set }: Move, setEdits: LocalEdit[]): string | undefined {
  if (!item.flow || !item.range) return renderFlow({ ...(item.toJS(ctx.doc) as Record<string, unknown>), ...set });
  const start = item.range[0];
  const end = nodeSpan(ctx, item).end;
  if (setEdits.some((edit) => edit.start < start || edit.end > end)) return undefined;
  return applyEdits(ctx.text.slice(start, end), setEdits.map((edit) => ({ ...edit, start: edit.start - start, end: edit.end - start })));
}

/** An item of a flow sequence and the separator that goes with it. */
function flowRemoval(ctx: EditContext, seq: YAMLSeq, index: number): { start: number; end: number } | undefined {
  const item = seq.items[index] as Node;
  const next = seq.items[index + 1] as Node | undefined;
  if (!item.range) return undefined;
  if (next?.range) return { start: item.range[0], end: next.range[0] };
  const previous = seq.items[index - 1] as Node | undefined;
  return previous ? { start: nodeSpan(ctx, previous).end, end: nodeSpan(ctx, item).end } : undefined;
}

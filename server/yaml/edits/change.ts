/**
 * The text side of `set` and `replace`: a new key is inserted after the mapping's last entry, in
 * the mapping's own style; a replaced value is rendered in the style of the node it replaces.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import { column, findParent, lineStart, nextLineStart, nodeSpan, skipDeeperComments } from './context';
import type { EditContext, LocalEdit } from './context';
import { blockLines, isBlock, isCollection, renderFlow, renderScalar } from './render';
import { scalarEdits } from './scalar';

/** Adds `key: value` as the last entry of `map`. */
export function insertEdits(ctx: EditContext, map: YAMLMap, key: string, value: unknown): LocalEdit[] | undefined {
  if (!map.range) return undefined;
  if (map.flow) {
    const last = map.items[map.items.length - 1];
    const entry = `${renderScalar(key, true)}: ${renderFlow(value)}`;
    if (!last) return ctx.text[map.range[0]] === '{' ? [insert(map.range[0] + 1, entry)] : undefined;
    const ends = [last.key, last.value].filter((n): n is Node => isScalar(n) || isMap(n) || isSeq(n) || isAlias(n)).map((n) => nodeSpan(ctx, n).end);
    return ends.length > 0 ? [insert(Math.max(...ends), `, ${entry}`)] : undefined;
  }
  // Comment lines deeper than the keys after the last entry belong to that entry: the new key follows them.
  const col = column(ctx.text, map.range[0]);
  return [insertLines(ctx, skipDeeperComments(ctx.text, afterBlock(ctx, map), col), blockLines({ [key]: value }, col, ctx.style))];
}

function insert(at: number, newText: string): LocalEdit {
  return { start: at, end: at, newText };
}

/** Whole lines inserted at a line start, or after the last line when the text has no final break. */
export function insertLines(ctx: EditContext, at: number, lines: string[]): LocalEdit {
  const body = lines.join(ctx.eol);
  const atEnd = at === ctx.text.length && ctx.text.length > 0 && !ctx.text.endsWith('\n');
  return insert(at, atEnd ? ctx.eol + body : body + ctx.eol);
}

/**
 * Where the line after a block collection's last value starts. A last value that is a keep-chomped
 * block scalar (`|+`) owns the blank lines after it, so the insertion goes after them.
 */
export function afterBlock(ctx: EditContext, node: YAMLMap | Node): number {
  let leaf: unknown = node;
  while ((isMap(leaf) || isSeq(leaf)) && !leaf.flow && leaf.items.length > 0) {
    const last: unknown = leaf.items[leaf.items.length - 1];
    leaf = isMap(leaf) ? ((last as { value?: unknown; key?: unknown }).value ?? (last as { key?: unknown }).key) : last;
  }
  if (isScalar(leaf) && (leaf.type === 'BLOCK_LITERAL' || leaf.type === 'BLOCK_FOLDED')) {
    const header = ctx.text.slice(leaf.range![0], ctx.text.indexOf('\n', leaf.range![0]));
    if (/^[|>][-0-9]*\+/.test(header)) return leaf.range![1];
  }
  return nextLineStart(ctx.text, nodeSpan(ctx, node as Node).end);
}

/** Replaces a node (scalar, alias or collection) with `value`, in the style of what it replaces. */
export function replaceEdits(ctx: EditContext, node: Node, value: unknown): LocalEdit[] | undefined {
  const parent = findParent(ctx.doc, node);
  if (!parent || !node.range) return undefined;
  const inFlow = Boolean(parent.collection?.flow);
  const start = node.range[0];
  const valueEnd = nodeSpan(ctx, node).end;
  // A comment after the last line of a replaced block was about what is replaced: it goes too.
  const block = (isMap(node) || isSeq(node)) && !node.flow;
  const end = block ? valueEnd + (/^[ \t]+#[^\r\n]*/.exec(ctx.text.slice(valueEnd))?.[0].length ?? 0) : valueEnd;
  const underBlockKey = !inFlow && parent.pair !== undefined && isScalar(parent.pair.key) && parent.pair.key.range !== undefined;
  if (!isBlock(value)) {
    if (isScalar(node) && !isCollection(value)) return scalarEdits(ctx, node, value, inFlow);
    const text = isCollection(value) ? renderFlow(value) : renderScalar(value, inFlow);
    // A block collection under a key becomes `key: value` on the key's line.
    if (!inFlow && !isScalar(node) && !isAlias(node) && !(node as YAMLMap).flow && underBlockKey) {
      const colon = colonEnd(ctx, parent.pair!.key as Node);
      return colon === undefined ? undefined : [{ start: colon, end, newText: ` ${text}` }];
    }
    return [{ start, end, newText: text }];
  }
  const flow = inFlow || ((isMap(node) || isSeq(node)) && node.flow);
  if (flow || (!underBlockKey && (isScalar(node) || isAlias(node)))) return [{ start, end, newText: renderFlow(value) }];
  const keyCol = underBlockKey ? column(ctx.text, (parent.pair!.key as Node).range![0]) : undefined;
  if (isScalar(node) || isAlias(node)) {
    // `key:`, `key: null` or `key: *alias` becoming a block: the block goes on the lines below.
    const colon = colonEnd(ctx, parent.pair!.key as Node);
    if (colon === undefined) return undefined;
    const col = keyCol! + (Array.isArray(value) ? ctx.style.seqOffset : ctx.style.step);
    return [{ start: colon, end, newText: '' }, insertLines(ctx, nextLineStart(ctx.text, end), blockLines(value, col, ctx.style))];
  }
  const own = column(ctx.text, start);
  let col = own;
  if (keyCol !== undefined && !Array.isArray(value) && col <= keyCol) col = keyCol + ctx.style.step;
  const lineBegin = lineStart(ctx.text, start);
  const lines = blockLines(value, col, ctx.style);
  // Replace from the line start when only indentation precedes the node, so the column may change.
  if (ctx.text.slice(lineBegin, start).trim() === '') return [{ start: lineBegin, end, newText: lines.join(ctx.eol) }];
  if (col !== own) return undefined;
  return [{ start, end, newText: lines.join(ctx.eol).slice(col) }];
}

/** The offset just after the `:` that follows a block mapping key. */
function colonEnd(ctx: EditContext, key: Node): number | undefined {
  const from = nodeSpan(ctx, key).end;
  const match = /^[ \t]*:/.exec(ctx.text.slice(from, from + 200));
  return match ? from + match[0].length : undefined;
}

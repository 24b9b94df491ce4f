/**
 * Replacing a scalar with a scalar. A string edited into another string (shell-pid1 inserts `exec `
 * into a script) is edited in place: the changed part of the value is mapped back to the source, so
 * quoting, escapes, line folding and block indentation stay as written. When that is not possible
 * the scalar is re-rendered in its own style, and as a last resort double-quoted. Every candidate is
 * checked by parsing the result.
 */
import { parseDocument, visit } from 'yaml';
import type { Scalar } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import { PARSE_OPTIONS } from '../parse/parse';
import { applyEdits } from './apply';
import { nodeSpan } from './context';
import type { EditContext, LocalEdit } from './context';
import { doubleQuoted, escapeDoubleQuoted, plainSafe, renderScalar, singleQuoted } from './render';

export function scalarEdits(ctx: EditContext, node: Scalar, value: unknown, inFlow: boolean): LocalEdit[] | undefined {
  const start = node.range![0];
  const end = nodeSpan(ctx, node).end;
  if (start === end) {
    // An empty value (`key:`): write the scalar after the colon.
    const space = ctx.text[start - 1] === ':' ? ' ' : '';
    return [{ start, end, newText: space + renderScalar(value, inFlow) }];
  }
  const candidates: LocalEdit[] = [];
  if (typeof value === 'string' && typeof node.value === 'string') {
    const mapped = mappedEdit(ctx, node, value, inFlow);
    if (mapped) candidates.push(mapped);
    const same = sameStyle(ctx, node, value, inFlow);
    if (same !== undefined) candidates.push({ start, end, newText: same });
  }
  candidates.push({ start, end, newText: renderScalar(value, inFlow) });
  const found = candidates.find((edit) => readsBack(ctx, start, edit, value));
  return found ? [found] : undefined;
}

/** True when the text with `edit` applied parses no worse and has `value` as the scalar at `start`. */
function readsBack(ctx: EditContext, start: number, edit: LocalEdit, value: unknown): boolean {
  const doc = parseDocument(applyEdits(ctx.text, [edit]), PARSE_OPTIONS);
  if (doc.errors.length > ctx.doc.errors.length) return false;
  let found: Scalar | undefined;
  visit(doc, {
    Scalar(_, node) {
      const at = node.range?.[0] ?? -1;
      if (at >= start && (!found || at < found.range![0])) found = node;
    },
  });
  return found !== undefined && isDeepStrictEqual(found.value, value);
}

/** The edit that changes only the differing middle of the value, mapped to source offsets. */
function mappedEdit(ctx: EditContext, node: Scalar, next: string, inFlow: boolean): LocalEdit | undefined {
  const old = node.value as string;
  let prefix = 0;
  while (prefix < old.length && prefix < next.length && old[prefix] === next[prefix]) prefix++;
  let suffix = 0;
  while (suffix < old.length - prefix && suffix < next.length - prefix && old[old.length - 1 - suffix] === next[next.length - 1 - suffix]) suffix++;
  const middle = next.slice(prefix, next.length - suffix);
  if (middle.includes('\n')) return undefined;
  const map = valueMap(ctx, node);
  if (!map) return undefined;
  let newText: string | undefined;
  switch (node.type) {
    case 'PLAIN':
      newText = plainSafe(next, inFlow) ? middle : undefined;
      break;
    case 'QUOTE_SINGLE':
      newText = singleQuoted(middle)?.slice(1, -1);
      break;
    case 'QUOTE_DOUBLE':
      newText = escapeDoubleQuoted(middle);
      break;
    default:
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters cannot stay plain
      newText = /[\x00-\x08\x0a-\x1f\x7f]/.test(middle) ? undefined : middle;
  }
  return newText === undefined ? undefined : { start: map[prefix]!, end: map[old.length - suffix]!, newText };
}

/**
 * For each index of the scalar's string value, the chunk offset of the source character it comes
 * from (one more entry for the end). Undefined for layouts this does not follow (multi-line flow
 * scalars, explicit block indentation); the result is checked against the parser's value.
 */
function valueMap(ctx: EditContext, node: Scalar): number[] | undefined {
  const start = node.range![0];
  const end = nodeSpan(ctx, node).end;
  const source = ctx.text.slice(start, end);
  const value = node.value as string;
  if (node.type !== 'BLOCK_LITERAL' && node.type !== 'BLOCK_FOLDED' && /[\r\n]/.test(source)) return undefined;
  let result: { value: string; map: number[] } | undefined;
  switch (node.type) {
    case 'PLAIN':
      result = { value: source, map: Array.from({ length: source.length + 1 }, (_, i) => start + i) };
      break;
    case 'QUOTE_SINGLE':
    case 'QUOTE_DOUBLE':
      result = quotedMap(ctx.text, start + 1, end - 1, node.type === 'QUOTE_DOUBLE');
      break;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      result = blockMap(ctx.text, start, node.range![1], node.type === 'BLOCK_FOLDED');
      if (result) {
        // Trailing line breaks (chomping) map to the end of the last line.
        const core = value.replace(/\n+$/, '');
        if (result.value !== core) return undefined;
        const last = result.map[result.map.length - 1]!;
        while (result.map.length <= value.length) result.map.push(last);
        return result.map;
      }
  }
  return result && result.value === value ? result.map : undefined;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** A one-line quoted scalar's inside, from `from` to `to` (the closing quote). */
function quotedMap(text: string, from: number, to: number, double: boolean): { value: string; map: number[] } | undefined {
  let value = '';
  const map: number[] = [];
  let at = from;
  while (at < to) {
    let decoded = text[at]!;
    let length = 1;
    if (!double && decoded === "'") length = 2;
    else if (double && decoded === '\\') {
      const kind = text[at + 1] ?? '';
      const digits = HEX_LENGTH[kind];
      if (digits) {
        const code = Number.parseInt(text.slice(at + 2, at + 2 + digits), 16);
        if (!Number.isFinite(code)) return undefined;
        decoded = String.fromCodePoint(code);
        length = 2 + digits;
      } else if (SIMPLE_ESCAPES[kind] !== undefined) {
        decoded = SIMPLE_ESCAPES[kind]!;
        length = 2;
      } else return undefined;
    }
    for (let i = 0; i < decoded.length; i++) map.push(at);
    value += decoded;
    at += length;
  }
  map.push(to);
  return { value, map };
}

/**
 * A block scalar's value without its trailing line breaks, folding lines for `>` the way YAML does
 * (a single break between two lines that do not start with a blank becomes a space).
 */
function blockMap(text: string, start: number, end: number, folded: boolean): { value: string; map: number[] } | undefined {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd === -1 || headerEnd >= end || /\d/.test(/^[|>][-+0-9]*/.exec(text.slice(start, headerEnd))?.[0] ?? '1')) return undefined;
  const lines: Array<{ from: number; to: number }> = [];
  for (let at = headerEnd + 1; at < end; ) {
    const newline = text.indexOf('\n', at);
    const lineEnd = newline === -1 || newline >= end ? end : newline;
    lines.push({ from: at, to: text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd });
    at = lineEnd + 1;
  }
  const first = lines.find((line) => text.slice(line.from, line.to).trim() !== '');
  if (!first) return undefined;
  const indent = /^ */.exec(text.slice(first.from, first.to))![0].length;
  let value = '';
  const map: number[] = [];
  let pending = 0;
  let previous: { kind: 'normal' | 'more'; end: number } | undefined;
  for (const line of lines) {
    const raw = text.slice(line.from, line.to);
    if (raw.trim() === '' && raw.length <= indent) {
      pending++;
      continue;
    }
    if (!raw.startsWith(' '.repeat(indent))) return undefined;
    const from = line.from + indent;
    const kind = /^[ \t]/.test(text.slice(from, line.to)) ? 'more' : 'normal';
    const breaks = !previous
      ? '\n'.repeat(pending)
      : folded && previous.kind === 'normal' && kind === 'normal'
        ? pending === 0 ? ' ' : '\n'.repeat(pending)
        : '\n'.repeat(pending + 1);
    for (let i = 0; i < breaks.length; i++) map.push(previous ? previous.end : from);
    value += breaks;
    for (let at = from; at < line.to; at++) map.push(at);
    value += text.slice(from, line.to);
    previous = { kind, end: line.to };
    pending = 0;
  }
  map.push(previous!.end);
  return { value, map };
}

/** The whole scalar re-rendered in its own style, or undefined when that style cannot hold the value. */
function sameStyle(ctx: EditContext, node: Scalar, value: string, inFlow: boolean): string | undefined {
  switch (node.type) {
    case 'PLAIN':
      return plainSafe(value, inFlow) ? value : undefined;
    case 'QUOTE_SINGLE':
      return singleQuoted(value) ?? doubleQuoted(value);
    case 'QUOTE_DOUBLE':
      return doubleQuoted(value);
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return literalBlock(ctx, node, value);
    default:
      return undefined;
  }
}

/** A literal block scalar at the original's indentation, keeping a comment after its header. */
function literalBlock(ctx: EditContext, node: Scalar, value: string): string | undefined {
  const start = node.range![0];
  const headerEnd = ctx.text.indexOf('\n', start);
  if (headerEnd === -1) return undefined;
  const header = ctx.text.slice(start, headerEnd).replace(/\r$/, '');
  const indicator = /^[|>][-+0-9]*/.exec(header)?.[0];
  const body = ctx.text.slice(headerEnd + 1, node.range![1]).split('\n').find((line) => line.trim() !== '');
  const core = value.replace(/\n+$/, '');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters cannot stay in a block scalar
  if (!indicator || /\d/.test(indicator) || !body || core === '' || /^[ \t]/.test(core) || /[\x00-\x08\x0b-\x1f\x7f]/.test(core)) return undefined;
  const pad = /^ */.exec(body)![0];
  const trailing = value.length - core.length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const lines = core.split('\n').map((line) => (line === '' ? '' : pad + line));
  return `|${chomp}${header.slice(indicator.length)}${ctx.eol}${lines.join(ctx.eol)}`;
}

/**
 * The in-place edit of a string scalar: only the part of the value that changes is written, at the
 * source offsets it maps to, so the rest keeps the file's own spelling (escapes such as `\x41` or
 * `\/`, folded `>` lines, block indentation). scalar.ts uses it only when yaml's CST would write
 * the old value differently from the file.
 *
 * Hand-written because yaml has no API for it: `CST.resolveAsScalar` turns a token into its value,
 * but nothing maps an index of that value back to a source offset, and re-rendering with
 * `CST.setScalarValue` rewrites every escape and re-folds every line. The map built here is
 * compared with the parser's value before it is used, and the edit's result is parsed again by
 * scalar.ts, so a layout this does not follow only drops the candidate.
 */
import type { Scalar } from 'yaml';
import { nodeSpan } from './context';
import type { EditContext, LocalEdit } from './context';
import { escapeDoubleQuoted, plainSafe, singleQuoted } from './render';

/** The edit that changes only the differing middle of the value, mapped to source offsets. */
export function inPlaceEdit(ctx: EditContext, node: Scalar, next: string, inFlow: boolean): LocalEdit | undefined {
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

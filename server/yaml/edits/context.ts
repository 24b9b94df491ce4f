/**
 * What every edit needs to know about the document chunk it edits: its text, its parse, the file's
 * line ending and indentation habits, and how to find again the nodes that fix intents point at.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { Document, Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { Span } from '../../../shared/model/facts';
import { asMap, createReader, entries, span } from '../parse/nodes';
import type { Entry, Reader } from '../parse/nodes';
import type { ChunkParse } from '../parse/parse';
import { detectStyle } from '../parse/style';
import type { IndentStyle } from '../parse/style';

export type { IndentStyle } from '../parse/style';

/** An edit in chunk offsets (edits.ts moves it to file offsets). */
export interface LocalEdit {
  start: number;
  end: number;
  newText: string;
}

export interface EditContext {
  text: string;
  doc: Document.Parsed;
  reader: Reader;
  eol: string;
  style: IndentStyle;
  /**
   * The part of `text` that `doc` was parsed from (edits/window.ts), in chunk offsets; undefined
   * when it is the whole text. A check that parses the edited text parses only this part.
   */
  window?: { start: number; end: number };
}

/** `style` when already known: detecting it walks the whole document. */
export function createContext(parse: ChunkParse, text: string, eol: string, style?: IndentStyle, window?: { start: number; end: number }): EditContext {
  const reader = createReader(parse, 0, text);
  return { text, doc: parse.doc, reader, eol, style: style ?? detectStyle(parse.doc, text), ...(window ? { window } : {}) };
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the line break that ends the line holding `offset` (or the text's end). */
export function nextLineStart(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline === -1 ? text.length : newline + 1;
}

export function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The indentation of a comment-only line, or undefined for any other line. */
export function commentColumn(line: string): number | undefined {
  const match = /^( *)#/.exec(line);
  return match ? match[1]!.length : undefined;
}

/** Moves `at` (a line start) past comment lines indented deeper than `col`. */
export function skipDeeperComments(text: string, at: number, col: number): number {
  let end = at;
  while (end < text.length) {
    const next = nextLineStart(text, end);
    const found = commentColumn(text.slice(end, next));
    if (found === undefined || found <= col) break;
    end = next;
  }
  return end;
}

/** The chunk span of a node as the extraction layer computes it. */
export function nodeSpan(ctx: EditContext, node: Node): Span {
  return span(ctx.reader, node);
}

/**
 * The node whose span is exactly `target`. A mapping and its first key never share a span, but
 * when a collection and a scalar could, the collection wins.
 */
export function locate(ctx: EditContext, target: Span, want: 'map' | 'any'): Node | undefined {
  let found: Node | undefined;
  visit(ctx.doc, {
    Node(_, node) {
      // Nothing inside a node starts outside its range: skip it whole (a fix in a document with
      // tens of thousands of nodes looks at a few of them). Nodes made by yaml's API have no range.
      const range = node.range;
      if (range && (target.start < range[0] || target.start > range[2])) return visit.SKIP;
      if (isAlias(node) || (want === 'map' && !isMap(node))) return;
      const { start, end } = nodeSpan(ctx, node);
      if (start !== target.start || end !== target.end) return;
      if (!found || (isScalar(found) && !isScalar(node))) found = node;
    },
  });
  return found;
}

/** Where a node stands: the pair whose value it is, or the sequence it is an item of. */
export interface Parent {
  pair?: Pair;
  /** The mapping holding `pair`, or the sequence holding the node; undefined for a document root. */
  collection?: YAMLMap | YAMLSeq;
}

export function findParent(doc: Document.Parsed, node: Node): Parent | undefined {
  let result: Parent | undefined;
  visit(doc, {
    Node(_, candidate, path) {
      if (candidate !== node) return;
      const last = path[path.length - 1];
      if (isPair(last)) {
        const map = path[path.length - 2];
        result = { pair: last, collection: isMap(map) ? map : undefined };
      } else result = isSeq(last) ? { collection: last } : {};
      return visit.BREAK;
    },
  });
  return result;
}

/** The pair that holds `keyNode` as its key, and its mapping. */
export function pairOfKey(doc: Document.Parsed, keyNode: Node): { pair: Pair; map: YAMLMap } | undefined {
  let result: { pair: Pair; map: YAMLMap } | undefined;
  visit(doc, {
    Pair(_, pair, path) {
      const map = path[path.length - 1];
      if (pair.key !== keyNode || !isMap(map)) return;
      result = { pair, map };
      return visit.BREAK;
    },
  });
  return result;
}

/**
 * Follows `path` down from `map` the way the extraction reads it (merge keys, aliases). Stops at
 * the first key that is missing, or whose value is not a mapping, or at the last key.
 */
export function navigate(reader: Reader, map: YAMLMap, path: readonly string[]): { map: YAMLMap; rest: string[]; existing?: Entry } {
  let current = map;
  for (let i = 0; i < path.length; i++) {
    const existing = entries(reader, current).get(path[i]!);
    if (!existing) return { map: current, rest: path.slice(i) };
    const resolved = asMap(reader, existing.raw);
    if (i === path.length - 1 || !resolved) return { map: current, rest: path.slice(i), existing };
    current = resolved;
  }
  return { map: current, rest: [] };
}

/** `{a: {b: value}}` for the keys `[a, b]`. */
export function nest(keys: readonly string[], value: unknown): unknown {
  return keys.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

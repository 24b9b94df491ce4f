/**
 * Small readers over yaml nodes that follow aliases and merge keys the way Kubernetes' decoder
 * (go-yaml v2) does, with a visit budget so that alias bombs cannot make extraction explode.
 */
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Located, Span } from '../../../shared/model/facts';
import { resolveAnchor } from './anchors';
import type { ChunkParse } from './parse';

/** Thrown when a document needs more node visits than its size justifies (an alias bomb). */
export class BudgetExceeded extends Error {
  constructor() {
    super('Document too complex: too many alias and merge-key expansions');
  }
}

/** One key of a mapping after merge keys are applied. */
export interface Entry {
  /** The key as Kubernetes' YAML → JSON conversion names it. */
  key: string;
  /** The key node, in the mapping where the pair is written (a merged map's, for a merged key). */
  keyNode: Node;
  /** The value as written, possibly an alias. */
  raw: unknown;
}

/** Everything needed to read one chunk's nodes and turn their ranges into file offsets. */
export interface Reader {
  parse: ChunkParse;
  /** The chunk's text; node ranges index into it. */
  text: string;
  /** The chunk's offset in the file, added to every span. */
  offset: number;
  /** Node visits left before the document is given up as too complex. */
  budget: number;
  /** Memoised `entries` of each mapping, so aliased maps are read once. */
  entries: WeakMap<YAMLMap, Map<string, Entry>>;
}

// Merge keys nested deeper than this are ignored; real manifests use one or two levels.
const MAX_MERGE_DEPTH = 32;

export function createReader(parse: ChunkParse, offset: number, text: string): Reader {
  // Real manifests need well under one visit per character (0.25 at most over the test corpus);
  // alias reuse can need quadratically many. The budget keeps extraction linear in the text.
  return { parse, text, offset, budget: 20_000 + 4 * text.length, entries: new WeakMap() };
}

function step(reader: Reader): void {
  if (--reader.budget < 0) throw new BudgetExceeded();
}

/** The node itself, or the node an alias stands for. */
export function deref(reader: Reader, value: unknown): Node | undefined {
  step(reader);
  if (isAlias(value)) {
    const start = value.range ? value.range[0] : 0;
    return resolveAnchor(reader.parse.anchors, value.source, start);
  }
  return isScalar(value) || isMap(value) || isSeq(value) ? (value as Node) : undefined;
}

export function asMap(reader: Reader, value: unknown): YAMLMap | undefined {
  const node = deref(reader, value);
  return isMap(node) ? node : undefined;
}

export function asSeq(reader: Reader, value: unknown): YAMLSeq | undefined {
  const node = deref(reader, value);
  return isSeq(node) ? node : undefined;
}

/**
 * The keys of a mapping in go-yaml v2's order of assignment: pairs in document order, a merge key
 * assigns the merged keys where it stands (so a later key overrides a merged one, and a merge
 * overrides an earlier key), earlier maps of a merge sequence win, and a duplicate key's last
 * occurrence wins. Computed once per mapping.
 */
export function entries(reader: Reader, map: YAMLMap, depth = 0): Map<string, Entry> {
  const cached = reader.entries.get(map);
  if (cached) return cached;
  const result = new Map<string, Entry>();
  // Mark the map as in progress so that a map merging itself ends instead of recursing.
  reader.entries.set(map, result);
  for (const pair of map.items) {
    step(reader);
    if (isMergeKey(pair.key)) {
      if (depth < MAX_MERGE_DEPTH) for (const [key, entry] of merged(reader, pair.value, depth)) result.set(key, entry);
      continue;
    }
    const key = keyString(reader, pair.key);
    if (key !== undefined) result.set(key, { key, keyNode: pair.key as Node, raw: pair.value });
  }
  return result;
}

function merged(reader: Reader, value: unknown, depth: number): Map<string, Entry> {
  const node = deref(reader, value);
  if (isMap(node)) return entries(reader, node, depth + 1);
  const result = new Map<string, Entry>();
  if (!isSeq(node)) return result;
  // go-yaml applies the sequence backwards, so that earlier maps override later ones.
  for (let i = node.items.length - 1; i >= 0; i--) {
    const source = asMap(reader, node.items[i]);
    if (source) for (const [key, entry] of entries(reader, source, depth + 1)) result.set(key, entry);
  }
  return result;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}

/** A key as Kubernetes' YAML → JSON conversion names it; undefined for null and collection keys. */
function keyString(reader: Reader, key: unknown): string | undefined {
  const node = deref(reader, key);
  return isScalar(node) ? scalarText(node) : undefined;
}

/** A scalar as a string: strings as they are, numbers and booleans through String(). */
export function scalarText(node: Scalar): string | undefined {
  const value = node.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  // YAML 1.1 timestamps become Dates; go-yaml keeps them as the written text.
  if (value instanceof Date) return typeof node.source === 'string' ? node.source : value.toISOString();
  return undefined;
}

export function entry(reader: Reader, map: YAMLMap | undefined, key: string): Entry | undefined {
  return map ? entries(reader, map).get(key) : undefined;
}

/** The value node at `key`, aliases resolved. */
export function get(reader: Reader, map: YAMLMap | undefined, key: string): Node | undefined {
  const found = entry(reader, map, key);
  return found ? deref(reader, found.raw) : undefined;
}

/** Follows a path of keys through nested mappings. */
export function getPath(reader: Reader, map: YAMLMap | undefined, path: readonly string[]): Node | undefined {
  let node: Node | undefined = map;
  for (const key of path) node = get(reader, isMap(node) ? node : undefined, key);
  return node;
}

export function getMap(reader: Reader, map: YAMLMap | undefined, key: string): YAMLMap | undefined {
  const node = get(reader, map, key);
  return isMap(node) ? node : undefined;
}

export function getSeq(reader: Reader, map: YAMLMap | undefined, key: string): YAMLSeq | undefined {
  const node = get(reader, map, key);
  return isSeq(node) ? node : undefined;
}

/** A file-offset span of a node: its start to the end of its value (no trailing comment). */
export function span(reader: Reader, node: Node): Span {
  const start = node.range ? node.range[0] : 0;
  return { start: start + reader.offset, end: trimEnd(reader.text, start, valueEnd(node)) + reader.offset };
}

/**
 * Where a node's value ends in the chunk. yaml's `range[1]` does that for scalars and flow
 * collections, but a block collection's range runs on over the comments and line breaks after its
 * last item, so that one ends where its last item's value ends.
 */
function valueEnd(node: Node): number {
  let current: unknown = node;
  for (;;) {
    if ((isMap(current) || isSeq(current)) && !current.flow && current.items.length > 0) {
      const last: unknown = current.items[current.items.length - 1];
      current = isPair(last) ? (last.value ?? last.key) : last;
      continue;
    }
    const range = (current as Node | null)?.range;
    return range ? range[1] : 0;
  }
}

/** Moves `end` back over blanks and line breaks (block scalars end with one), not before `start`. */
function trimEnd(text: string, start: number, end: number): number {
  let result = end;
  while (result > start && /\s/.test(text[result - 1] ?? '')) result--;
  return result;
}

/** From the key's start to the end of the value as written in place (an alias, not its target). */
export function pairSpan(reader: Reader, found: Entry): Span {
  const key = span(reader, found.keyNode);
  const raw = found.raw;
  const value = isScalar(raw) || isMap(raw) || isSeq(raw) || isAlias(raw) ? span(reader, raw as Node) : key;
  return { start: key.start, end: Math.max(key.end, value.end) };
}

/** Reads the value at `key` with `read` and wraps it with its spans; undefined when unreadable. */
export function located<T>(
  reader: Reader,
  map: YAMLMap | undefined,
  key: string,
  read: (node: Node) => T | undefined,
): Located<T> | undefined {
  const found = entry(reader, map, key);
  const node = found ? deref(reader, found.raw) : undefined;
  if (!found || !node) return undefined;
  const value = read(node);
  return value === undefined ? undefined : { value, span: span(reader, node), pairSpan: pairSpan(reader, found) };
}

export function readString(node: Node): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

export function readNumber(node: Node): number | undefined {
  return isScalar(node) && typeof node.value === 'number' ? node.value : undefined;
}

export function readBoolean(node: Node): boolean | undefined {
  return isScalar(node) && typeof node.value === 'boolean' ? node.value : undefined;
}

/** A number as written, or a string when a string is written (int-or-string fields). */
export function readNumberOrString(node: Node): number | string | undefined {
  return readNumber(node) ?? readString(node);
}

export function getString(reader: Reader, map: YAMLMap | undefined, key: string): string | undefined {
  const node = get(reader, map, key);
  return node ? readString(node) : undefined;
}

export function getNumber(reader: Reader, map: YAMLMap | undefined, key: string): number | undefined {
  const node = get(reader, map, key);
  return node ? readNumber(node) : undefined;
}

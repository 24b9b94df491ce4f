/**
 * Where a span stands in a rendered object, as a path of keys and list items, and the reverse:
 * the node of a source file at such a path. List items are named by their `name` key when they
 * have one (containers, ports, env), so a container is found by name in a template, a base or a
 * strategic-merge patch, whatever its position.
 */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import type { Span } from '../../shared/model/facts';

export type Segment = { key: string } | { index: number; name?: string };

/** Which part of the node at the path the span covers: its key, its value, or the whole `key: value`. */
export type Part = 'key' | 'value' | 'pair';

export interface NodePath {
  segments: Segment[];
  part: Part;
}

export function keyOf(pair: Pair): string | undefined {
  const key = pair.key as Node | null;
  return isScalar(key) && (typeof key.value === 'string' || typeof key.value === 'number') ? String(key.value) : undefined;
}

/** The `name` of a list item that is a mapping with a literal name. */
export function itemName(item: unknown): string | undefined {
  if (!isMap(item)) return undefined;
  const pair = item.items.find((p) => keyOf(p) === 'name');
  const value = pair?.value as Node | null | undefined;
  return isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
}

function range(node: unknown): [number, number] | undefined {
  const r = (node as Node | null)?.range;
  return r ? [r[0], r[1]] : undefined;
}

function contains(node: unknown, offset: number): boolean {
  const r = range(node);
  return r !== undefined && offset >= r[0] && offset < Math.max(r[1], r[0] + 1);
}

/** True when `end` lies past a collection's first entry: the span covers the collection, not its first key. */
function beyondFirstChild(node: unknown, end: number): boolean {
  if (isMap(node) && node.items.length > 1) return end > (range(node.items[0].value)?.[1] ?? range(node.items[0].key)?.[1] ?? Infinity);
  if (isSeq(node) && node.items.length > 1) return end > (range(node.items[0])?.[1] ?? Infinity);
  return false;
}

/** The path of `span` below `root` (a rendered object), or undefined when it is outside. */
export function pathAt(root: unknown, span: Span): NodePath | undefined {
  const segments: Segment[] = [];
  let node: unknown = root;
  for (;;) {
    const r = range(node);
    if (r && span.start === r[0] && segments.length > 0 && (span.end >= r[1] || beyondFirstChild(node, span.end))) return { segments, part: 'value' };
    if (isMap(node)) {
      const pair = node.items.find((p) => contains(p.key, span.start) || contains(p.value, span.start));
      const key = pair && keyOf(pair);
      if (!pair || key === undefined) return segments.length > 0 ? { segments, part: 'value' } : undefined;
      segments.push({ key });
      if (contains(pair.key, span.start)) {
        const valueEnd = range(pair.value)?.[1] ?? range(pair.key)![1];
        return { segments, part: span.end > range(pair.key)![1] && span.end >= valueEnd ? 'pair' : 'key' };
      }
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => contains(item, span.start));
      if (index < 0) return { segments, part: 'value' };
      segments.push({ index, name: itemName(node.items[index]) });
      node = node.items[index];
    } else {
      return segments.length > 0 ? { segments, part: 'value' } : undefined;
    }
  }
}

export function sameSegment(a: Segment, b: Segment): boolean {
  if ('key' in a) return 'key' in b && a.key === b.key;
  return !('key' in b) && a.index === b.index;
}

export function describePath(segments: Segment[]): string {
  return segments.map((s) => ('key' in s ? s.key : s.name !== undefined ? `[${s.name}]` : `[${s.index}]`)).join('.').replace(/\.\[/g, '[');
}

/** The pairs of a mapping with a literal key. */
export function pairsWithKey(map: YAMLMap, key: string): Pair[] {
  return map.items.filter((p) => keyOf(p) === key);
}

export function isPairNode(value: unknown): value is Pair {
  return isPair(value);
}

/** The span a path's part covers in a source file: the key, the value, or both. */
export function partSpan(pair: Pair | undefined, value: unknown, part: Part): Span | undefined {
  const k = pair ? range(pair.key) : undefined;
  const v = range(value);
  if (part === 'key' && k) return { start: k[0], end: k[1] };
  if (part === 'pair' && k) return { start: k[0], end: v ? v[1] : k[1] };
  if (v) return { start: v[0], end: v[1] };
  return k ? { start: k[0], end: k[1] } : undefined;
}

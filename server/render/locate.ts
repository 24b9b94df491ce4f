/**
 * Finding a rendered path in a plain YAML source (values files, Kustomize bases and patches), and
 * comparing a rendered subtree with a candidate source subtree (to choose between `if`/`else`
 * branches or documents that differ only in their values).
 */
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import { itemName, keyOf, pairsWithKey, type Segment } from './nodepath';

export interface Found {
  /** The node at the path (undefined for a key whose value is empty). */
  node: unknown;
  /** The pair whose value it is, when the last segment is a key. */
  pair?: Pair;
}

const PARSE = { uniqueKeys: false, merge: true, version: '1.1', keepSourceTokens: true, prettyErrors: false } as const;
/**
 * Parses by text, least recently used first out. Bounded by the texts' total size rather than their
 * number: a chart of 2,000 templates keeps them all (emptying the cache at a count made every
 * request past it parse every template again), a few huge texts do not hold memory (a parse takes about ten times its text).
 */
const parses = new Map<string, Document.Parsed[]>();
const MAX_CHARS = 16 * 1024 * 1024;
let chars = 0;

/** Every document of a YAML text, parsed once per distinct text. */
export function documents(text: string): Document.Parsed[] {
  let docs = parses.get(text);
  if (docs) {
    parses.delete(text);
    parses.set(text, docs);
    return docs;
  }
  docs = parseAllDocuments(text, PARSE) as Document.Parsed[];
  if (!Array.isArray(docs)) docs = [];
  parses.set(text, docs);
  chars += text.length;
  for (const oldest of parses.keys()) {
    if (chars <= MAX_CHARS || oldest === text) break;
    parses.delete(oldest);
    chars -= oldest.length;
  }
  return docs;
}

/**
 * The item of a source list that stands for a rendered item: the one with the same `name`, else
 * the one at the same index when `byIndex` says positions agree.
 */
export function matchItem(items: unknown[], seg: Extract<Segment, { index: number }>, byIndex: boolean): unknown {
  if (seg.name !== undefined) {
    const named = items.filter((i) => itemName(i) === seg.name);
    if (named.length === 1) return named[0];
    if (named.length > 1) return undefined;
  }
  return byIndex ? items[seg.index] : undefined;
}

/**
 * The node at `segments` below `root`, or undefined when some step is missing. `byIndex(depth)`
 * says whether list positions in this source agree with the rendered ones at that step.
 */
export function findIn(root: unknown, segments: Segment[], byIndex: (depth: number) => boolean = () => false): Found | undefined {
  let node: unknown = root;
  let pair: Pair | undefined;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if ('key' in seg) {
      if (!isMap(node)) return undefined;
      const pairs = pairsWithKey(node, seg.key);
      // Duplicate keys: the last one wins (go-yaml v2, as Kubernetes decodes).
      pair = pairs[pairs.length - 1];
      if (!pair) return undefined;
      node = pair.value;
    } else {
      if (!isSeq(node)) return undefined;
      pair = undefined;
      node = matchItem(node.items, seg, byIndex(i));
      if (node === undefined) return undefined;
    }
  }
  return { node, pair };
}

/** A scalar's value as JSON would have it, for comparing rendered and source values. */
export function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/**
 * How well a source subtree agrees with a rendered one: + for shared keys and equal literal
 * values, − for keys only the source has and for different literals. Masked template text
 * (`xxx`) counts as neither.
 */
export function similarity(rendered: unknown, source: unknown, masked: (node: Node) => boolean): number {
  if (isScalar(source) && masked(source)) return 0;
  if (isMap(rendered) && isMap(source)) {
    let score = 0;
    for (const p of source.items) {
      const key = keyOf(p);
      if (key === undefined) continue;
      const match = rendered.items.find((r) => keyOf(r) === key);
      score += match ? 1 + similarity(match.value, p.value, masked) : -1;
    }
    return score;
  }
  if (isSeq(rendered) && isSeq(source)) {
    return source.items.reduce<number>((sum, item, i) => {
      const name = itemName(item);
      const other = name !== undefined ? rendered.items.find((r) => itemName(r) === name) : rendered.items[i];
      return sum + (other === undefined ? -1 : similarity(other, item, masked));
    }, 0);
  }
  if (isScalar(rendered) && isScalar(source)) return String(rendered.value) === String(source.value) ? 2 : -2;
  if (source === null || source === undefined) return 0;
  return -2;
}

/** The one best candidate by similarity, or undefined on a tie. */
export function best<T>(candidates: T[], score: (c: T) => number): T | undefined {
  if (candidates.length <= 1) return candidates[0];
  const scored = candidates.map((c) => ({ c, s: score(c) })).sort((a, b) => b.s - a.s);
  return scored[0].s > scored[1].s ? scored[0].c : undefined;
}

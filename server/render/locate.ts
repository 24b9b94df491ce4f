/**
 * Finding a rendered path in a plain YAML source (values files, Kustomize bases and patches), and
 * comparing a rendered subtree with a candidate source subtree (to choose between `if`/`else`
 * branches or documents that differ only in their values). Also the rendered output's documents
 * found by offset, and the mappings a render target keeps from one render to the next (issue 20:
 * cost follows the change).
 */
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import { splitChunks, type ChunkText } from '../yaml/parse/prescan';
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

/**
 * A rendered stream's documents, each parsed on its own and found by offset with a binary search.
 * Parsing the whole output to map one finding, and scanning every document per finding, made
 * mapping grow with the chart times its findings; a document's parse is cached by its text, so
 * the documents an edit did not change are not parsed again on the next render.
 */
export class RenderedDocuments {
  private readonly chunks: ChunkText[];

  constructor(readonly text: string) {
    this.chunks = splitChunks(text);
  }

  /** The document's text at `offset`, unparsed. */
  chunkAt(offset: number): ChunkText | undefined {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunks[mid].offset <= offset) lo = mid;
      else hi = mid - 1;
    }
    const chunk = this.chunks[lo];
    return chunk && offset >= chunk.offset && offset < chunk.offset + chunk.text.length ? chunk : undefined;
  }

  /** The document at `offset`: its chunk, and its root node, whose ranges count from the chunk's start. */
  at(offset: number): { chunk: ChunkText; root: unknown } | undefined {
    const chunk = this.chunkAt(offset);
    if (!chunk) return undefined;
    const at = offset - chunk.offset;
    const doc = documents(chunk.text).find((d) => d.contents && (d.contents as Node).range![0] <= at && at < (d.contents as Node).range![2]);
    return doc ? { chunk, root: doc.contents } : undefined;
  }
}

/**
 * The mappings of one render target, kept from one render to the next. A mapping is keyed by the
 * rendered document's text and the span within it, and depends on the source files it read
 * (`track`); it is reused while each of them has the stamp it had (a hash of its text), so an edit
 * of one template maps only the objects that template, or a file they read, wrote. Entries no
 * render used since the previous one are let go.
 */
export class MapMemo<T> {
  private kept = new Map<string, { value: T; deps: Map<string, string> }>();
  private used = new Map<string, { value: T; deps: Map<string, string> }>();
  /** The stamps taken in this batch; none outside a batch, where every look-up stamps afresh. */
  private stamps: Map<string, string> | undefined;
  private recording: Set<string> | undefined;
  /** Mappings computed and reused (for tests and the benchmark). */
  readonly counts = { mapped: 0, reused: 0 };

  constructor(private stampOf: (file: string) => string = () => '') {}

  /** Starts a render: what the mappings since the previous render did not use is let go. */
  round(stampOf: (file: string) => string): void {
    this.stampOf = stampOf;
    if (this.used.size > 0) this.kept = this.used;
    this.used = new Map();
  }

  /**
   * Runs `fn` (many look-ups at once) with each file stamped once. Outside a batch every look-up
   * stamps afresh: the files may change between requests, and an entry must carry the stamp of
   * the text it was computed from. A batch is synchronous, so its texts cannot change meanwhile.
   */
  batch<R>(fn: () => R): R {
    if (this.stamps) return fn();
    this.stamps = new Map();
    try {
      return fn();
    } finally {
      this.stamps = undefined;
    }
  }

  private stamp(file: string): string {
    if (!this.stamps) return this.stampOf(file);
    let s = this.stamps.get(file);
    if (s === undefined) {
      s = this.stampOf(file);
      this.stamps.set(file, s);
    }
    return s;
  }

  /** Records that the mapping being computed read `file`. */
  readonly track = (file: string): void => {
    this.recording?.add(file);
  };

  /** The mapping under `key`, reused while the files it read are unchanged, else computed. */
  get(key: string, compute: () => T): T {
    const entry = this.used.get(key) ?? this.kept.get(key);
    if (entry && [...entry.deps].every(([file, stamp]) => this.stamp(file) === stamp)) {
      this.used.set(key, entry);
      this.counts.reused++;
      return entry.value;
    }
    const outer = this.recording;
    const deps = new Set<string>();
    this.recording = deps;
    try {
      const value = compute();
      this.used.set(key, { value, deps: new Map([...deps].map((f) => [f, this.stamp(f)])) });
      this.counts.mapped++;
      return value;
    } finally {
      this.recording = outer;
      for (const f of deps) outer?.add(f);
    }
  }
}

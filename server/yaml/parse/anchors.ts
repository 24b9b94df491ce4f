/**
 * The anchors of one parsed YAML document, indexed once so that aliases resolve without walking the
 * document again (yaml's own `Alias.resolve` walks the whole document on every call).
 */
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node } from 'yaml';

/** Anchor name → every node carrying it, in document order (an anchor may be redefined). */
export type AnchorIndex = Map<string, Array<{ at: number; node: Node }>>;

/** An alias that names no anchor defined before it (go-yaml refuses such a document). */
export interface UnknownAlias {
  name: string;
  start: number;
  end: number;
}

/**
 * Walks the document once, iteratively so that deep nesting cannot overflow the stack, and records
 * anchors and aliases that point nowhere. Keys are visited before their values, as in the text.
 */
export function indexAnchors(doc: Document.Parsed): { anchors: AnchorIndex; unknown: UnknownAlias[] } {
  const anchors: AnchorIndex = new Map();
  const unknown: UnknownAlias[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const item = stack.pop();
    if (isPair(item)) {
      stack.push(item.value, item.key);
      continue;
    }
    if (isAlias(item)) {
      if (!anchors.has(item.source)) unknown.push(aliasProblem(item.source, item.range));
      continue;
    }
    if (!isScalar(item) && !isMap(item) && !isSeq(item)) continue;
    const node = item as Node;
    if (node.anchor) addAnchor(anchors, node.anchor, node);
    if (isMap(item) || isSeq(item)) {
      for (let i = item.items.length - 1; i >= 0; i--) stack.push(item.items[i]);
    }
  }
  return { anchors, unknown };
}

function addAnchor(anchors: AnchorIndex, name: string, node: Node): void {
  const at = node.range ? node.range[0] : 0;
  const list = anchors.get(name);
  if (list) list.push({ at, node });
  else anchors.set(name, [{ at, node }]);
}

function aliasProblem(name: string, range: Node['range']): UnknownAlias {
  return { name, start: range ? range[0] : 0, end: range ? range[1] : 0 };
}

/**
 * The node an alias stands for: the last node anchored with that name before the alias, as YAML
 * (and go-yaml, which Kubernetes uses) defines it.
 */
export function resolveAnchor(anchors: AnchorIndex, name: string, aliasStart: number): Node | undefined {
  const list = anchors.get(name);
  if (!list) return undefined;
  let found: Node | undefined;
  for (const entry of list) {
    if (entry.at < aliasStart) found = entry.node;
  }
  return found;
}

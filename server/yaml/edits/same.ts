/**
 * A cheap, sufficient test that two parsed documents hold the same data: the same tree of
 * mappings, sequences and scalars, with the same tags, anchors, alias names and scalar values, in
 * the same order. Whatever yaml's `toJS()` makes of a document depends only on those (aliases and
 * merge keys resolve by name and order), so equal trees give equal data, without `toJS()`, whose
 * alias resolution scans the document's anchors once per alias (quadratic with thousands of them).
 * Styles, comments and positions are ignored. False means "not shown equal", not "different".
 */
import { isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document } from 'yaml';

export function sameTree(a: Document, b: Document): boolean {
  if (a.directives?.yaml.version !== b.directives?.yaml.version) return false;
  // Two stacks walked in step (no pair arrays: a large document has millions of nodes).
  const left: unknown[] = [a.contents];
  const right: unknown[] = [b.contents];
  while (left.length > 0) {
    const x = left.pop();
    const y = right.pop();
    if (isPair(x) || isPair(y)) {
      if (!isPair(x) || !isPair(y)) return false;
      left.push(x.key, x.value);
      right.push(y.key, y.value);
      continue;
    }
    if (x === null || x === undefined || y === null || y === undefined) {
      if (!(x === null || x === undefined) || !(y === null || y === undefined)) return false;
      continue;
    }
    if (isAlias(x) || isAlias(y)) {
      if (!isAlias(x) || !isAlias(y) || x.source !== y.source) return false;
      continue;
    }
    if (isScalar(x) && isScalar(y)) {
      if (x.tag !== y.tag || x.anchor !== y.anchor || !sameValue(x.value, y.value)) return false;
      continue;
    }
    if ((isMap(x) && isMap(y)) || (isSeq(x) && isSeq(y))) {
      if (x.tag !== y.tag || x.anchor !== y.anchor || x.items.length !== y.items.length) return false;
      for (let i = 0; i < x.items.length; i++) {
        left.push(x.items[i]);
        right.push(y.items[i]);
      }
      continue;
    }
    return false;
  }
  return true;
}

/** Scalar values: NaN equals NaN, and merge keys (`<<`, a new Symbol per parse) equal by name. */
function sameValue(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x === 'number' && typeof y === 'number') return Number.isNaN(x) && Number.isNaN(y);
  if (typeof x === 'symbol' && typeof y === 'symbol') return x.description === y.description;
  return false;
}

/**
 * The check every fix goes through before it is offered: the same changes are made through yaml's
 * document API on a copy of the document's parse, and the edited text must parse to the same data
 * (aliases and merge keys resolved) with no new errors. Text edits that would change anything else,
 * or not what the fix meant, are dropped rather than applied.
 */
import { isScalar, isSeq } from 'yaml';
import type { Document, Node, YAMLSeq } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import type { FixChange } from '../../../shared/model/output';
import { indexAnchors } from '../parse/anchors';
import { asSeq, entries } from '../parse/nodes';
import type { ChunkParse } from '../parse/parse';
import { createContext, findParent } from './context';
import type { EditContext, LocalEdit } from './context';
import { isCollection } from './render';
import { resolve } from './resolve';
import type { Resolved } from './resolve';
import { sameTree } from './same';
import { parseEdited } from './window';
import type { Window } from './window';

/**
 * True when `edits` (chunk offsets) do to `text` what `changes` (chunk spans) mean. `parse` is the
 * parse of `text`; a deep copy of it is changed (about half the cost of parsing again), or, when
 * the caller `owns` the parse and discards it afterwards, the parse itself.
 */
export function verifyChunk(parse: ChunkParse, text: string, changes: readonly FixChange[], edits: readonly LocalEdit[], owns = false, window?: Window): boolean {
  const errors = parse.doc.errors.length;
  // A parsed document always has directives, and so has its copy.
  const doc = owns ? parse.doc : (parse.doc.clone() as Document.Parsed);
  const copy: ChunkParse = owns ? parse : { doc, anchors: indexAnchors(doc).anchors, errors: parse.errors };
  // The changes go through yaml's document API here, so no text is rendered and any style will do.
  const ctx = createContext(copy, text, '\n', { step: 2, seqOffset: 2 }, window);
  // Resolve everything before changing anything: spans are only meaningful on the parsed tree.
  const resolved = changes.map((change) => resolve(ctx, change));
  for (const change of resolved) if (!change || !mutate(ctx, change)) return false;
  // With a window (window.ts), `parse` is of the window, and so is the parse of the edited text.
  const after = parseEdited(text, edits, window);
  if (!after || after.errors.length > errors) return false;
  // An alias the edit left before its anchor (or without one) reads differently in go-yaml.
  if (indexAnchors(after).unknown.length > indexAnchors(doc).unknown.length) return false;
  // The same tree is the same data; only a different tree needs yaml's (slower) full comparison.
  return sameTree(after, doc) || isDeepStrictEqual(after.toJS(), doc.toJS());
}

function mutate(ctx: EditContext, change: Resolved): boolean {
  const doc = ctx.doc;
  switch (change.op) {
    case 'insert':
      change.map.items.push(doc.createPair(change.key, change.value));
      return true;
    case 'replace':
      return replaceNode(doc, change.node, change.value);
    case 'move': {
      const { item, seq, pod, set } = change;
      seq.items.splice(seq.items.indexOf(item), 1);
      for (const [key, value] of Object.entries(set)) item.set(doc.createNode(key), doc.createNode(value));
      const target = asSeq(ctx.reader, entries(ctx.reader, pod).get('initContainers')?.raw);
      if (target) target.items.push(item);
      else {
        const list = doc.createNode([]) as YAMLSeq;
        list.items.push(item);
        pod.items.push(doc.createPair('initContainers', list));
      }
      return true;
    }
  }
}

/** Puts `value` where `node` stands, keeping its anchor so that aliases still resolve to it. */
function replaceNode(doc: Document.Parsed, node: Node, value: unknown): boolean {
  if (isScalar(node) && !isCollection(value)) {
    node.value = value;
    return true;
  }
  const parent = findParent(doc, node);
  const created = doc.createNode(value);
  if (node.anchor) created.anchor = node.anchor;
  if (!parent) return false;
  if (parent.pair) parent.pair.value = created;
  else if (isSeq(parent.collection)) parent.collection.items[parent.collection.items.indexOf(node)] = created;
  else if (!parent.collection) doc.contents = created as typeof doc.contents;
  else return false;
  return true;
}

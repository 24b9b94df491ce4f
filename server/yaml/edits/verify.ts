/**
 * The check every fix goes through before it is offered: the same changes are made on a fresh parse
 * through yaml's document API, and the edited text must parse to the same data (aliases and merge
 * keys resolved) with no new errors. Text edits that would change anything else, or not what the
 * fix meant, are dropped rather than applied.
 */
import { isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, YAMLSeq } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import type { FixChange } from '../../../shared/model/output';
import { asSeq, entries } from '../nodes';
import { ChunkContent, PARSE_OPTIONS } from '../parse';
import { applyEdits } from './apply';
import { createContext, findParent } from './context';
import type { EditContext, LocalEdit } from './context';
import { isCollection } from './render';
import { resolve } from './resolve';
import type { Resolved } from './resolve';

/** True when `edits` (chunk offsets) do to `text` what `changes` (chunk spans) mean. */
export function verifyChunk(text: string, changes: readonly FixChange[], edits: readonly LocalEdit[]): boolean {
  const parse = new ChunkContent(text).parse();
  if (!parse) return false;
  const ctx = createContext(parse, text, '\n');
  // Resolve everything before changing anything: spans are only meaningful on the parsed tree.
  const resolved = changes.map((change) => resolve(ctx, change));
  for (const change of resolved) if (!change || !mutate(ctx, change)) return false;
  const after = parseDocument(applyEdits(text, edits), PARSE_OPTIONS);
  if (after.errors.length > parse.doc.errors.length) return false;
  return isDeepStrictEqual(after.toJS(), parse.doc.toJS());
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

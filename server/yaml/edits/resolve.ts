/**
 * A fix change (spans) → the nodes it acts on. The text side (edits) and the check (verify) resolve
 * the same change on two parses of the same text, so they act on corresponding nodes.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Node, YAMLMap, YAMLSeq } from 'yaml';
import type { FixChange } from '../../../shared/model/output';
import { asSeq, entries } from '../parse/nodes';
import { locate, navigate, nest } from './context';
import type { EditContext } from './context';

export type Resolved =
  /** A key missing from `map`. */
  | { op: 'insert'; map: YAMLMap; key: string; value: unknown }
  /** A value written at `node` (an alias is replaced itself, not its anchor). */
  | { op: 'replace'; node: Node; value: unknown }
  | { op: 'move'; item: YAMLMap; seq: YAMLSeq; pod: YAMLMap; set: Record<string, unknown> };

/** `set` of `path` below `map`: the first missing key is inserted, an existing value replaced. */
export function resolveSet(ctx: EditContext, map: YAMLMap, path: readonly string[], value: unknown): Resolved | undefined {
  if (path.length === 0) return { op: 'replace', node: map, value };
  const { map: at, rest, existing } = navigate(ctx.reader, map, path);
  const nested = nest(rest.slice(1), value);
  if (!existing) return { op: 'insert', map: at, key: rest[0]!, value: nested };
  const raw = existing.raw;
  return isScalar(raw) || isMap(raw) || isSeq(raw) || isAlias(raw) ? { op: 'replace', node: raw as Node, value: nested } : undefined;
}

/** Resolves a change whose spans are chunk offsets. */
export function resolve(ctx: EditContext, change: FixChange): Resolved | undefined {
  switch (change.op) {
    case 'set': {
      const map = locate(ctx, change.at, 'map');
      return isMap(map) ? resolveSet(ctx, map, change.path, change.value) : undefined;
    }
    case 'replace': {
      const node = locate(ctx, change.at, 'any');
      return node ? { op: 'replace', node, value: change.value } : undefined;
    }
    case 'move-to-init-containers': {
      const item = locate(ctx, change.item, 'map');
      const pod = locate(ctx, change.podSpec, 'map');
      if (!isMap(item) || !isMap(pod)) return undefined;
      const seq = asSeq(ctx.reader, entries(ctx.reader, pod).get('containers')?.raw);
      // The item must be written in the list itself (not an alias), and a container must remain.
      if (!seq?.items.includes(item) || seq.items.length < 2) return undefined;
      return { op: 'move', item, seq, pod, set: change.set };
    }
  }
}

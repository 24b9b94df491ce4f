/**
 * Kustomize: from a path in a built object back to the base or patch line that wrote it.
 *
 * `config.kubernetes.io/origin` names the resource file; `alpha.config.kubernetes.io/transformations`
 * lists, in order, the kustomizations whose patch transformers changed the object. Their patches
 * are read (patches.ts) and searched from the last applied to the first: a strategic-merge patch
 * writes the nodes it contains (containers matched by name; the merge keys themselves are only
 * selectors), a JSON 6902 `add`/`replace` writes its `value` at its `path`. When no patch wrote the
 * node, the base file did. A kustomization whose patch count does not agree with the annotation is
 * not trusted for the nodes its patches touch: no location rather than a wrong one.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { ReadFile } from '../source';
import type { SourceSpot } from '../source';
import { documents, findIn, scalarValue } from '../locate';
import { keyOf, partSpan, type Part, type Segment } from '../nodepath';
import { applies, PATCH_TRANSFORMERS, patchesOf, smpDocument, type Patch } from './patches';

export interface Origin {
  /** The resource file the object came from (absolute), or the generator's kustomization. */
  file?: string;
  generatedBy?: string;
  /** Kustomizations that patched the object, once per patch transformer, in order. */
  patchedIn: string[];
}

function field(map: unknown, key: string): unknown {
  return isMap(map) ? map.items.find((p) => keyOf(p) === key)?.value : undefined;
}

/** An entry of the `alpha.config.kubernetes.io/transformations` annotation (as parsed; fields may be missing). */
interface Transformation {
  configuredIn?: unknown;
  configuredBy?: { kind?: string };
}

/** The origin annotations of a built object, with paths made absolute by `abs`. */
export function originOf(root: unknown, abs: (path: string) => string): Origin {
  const annotations = field(field(root, 'metadata'), 'annotations');
  const origin = scalarValue(field(annotations, 'config.kubernetes.io/origin'));
  const transformations = scalarValue(field(annotations, 'alpha.config.kubernetes.io/transformations'));
  const o = typeof origin === 'string' ? (documents(origin)[0]?.toJS() as Record<string, unknown> | null) : null;
  const t = typeof transformations === 'string' ? (documents(transformations)[0]?.toJS() as Array<Transformation | null> | null) : null;
  return {
    file: typeof o?.path === 'string' ? abs(o.path) : undefined,
    generatedBy: typeof o?.configuredIn === 'string' ? abs(o.configuredIn) : undefined,
    patchedIn: (Array.isArray(t) ? t : []).filter((x): x is Transformation => PATCH_TRANSFORMERS.has(x?.configuredBy?.kind ?? '')).map((x) => abs(String(x.configuredIn))),
  };
}

export interface KustomizeTarget {
  origin: Origin;
  kind: string;
  name: string;
  rendered: unknown;
}

/** The object's document in its base file and its name there (before prefixes and suffixes). */
export function baseDocument(target: KustomizeTarget, read: ReadFile): { root: Node; name: string; text: string } | undefined {
  if (!target.origin.file) return undefined;
  const text = read(target.origin.file);
  if (text === undefined) return undefined;
  const candidates = documents(text)
    .map((d) => ({ root: d.contents as Node, name: String(scalarValue(field(field(d.contents, 'metadata'), 'name')) ?? '') }))
    .filter((c) => isMap(c.root) && String(scalarValue(field(c.root, 'kind'))) === target.kind && c.name !== '' && target.name.includes(c.name))
    .sort((a, b) => b.name.length - a.name.length);
  return candidates[0] && { ...candidates[0], text };
}

function pointer(segments: Segment[]): string[] {
  return segments.map((s) => ('key' in s ? s.key : String(s.index)));
}

function unescapePointer(p: string): string {
  return p.replace(/~1/g, '/').replace(/~0/g, '~');
}

type Written = SourceSpot | 'uncertain' | undefined;

function inJsonPatch(patch: Patch, segments: Segment[], part: Part): Written {
  const ops = documents(patch.text)[0]?.contents;
  if (!isSeq(ops)) return undefined;
  const ptr = pointer(segments);
  for (const op of [...ops.items].reverse()) {
    const kind = scalarValue(field(op, 'op'));
    const pathNode = field(op, 'path');
    const path = String(scalarValue(pathNode) ?? '').split('/').slice(1).map(unescapePointer);
    const prefix = path.length <= ptr.length && path.every((p, i) => p === ptr[i] || (p === '-' && i === path.length - 1));
    if (!prefix) continue;
    if (kind === 'copy' || kind === 'move') return 'uncertain';
    if (kind !== 'add' && kind !== 'replace') continue;
    const rest = segments.slice(path.length);
    const value = field(op, 'value');
    if (rest.length === 0) {
      const span = part === 'key' ? partSpan(undefined, pathNode, 'value') : part === 'pair' ? partSpan(undefined, op, 'value') : partSpan(undefined, value, 'value');
      return span && { file: patch.file, span, origin: 'patch', literal: true, node: value, parsedText: patch.text };
    }
    const found = findIn(value, rest, () => true);
    if (found) return spotOf(patch.file, patch.text, found, part, 'patch');
  }
  return undefined;
}

/** Keys a strategic-merge patch writes only to say which object or list item it is about. */
function isSelector(segments: Segment[]): boolean {
  const last = segments[segments.length - 1];
  if (!last || !('key' in last)) return false;
  if (segments.length === 1) return last.key === 'kind' || last.key === 'apiVersion';
  if (segments.length === 2 && 'key' in segments[0] && segments[0].key === 'metadata') return last.key === 'name' || last.key === 'namespace';
  return last.key === 'name' && !('key' in segments[segments.length - 2]);
}

function spotOf(file: string, text: string, found: { node: unknown; pair?: import('yaml').Pair }, part: Part, origin: 'base' | 'patch'): SourceSpot | undefined {
  const span = partSpan(found.pair, found.node, part);
  return span && { file, span, origin, literal: true, node: found.node, pair: found.pair, parsedText: text };
}

/** Patches that apply to the object, per kustomization, or 'uncertain' where counts disagree. */
function appliedPatches(target: KustomizeTarget, names: string[], read: ReadFile): Array<{ patch: Patch; trusted: boolean }> {
  const out: Array<{ patch: Patch; trusted: boolean }> = [];
  for (const kustomization of [...new Set(target.origin.patchedIn)]) {
    const expected = target.origin.patchedIn.filter((k) => k === kustomization).length;
    const all = patchesOf(kustomization, read);
    const verdicts = all.map((p) => ({ p, a: applies(p, target.kind, names) }));
    const sure = verdicts.filter((v) => v.a === true);
    const trusted = sure.length === expected && verdicts.every((v) => v.a !== undefined);
    for (const v of verdicts) if (v.a !== false) out.push({ patch: v.p, trusted });
  }
  return out;
}

/** The base or patch spot that wrote the built node at `segments`, or undefined. */
export function locateInOverlay(target: KustomizeTarget, segments: Segment[], part: Part, read: ReadFile): SourceSpot | undefined {
  const base = baseDocument(target, read);
  const names = [target.name, ...(base ? [base.name] : [])];
  for (const { patch, trusted } of appliedPatches(target, names, read).reverse()) {
    let written: Written;
    if (patch.type === 'json6902') written = inJsonPatch(patch, segments, part);
    else if (!isSelector(segments)) {
      const root = smpDocument(patch, target.kind, names);
      const found = root && findIn(root, segments, (d) => !('key' in segments[d]) && segments[d].name === undefined);
      written = found ? spotOf(patch.file, patch.text, found, part, 'patch') : undefined;
    }
    if (written === 'uncertain' || (written && !trusted)) return undefined;
    if (written) return written;
  }
  if (!base) return undefined;
  const found = findIn(base.root, segments, (d) => {
    const list = findIn(base.root, segments.slice(0, d));
    const rendered = findIn(target.rendered, segments.slice(0, d));
    return isSeq(list?.node) && isSeq(rendered?.node) && list.node.items.length === rendered.node.items.length;
  });
  if (!found) return undefined;
  // A base value that differs from the built one was changed by something not found above.
  const built = findIn(target.rendered, segments, () => true);
  if (isScalar(built?.node) && (!isScalar(found.node) || String(scalarValue(found.node)) !== String(scalarValue(built.node)))) return undefined;
  return spotOf(target.origin.file!, base.text, found, part, 'base');
}


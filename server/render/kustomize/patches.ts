/**
 * The patches a kustomization lists (`patches`, and the older `patchesStrategicMerge` and
 * `patchesJson6902`), read as YAML with offsets in the file that holds them: the patch file, or the
 * kustomization itself for an inline `patch: |` (its block scalar's lines mapped back).
 */
import { dirname, resolve } from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Scalar } from 'yaml';
import type { ReadFile } from '../source';
import { documents } from '../locate';
import { keyOf } from '../nodepath';

export interface Target {
  kind?: string;
  name?: string;
  namespace?: string;
  /** A label or annotation selector: KubeGrace does not evaluate it, so matches are uncertain. */
  selector?: boolean;
}

export interface Patch {
  /** The file holding the patch text (the kustomization for inline patches). */
  file: string;
  /** The patch as a YAML text whose offsets are those of `file` (other text blanked). */
  text: string;
  type: 'smp' | 'json6902';
  target?: Target;
}

function str(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function field(map: unknown, key: string): unknown {
  return isMap(map) ? map.items.find((p) => keyOf(p) === key)?.value : undefined;
}

function target(node: unknown): Target | undefined {
  if (!isMap(node)) return undefined;
  return {
    kind: str(field(node, 'kind')),
    name: str(field(node, 'name')),
    namespace: str(field(node, 'namespace')),
    selector: field(node, 'labelSelector') !== undefined || field(node, 'annotationSelector') !== undefined,
  };
}

/**
 * An inline block scalar's content as text with the kustomization's offsets: every character
 * outside the content is blanked (line breaks kept) and each line's indentation removed by blanking.
 */
function inlineText(file: string, node: Scalar): string {
  const [start, , end] = node.range!;
  const units = file.split('');
  const headerEnd = file.indexOf('\n', start);
  for (let i = 0; i < units.length; i++) if ((i <= headerEnd || i >= end) && units[i] !== '\n') units[i] = ' ';
  return units.join('');
}

function patchType(text: string): 'smp' | 'json6902' {
  const root = documents(text)[0]?.contents;
  return isSeq(root) && root.items.every((i) => isMap(i) && field(i, 'op') !== undefined) ? 'json6902' : 'smp';
}

/** The patches of one kustomization file, in the order Kustomize applies them. */
export function patchesOf(kustomization: string, read: ReadFile): Patch[] {
  const text = read(kustomization);
  if (text === undefined) return [];
  const root = documents(text)[0]?.contents;
  const dir = dirname(kustomization);
  const out: Patch[] = [];
  const fromEntry = (entry: unknown, forced?: 'smp' | 'json6902') => {
    const path = isScalar(entry) ? str(entry) : str(field(entry, 'path'));
    const inline = isMap(entry) ? field(entry, 'patch') : undefined;
    let file: string;
    let patchText: string | undefined;
    if (isScalar(inline) && typeof inline.value === 'string') {
      file = kustomization;
      patchText = inlineText(text, inline as Scalar);
    } else if (path !== undefined && !path.includes('\n')) {
      file = resolve(dir, path);
      patchText = read(file);
    } else if (path !== undefined) {
      // patchesStrategicMerge may hold an inline patch as a string.
      file = kustomization;
      patchText = inlineText(text, entry as Scalar);
    } else return;
    if (patchText === undefined) return;
    out.push({ file, text: patchText, type: forced ?? patchType(patchText), target: target(field(entry, 'target')) });
  };
  for (const key of ['patchesStrategicMerge', 'patchesJson6902', 'patches']) {
    const list = field(root, key);
    if (!isSeq(list)) continue;
    for (const entry of list.items) fromEntry(entry, key === 'patchesStrategicMerge' ? 'smp' : key === 'patchesJson6902' ? 'json6902' : undefined);
  }
  return out;
}

/** Kustomize matches target names as anchored regular expressions; a broken one matches literally. */
function nameMatches(pattern: string, name: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(name);
  } catch {
    return pattern === name;
  }
}

/** The Kustomize transformer kinds that apply patches. */
export const PATCH_TRANSFORMERS = new Set(['PatchTransformer', 'PatchStrategicMergeTransformer', 'PatchJson6902Transformer']);

/**
 * Whether a patch applies to an object. `names` are the object's names before and after this
 * overlay's prefixes and suffixes. Undefined when it cannot be told (label selectors).
 */
export function applies(patch: Patch, kind: string, names: string[]): boolean | undefined {
  if (patch.target) {
    if (patch.target.kind && patch.target.kind !== kind) return false;
    if (patch.target.name && !names.some((n) => nameMatches(patch.target!.name!, n))) return false;
    return patch.target.selector ? undefined : true;
  }
  if (patch.type === 'json6902') return undefined;
  // A strategic-merge patch names its object itself.
  return documents(patch.text).some((d) => str(field(d.contents, 'kind')) === kind && names.includes(str(field(field(d.contents, 'metadata'), 'name')) ?? ''));
}

/** The strategic-merge patch document for the object. */
export function smpDocument(patch: Patch, kind: string, names: string[]): Node | undefined {
  const docs = documents(patch.text).filter((d) => isMap(d.contents) && (str(field(d.contents, 'kind')) ?? kind) === kind);
  const named = docs.filter((d) => names.includes(str(field(field(d.contents, 'metadata'), 'name')) ?? ''));
  return ((named[0] ?? (docs.length === 1 ? docs[0] : undefined))?.contents ?? undefined) as Node | undefined;
}

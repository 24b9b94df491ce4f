/**
 * Which charts and overlays a file of the workspace belongs to, without running anything.
 *
 * A chart: the nearest folder upwards with a Chart.yaml; its Chart.yaml, values*.yaml and
 * templates/** belong to it. An overlay: a kustomization no other kustomization of the workspace
 * uses (a root); the files it reaches through resources, components, patches, generators and
 * transformers belong to it, so a base used by three overlays belongs to all three.
 */
import { existsSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import type { ReadFile } from './source';
import { kustomizationFile, KUSTOMIZATION_FILES } from './kustomize/kustomize';
import { documents } from './locate';
import { keyOf } from './nodepath';

const SKIP = new Set(['node_modules', '.git']);

/** True for a folder (following links); false for anything else or a path that cannot be read. */
export function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The chart folder a file belongs to (up to `root`), or undefined. */
export function chartOf(file: string, root: string): string | undefined {
  for (let dir = dirname(file); dir.startsWith(root); dir = dirname(dir)) {
    if (existsSync(join(dir, 'Chart.yaml'))) {
      const rel = relative(dir, file).split(sep);
      const belongs = rel[0] === 'templates' || rel.length === 1;
      return belongs && (rel[0] === 'templates' || /^(Chart\.yaml|values.*\.ya?ml)$/.test(rel[0])) ? dir : undefined;
    }
    if (dirname(dir) === dir) break;
  }
  return undefined;
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function strings(node: unknown): string[] {
  if (isScalar(node) && typeof node.value === 'string') return [node.value];
  if (isSeq(node)) return node.items.flatMap(strings);
  return [];
}

function field(map: unknown, key: string): unknown {
  return isMap(map) ? map.items.find((p) => keyOf(p) === key)?.value : undefined;
}

/** The local paths a kustomization refers to (URLs left out). */
function references(kustomization: string, read: ReadFile): string[] {
  const text = read(kustomization);
  if (text === undefined) return [];
  const root = documents(text)[0]?.contents;
  const out: string[] = [];
  for (const key of ['resources', 'bases', 'components', 'patchesStrategicMerge', 'transformers', 'generators', 'crds', 'configurations']) out.push(...strings(field(root, key)));
  for (const key of ['patches', 'patchesJson6902', 'replacements']) {
    const list = field(root, key);
    if (isSeq(list)) for (const item of list.items) out.push(...strings(field(item, 'path')));
  }
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    const list = field(root, key);
    if (isSeq(list)) for (const item of list.items) out.push(...strings(field(item, 'files')).map((f) => f.split('=').pop()!), ...strings(field(item, 'envs')));
  }
  const dir = dirname(kustomization);
  return out.filter((p) => !p.includes('\n') && !/^[a-z]+:\/\/|^github\.com\/|^git@/.test(p)).map((p) => resolve(dir, p));
}

export interface OverlayTree {
  /** The kustomization folders reached, the overlay's own first. */
  dirs: string[];
  /** Every file reached, kustomization files included. */
  files: Set<string>;
}

/**
 * The kustomizations an overlay reaches. Each real folder is visited once: a kustomization listing
 * symbolic links to its own folder (or a cycle of bases) would otherwise be walked along every
 * path through the links, 2^20 of them for two links; kubectl itself stops with "cycle detected".
 */
export function overlayTree(dir: string, read: ReadFile): OverlayTree {
  const dirs: string[] = [];
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (d: string, depth: number) => {
    const real = realPath(d);
    if (seen.has(real) || depth > 20) return;
    seen.add(real);
    const k = kustomizationFile(d);
    if (!k) return;
    dirs.push(d);
    files.add(k);
    for (const ref of references(k, read)) {
      if (isDir(ref)) visit(ref, depth + 1);
      else files.add(ref);
    }
  };
  visit(resolve(dir), 0);
  return { dirs, files };
}

/**
 * Visits `root` and the folders below it (depth first, at most 10 deep), leaving out node_modules,
 * .git, hidden folders and those `skip` names; `visit` returns false to not look inside a folder.
 */
export function walkFolders(root: string, skip: (dir: string) => boolean, visit: (dir: string, entries: Dirent[], depth: number) => boolean, depth = 0): void {
  if (depth > 10) return;
  let entries: Dirent[];
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return;
  }
  if (!visit(root, entries, depth)) return;
  for (const e of entries) {
    const sub = join(root, e.name);
    if (e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith('.') && !skip(sub)) walkFolders(sub, skip, visit, depth + 1);
  }
}

/** Whether a folder's entries hold a kustomization file. */
export function hasKustomization(entries: Dirent[]): boolean {
  return entries.some((e) => e.isFile() && KUSTOMIZATION_FILES.includes(e.name));
}

/**
 * The overlays of a workspace folder: kustomizations no other one uses, and not components.
 * `skip`: folders below `root` not to look into (the CLI's ignore list, charts).
 */
export function overlayRoots(root: string, read: ReadFile, skip: (dir: string) => boolean = () => false): Map<string, OverlayTree> {
  const all: string[] = [];
  walkFolders(root, skip, (dir, entries) => {
    if (hasKustomization(entries)) all.push(dir);
    return true;
  });
  return rootsAmong(all, read);
}

/** The overlays among kustomization folders: those no other one uses, and not components. */
export function rootsAmong(all: string[], read: ReadFile): Map<string, OverlayTree> {
  const trees = new Map(all.map((d) => [d, overlayTree(d, read)]));
  const used = new Set<string>();
  for (const tree of trees.values()) for (const d of tree.dirs.slice(1)) used.add(d);
  const roots = new Map<string, OverlayTree>();
  for (const [d, tree] of trees) {
    const text = read(kustomizationFile(d)!) ?? '';
    if (!used.has(d) && !/^kind:\s*Component\b/m.test(text)) roots.set(d, tree);
  }
  return roots;
}


/**
 * Remote references of an overlay, found before kustomize runs. Kustomize fetches a base named by a
 * URL (`https://…`, `ssh://…`, `git@host:org/repo`, `github.com/org/repo//dir?ref=v1`) with git or
 * HTTP. kubegrace lets nothing leave the machine (tools.ts closes the proxy and git's protocols), and
 * a build that fails deep inside git says little, so the overlay is refused up front with the file
 * and the reference named.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import { overlayTree } from '../discover';
import { documents } from '../locate';
import { keyOf } from '../nodepath';
import type { ReadFile } from '../source';
import { kustomizationFile } from './kustomize';

// The forms kustomize fetches (kubernetes-sigs/kustomize examples/remoteBuild.md: an HTTPS or SSH
// `git clone` URL, `//` before the folder, `ref`/`version`/`timeout`/`submodules` parameters, and the
// scheme-less `github.com/org/repo` form); a local path that exists is always read as local.
const REMOTE = [/^(github\.com|gitlab\.com|bitbucket\.org)[/:]/i, /\?(ref|version|submodules|timeout)=/, /\.git(\/\/|$)/];

/** Whether a kustomization entry names something kustomize would fetch rather than read. */
export function isRemote(entry: string, dir: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^[\w.-]+@[\w.-]+:/.test(entry)) return true;
  // A vendored folder that merely looks like a host name (github.com/org/app) is local.
  return REMOTE.some((re) => re.test(entry)) && !existsSync(join(dir, entry));
}

function entries(node: unknown): string[] {
  if (isScalar(node) && typeof node.value === 'string') return [node.value];
  if (isSeq(node)) return node.items.flatMap(entries);
  return [];
}

/** The first remote reference among the kustomizations an overlay reaches: its file and the entry. */
export function remoteReference(dir: string, read: ReadFile): { file: string; entry: string } | undefined {
  for (const d of overlayTree(dir, read).dirs) {
    const file = kustomizationFile(d);
    const text = file && read(file);
    if (!file || text === undefined) continue;
    const root = documents(text)[0]?.contents;
    if (!isMap(root)) continue;
    for (const pair of root.items) {
      if (!['resources', 'bases', 'components'].includes(String(keyOf(pair)))) continue;
      const entry = entries(pair.value).find((e) => isRemote(e.trim(), d));
      if (entry) return { file, entry: entry.trim() };
    }
  }
  return undefined;
}

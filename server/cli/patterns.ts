/**
 * PATHs that are glob patterns the shell did not expand: quoted (`'k8s/**\/*.yaml'`, as CI files
 * often write them), or from a shell without `**`. They are expanded here, relative to the working
 * directory, so the run checks what the user meant instead of failing on a file named `*`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { globToRegExp } from '../workspace/glob';
import { UsageError } from './options';

const GLOB = /[*?[{]/;
/** Folders never worth walking into for manifests (as in the folder walk of files.ts). */
const SKIP = new Set(['node_modules', '.git']);

function walk(dir: string, out: string[]): void {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = dir === '.' ? entry.name : join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP.has(entry.name)) walk(path, out);
    } else out.push(path);
  }
}

/** Each PATH that does not exist and looks like a pattern becomes the files it matches, in order. */
export function expandPatterns(paths: string[]): string[] {
  return paths.flatMap((path) => {
    if (path === '-' || !GLOB.test(path) || existsSync(path)) return [path];
    const segments = path.split('/');
    const fixed = segments.findIndex((s) => GLOB.test(s));
    const base = segments.slice(0, fixed).join('/') || (path.startsWith('/') ? '/' : '.');
    const pattern = globToRegExp(path.replace(/^\.\//, ''));
    const files: string[] = [];
    walk(base, files);
    const matches = files.filter((f) => pattern.test(f.replace(/^\.\//, ''))).sort();
    if (matches.length === 0) throw new UsageError(`no file matches ${path}`);
    return matches;
  });
}

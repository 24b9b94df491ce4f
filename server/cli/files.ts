/**
 * Expands the CLI's PATH arguments into YAML files, in a stable order. Symlinks are followed (a
 * folder reached twice, as through a symlink loop, is walked once); what cannot be read is reported
 * and the rest is still checked; what is not a regular file (a fifo, /dev/zero, a socket) is
 * skipped, since reading it could block or never end.
 */
import { existsSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILES } from '../engine/config';
import { globToRegExp } from '../workspace/glob';
import { UsageError } from './options';

const YAML = /\.ya?ml$/i;
const SKIP_DIRS = new Set(['node_modules', '.git']);

export interface Expanded {
  files: string[];
  /** Paths that do not exist or cannot be read, with the reason ("x: permission denied"). */
  missing: string[];
  /** Paths skipped on purpose, with the reason ("x: not a regular file, skipped"). */
  notices: string[];
}

/** The reason an fs call failed, in words. */
export function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symlink loop (too many levels of symbolic links)';
    case 'ENOTDIR':
      return 'not a directory';
    case 'EISDIR':
      return 'is a directory';
    default:
      return code ?? (error as Error).message;
  }
}

class Walker {
  readonly result: Expanded = { files: [], missing: [], notices: [] };
  /** Real paths of the folders walked, so a symlink back up the tree is not followed again. */
  private readonly seen = new Set<string>();

  /** A folder: its YAML files, recursively. `named`: the user named it (empty → a notice). */
  walk(dir: string, named: boolean): void {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (error) {
      this.result.missing.push(`${dir}: ${reason(error)}`);
      return;
    }
    if (this.seen.has(real)) return;
    this.seen.add(real);
    let names: string[];
    try {
      names = readdirSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    } catch (error) {
      this.result.missing.push(`${dir}: ${reason(error)}`);
      return;
    }
    const before = this.result.files.length;
    for (const name of names) {
      const path = join(dir, name);
      let stats: Stats;
      try {
        stats = statSync(path); // follows symlinks
      } catch (error) {
        // A dangling symlink or a loop inside a folder is only worth a word when it looks like YAML.
        if (YAML.test(name)) this.result.missing.push(`${path}: ${reason(error)}`);
        continue;
      }
      if (stats.isDirectory()) {
        if (!SKIP_DIRS.has(name)) this.walk(path, false);
      } else if (YAML.test(name) && !(CONFIG_FILES as readonly string[]).includes(name)) {
        // The settings file is YAML but not a manifest.
        if (stats.isFile()) this.result.files.push(path);
        else this.result.notices.push(`${path}: not a regular file, skipped`);
      }
    }
    if (named && this.result.files.length === before) this.result.notices.push(`${dir}: no YAML files found`);
  }

  /** A path named on the command line: a file is taken whatever its extension. */
  add(path: string): void {
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (error) {
      this.result.missing.push(`${path}: ${reason(error)}`);
      return;
    }
    if (stats.isDirectory()) this.walk(path, true);
    else if (stats.isFile()) this.result.files.push(path);
    else this.result.notices.push(`${path}: not a regular file, skipped`);
  }
}

/** Files named on the command line are taken whatever their extension; directories give their *.yaml and *.yml files. */
export function expandPaths(paths: string[]): Expanded {
  const walker = new Walker();
  for (const path of paths) walker.add(path);
  return walker.result;
}

/*
 * PATHs that are glob patterns the shell did not expand: quoted (`'k8s/**\/*.yaml'`, as CI files
 * often write them), or from a shell without `**`. They are expanded here, relative to the working
 * directory, so the run checks what the user meant instead of failing on a file named `*`.
 */
const GLOB = /[*?[{]/;
function walkAll(dir: string, out: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = dir === '.' ? entry.name : join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walkAll(path, out);
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
    walkAll(base, files);
    const matches = files.filter((f) => pattern.test(f.replace(/^\.\//, ''))).sort();
    if (matches.length === 0) throw new UsageError(`no file matches ${path}`);
    return matches;
  });
}

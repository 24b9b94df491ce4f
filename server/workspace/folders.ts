/**
 * Workspace folders on disk: which files belong to the index (inside a folder, not under
 * `node_modules` or `.git`, not excluded by `files.exclude`), and the one key per file that URIs
 * of different spellings (the client's, ours) agree on.
 */
import { fileURLToPath } from 'node:url';
import { isAbsolute, normalize, relative as relativePath, sep } from 'node:path';
import { excludeMatcher } from './glob';

/** Folders never indexed, whatever `files.exclude` says. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
const YAML = /\.ya?ml$/i;

export interface Folder {
  /** The folder's URI as the client sent it; file URIs below it are built from it. */
  uri: string;
  /** The folder's path on disk. */
  path: string;
  /** True when `files.exclude` excludes the path (relative to the folder, `/` separators). */
  excluded(relative: string): boolean;
}

/** The folder for a `file:` URI and its `files.exclude` setting; undefined for other schemes. */
export function folderOf(uri: string, filesExclude?: unknown): Folder | undefined {
  const path = pathOf(uri);
  return path === undefined ? undefined : { uri: uri.replace(/\/+$/, ''), path, excluded: excludeMatcher(filesExclude) };
}

/** The path of a `file:` URI, or undefined for any other URI. */
export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return normalize(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

/** One key per file: its path (case-folded on Windows, where `C:` and `c%3A` spell the same file). */
export function keyOf(uri: string): string {
  const path = pathOf(uri);
  if (path === undefined) return uri;
  return process.platform === 'win32' ? path.toLowerCase() : path;
}

/** The path of `file` relative to `folder` with `/` separators, or undefined when it is outside. */
export function relativeTo(folder: Folder, file: string): string | undefined {
  const rel = relativePath(folder.path, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** True when a folder or file at `relative` is left out: a skipped folder or an excluded path. */
export function skipped(folder: Folder, relative: string): boolean {
  const parts = relative.split('/');
  if (parts.some((p) => SKIPPED_FOLDERS.has(p))) return true;
  // An excluded folder excludes everything below it.
  return parts.some((_, i) => folder.excluded(parts.slice(0, i + 1).join('/')));
}

/** True for the files the index reads: `*.yaml` and `*.yml`. */
export function isYamlPath(path: string): boolean {
  return YAML.test(path);
}

/** A file's URI, built from its folder's URI so that it is spelled as the client spells URIs. */
export function childUri(folder: Folder, relative: string): string {
  const encode = (segment: string) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${folder.uri}/${relative.split('/').map(encode).join('/')}`;
}

/**
 * What the rendering layer's parts share about source files: how a file's text is read (the
 * editor's unsaved text first, else the disk), and the spot of a source file that wrote a rendered
 * node. Helm's and Kustomize's mapping both produce spots; neither knows the other.
 */
import { type Dirent, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Pair } from 'yaml';
import type { Span } from '../../shared/model/facts';

/**
 * The regular files under `dir`, `maxDepth` folders deep at most, leaving out folders named in
 * `skip`. Dirents of symbolic links are neither files nor folders here: a link loop is never followed.
 */
export function filesUnder(dir: string, maxDepth: number, skip: readonly string[] = [], depth = 0): string[] {
  if (depth > maxDepth) return [];
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? (skip.includes(e.name) ? [] : filesUnder(join(dir, e.name), maxDepth, skip, depth + 1)) : e.isFile() ? [join(dir, e.name)] : []));
}

/** A file's text by absolute path, or undefined when it cannot be read. */
export type ReadFile = (path: string) => string | undefined;

export interface SourceSpot {
  file: string;
  span: Span;
  /** Where the value is written: a template's text or a values file. */
  origin: 'template' | 'values' | 'base' | 'patch';
  /** True when the spot is plain text an edit may change (no template action inside it). */
  literal: boolean;
  /** The node at the spot and the text it was parsed from (masked for templates), for edits. */
  node: unknown;
  pair?: Pair;
  parsedText: string;
}

export interface ChartRequest {
  kind: 'chart';
  dir: string;
  values: string[];
  set: string[];
  releaseName: string;
  namespace?: string;
  /** API versions the chart may assume (`--api-versions`). */
  apiVersions?: string[];
}

export interface OverlayRequest {
  kind: 'overlay';
  dir: string;
}

export type RenderRequest = ChartRequest | OverlayRequest;

/**
 * `kubegrace check FOLDER` on a repository (or `.`, as the pre-commit hook and the GitHub Action
 * pass): the charts and overlays inside the folder, to render as if each had been named, and the
 * files they cover, to leave out of the plain file walk (else a template is also checked as it is,
 * "looks like an unrendered template", and a base is reported once alone and again per overlay).
 *
 * A chart: a folder with Chart.yaml, not looked into further (its subcharts in charts/ render with
 * it); its whole folder is covered. An overlay: a kustomization no other one found here uses (the
 * editor's question too: discover.ts `overlayRoots`); the files it reaches are covered.
 */
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { overlayRoots } from './discover';

const SKIP = new Set(['node_modules', '.git']);

export interface NestedProjects {
  /** Chart and overlay folders, under the folder as the user wrote it (so paths read the same as naming them). */
  dirs: string[];
  /** Whether a file belongs to one of them. */
  covers(path: string): boolean;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Chart folders under `dir` (absolute), the same depth limit and skipped names as the overlay search. */
function chartDirs(dir: string, skip: (dir: string) => boolean, depth = 0): string[] {
  if (depth > 10) return [];
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  if (depth > 0 && entries.some((e) => e.isFile() && e.name === 'Chart.yaml')) return [dir];
  const subdirs = entries.filter((e) => e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith('.')).map((e) => join(dir, e.name));
  return subdirs.filter((d) => !skip(d)).flatMap((d) => chartDirs(d, skip, depth + 1));
}

/** `skip`: folders not to look into (the ignore lists of the settings files). */
export function nestedProjects(folder: string, skip: (dir: string) => boolean): NestedProjects {
  const root = resolve(folder);
  const charts = chartDirs(root, skip);
  const inChart = (abs: string) => charts.some((c) => abs === c || abs.startsWith(c + sep));
  // A kustomization inside a chart folder is the chart's business, not an overlay of the repository.
  const overlays = overlayRoots(root, read, (d) => skip(d) || inChart(d));
  const files = new Set([...overlays.values()].flatMap((tree) => [...tree.files]));
  const dirs = [...charts, ...overlays.keys()].sort().map((d) => join(folder, relative(root, d)));
  return { dirs, covers: (path) => inChart(resolve(path)) || files.has(resolve(path)) };
}

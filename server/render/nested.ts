/**
 * `kubegrace check FOLDER` on a repository (or `.`, as the pre-commit hook and the GitHub Action
 * pass): the charts and overlays inside the folder, to render as if each had been named, and the
 * files they cover, to leave out of the plain file walk (else a template is also checked as it is,
 * "looks like an unrendered template", and a base is reported once alone and again per overlay).
 *
 * A chart: a folder with Chart.yaml, not looked into further (its subcharts in charts/ render with
 * it); its whole folder is covered. An overlay: a kustomization no other one found here uses (the
 * editor's question too: discover.ts `rootsAmong`); the files it reaches are covered.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { hasKustomization, rootsAmong, walkFolders } from './discover';

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

/** `skip`: folders not to look into (the ignore lists of the settings files). */
export function nestedProjects(folder: string, skip: (dir: string) => boolean): NestedProjects {
  const root = resolve(folder);
  const charts: string[] = [];
  const kustomizations: string[] = [];
  // One walk for both; a chart folder is not looked into: a kustomization inside it is the chart's
  // business, not an overlay of the repository.
  walkFolders(root, skip, (dir, entries, depth) => {
    if (depth > 0 && entries.some((e) => e.isFile() && e.name === 'Chart.yaml')) {
      charts.push(dir);
      return false;
    }
    if (hasKustomization(entries)) kustomizations.push(dir);
    return true;
  });
  const inChart = (abs: string) => charts.some((c) => abs === c || abs.startsWith(c + sep));
  const overlays = rootsAmong(kustomizations, read);
  const files = new Set([...overlays.values()].flatMap((tree) => [...tree.files]));
  const dirs = [...charts, ...overlays.keys()].sort().map((d) => join(folder, relative(root, d)));
  return { dirs, covers: (path) => inChart(resolve(path)) || files.has(resolve(path)) };
}

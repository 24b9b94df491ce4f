/** Expands the CLI's PATH arguments into YAML files, in a stable order. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE } from '../config';

const YAML = /\.ya?ml$/i;
const SKIP_DIRS = new Set(['node_modules', '.git']);

export interface Expanded {
  files: string[];
  /** Paths that do not exist or cannot be read. */
  missing: string[];
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : walk(path);
      // The settings file is YAML but not a manifest.
      return entry.isFile() && YAML.test(entry.name) && entry.name !== CONFIG_FILE ? [path] : [];
    });
}

/** Files named on the command line are taken whatever their extension; directories give their *.yaml and *.yml files. */
export function expandPaths(paths: string[]): Expanded {
  const files: string[] = [];
  const missing: string[] = [];
  for (const path of paths) {
    try {
      if (statSync(path).isDirectory()) files.push(...walk(path));
      else files.push(path);
    } catch {
      missing.push(path);
    }
  }
  return { files, missing };
}

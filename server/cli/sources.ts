/**
 * Where the CLI's texts come from: files and directories on disk, or standard input (`-`). Rendered
 * Helm output on stdin is split by its `# Source: chart/templates/x.yaml` comments, so findings are
 * reported against the template that produced each document.
 */
import { readFileSync } from 'node:fs';
import { splitChunks } from '../yaml/prescan';
import { expandPaths } from './files';

export const STDIN = '<stdin>';

export interface Source {
  /** The path to report: a file, a Helm template path, or `<stdin>`. */
  path: string;
  text: string;
  /** True when the text is a file on disk (so `--fix` can write it back). */
  onDisk: boolean;
}

const HELM_SOURCE = /^# Source: (.+?)\s*$/m;

/**
 * Groups the documents of a stream by their Helm `# Source:` comment. The text of each group is its
 * documents in order, so lines are counted within the rendered output of that template.
 */
export function splitHelmSources(text: string): Source[] {
  const groups = new Map<string, string[]>();
  for (const chunk of splitChunks(text)) {
    const head = chunk.text.split('\n', 4).join('\n');
    const source = HELM_SOURCE.exec(head)?.[1];
    const path = source ?? STDIN;
    if (!source && chunk.text.trim().replace(/^---\s*$/gm, '') === '') continue;
    groups.set(path, [...(groups.get(path) ?? []), chunk.text]);
  }
  return [...groups].map(([path, texts]) => ({ path, text: texts.join(''), onDisk: false }));
}

export interface Gathered {
  sources: Source[];
  /** Paths that could not be read, with the reason. */
  unreadable: string[];
}

export function gatherSources(paths: string[], readStdin: () => string, skip: (path: string) => boolean): Gathered {
  const sources: Source[] = [];
  const unreadable: string[] = [];
  const { files, missing } = expandPaths(paths.filter((p) => p !== '-'));
  unreadable.push(...missing.map((p) => `${p}: no such file or directory`));
  if (paths.includes('-')) sources.push(...splitHelmSources(readStdin()));
  for (const path of files) {
    if (skip(path)) continue;
    try {
      sources.push({ path, text: readFileSync(path, 'utf8'), onDisk: true });
    } catch (error) {
      unreadable.push(`${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  return { sources, unreadable };
}

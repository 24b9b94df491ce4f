/**
 * Where the CLI's texts come from: files and directories on disk, or standard input (`-`). Rendered
 * Helm output on stdin is split by its `# Source: chart/templates/x.yaml` comments, so findings are
 * reported against the template that produced each document.
 */
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import { sizeNotice } from '../../shared/size';
import { splitChunks } from '../yaml/parse/prescan';
import { expandPaths } from './files';
import { readSource, readStdin, type ReadResult } from './read';

export const STDIN = '<stdin>';

export interface Source {
  /** The path to report: a file, a Helm template path, or `<stdin>`. */
  path: string;
  text: string;
  /** True when the text is a file on disk (so `--fix` can write it back). */
  onDisk: boolean;
  /** False when the file held bytes that are not UTF-8: `--fix` must not write it back. */
  utf8?: boolean;
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
  /** Paths not checked on purpose (too large, binary, UTF-16, not a regular file, an empty folder). */
  notices: string[];
}

export function gatherSources(
  paths: string[],
  stdin: () => string | Uint8Array,
  skip: (path: string) => boolean,
  settings: Pick<Settings, 'maxFileSizeMB'> = DEFAULT_SETTINGS,
): Gathered {
  const sources: Source[] = [];
  const { files, missing: unreadable, notices } = expandPaths(paths.filter((p) => p !== '-'));
  const take = (path: string, read: ReadResult, add: (text: string, utf8: boolean) => void) => {
    if (read.kind === 'unreadable') unreadable.push(`${path}: ${read.problem}`);
    else if (read.kind === 'skipped') notices.push(`${path}: ${read.notice}`);
    else add(read.text, read.utf8);
  };
  if (paths.includes('-')) {
    take(STDIN, readStdin(settings, stdin), (text) => {
      const tooLarge = sizeNotice(text, settings);
      if (tooLarge) notices.push(`${STDIN}: ${tooLarge}`);
      else sources.push(...splitHelmSources(text));
    });
  }
  for (const path of files) {
    if (skip(path)) continue;
    take(path, readSource(path, settings), (text, utf8) => sources.push({ path, text, onDisk: true, utf8 }));
  }
  return { sources, unreadable, notices };
}

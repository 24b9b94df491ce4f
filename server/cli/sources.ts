/**
 * Where the CLI's texts come from: files and directories on disk, or standard input (`-`). Rendered
 * Helm output on stdin stays one source, `<stdin>`, whose lines are the stream's: its
 * `# Source: chart/templates/x.yaml` comments only name, in each finding's message, the template a
 * document was rendered from. (A template path next to a line of the rendered text would be a
 * wrong path:line pair; `kubegrace check CHART_FOLDER` maps findings to template lines.)
 */
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import { sizeNotice } from '../../shared/size';
import type { FileAnalysis } from '../engine/analyze';
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

/** The template each document of a Helm stream was rendered from (its `# Source:` comment), by offset. */
export function renderedFrom(text: string): (offset: number) => string | undefined {
  const chunks = splitChunks(text).map((c) => ({ start: c.offset, end: c.offset + c.text.length, source: HELM_SOURCE.exec(c.text.split('\n', 4).join('\n'))?.[1] }));
  return (offset) => chunks.find((c) => offset >= c.start && offset < c.end)?.source;
}

/**
 * Findings in Helm output read from stdin say which template rendered their document:
 * `<stdin>:30:7 … (rendered from shop/templates/deployment.yaml)`.
 */
export function labelRendered(source: Source, analysis: FileAnalysis): FileAnalysis {
  if (source.path !== STDIN || !HELM_SOURCE.test(source.text)) return analysis;
  const from = renderedFrom(source.text);
  const label = <T extends { span: { start: number }; message: string }>(f: T): T => {
    const template = from(f.span.start);
    return template ? { ...f, message: `${f.message} (rendered from ${template}; the line is the rendered output's)` } : f;
  };
  // Named fields, not a spread: the engine's workloads read their input and analysis through getters.
  return { ...analysis, workloads: analysis.workloads.map((w) => ({ id: w.id, input: w.input, analysis: { ...w.analysis, findings: w.analysis.findings.map(label) } })) };
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
      else sources.push({ path: STDIN, text, onDisk: false });
    });
  }
  for (const path of files) {
    if (skip(path)) continue;
    take(path, readSource(path, settings), (text, utf8) => sources.push({ path, text, onDisk: true, utf8 }));
  }
  return { sources, unreadable, notices };
}

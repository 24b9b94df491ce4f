/**
 * One CLI run over many sources: every file is parsed once, then each workload is matched with the
 * Services and Ingresses of all files of the run (as the server does across the workspace).
 */
import type { Settings } from '../../shared/settings';
import { analyzeFacts, type FileAnalysis } from '../engine/analyze';
import { fixAllText } from '../engine/fixall';
import { extractFacts, type FileFacts } from '../yaml/facts/extract';
import { parseFile, type ParsedFile } from '../yaml/parse/parse';
import type { Source } from './sources';
import { suppressionNotices } from './suppressions';

export interface SourceAnalysis {
  source: Source;
  analysis: FileAnalysis;
  /** Suppressions that do nothing (suppressions.ts), for stderr. */
  notices: string[];
}

interface Extracted {
  source: Source;
  parsed: ParsedFile;
  facts: FileFacts;
}

function extract(source: Source, previous?: ParsedFile): Extracted {
  const parsed = parseFile(source.text, previous);
  return { source, parsed, facts: extractFacts(parsed) };
}

function analyzeOne(own: Extracted, all: Extracted[], settings: Settings, facts = own.facts): FileAnalysis {
  const others = all.filter((o) => o !== own).map((o) => ({ file: o.source.path, services: o.facts.services, ingresses: o.facts.ingresses }));
  return analyzeFacts(own.parsed, facts, settings, { file: own.source.path, others });
}

/** The analysis, and the notices about its suppressions (a second analysis without the comments, only when there are some). */
function analyzeWithNotices(own: Extracted, all: Extracted[], settings: Settings): SourceAnalysis {
  const analysis = analyzeOne(own, all, settings);
  const unsuppressed = own.facts.ignoreComments.length > 0 ? analyzeOne(own, all, settings, { ...own.facts, ignoreComments: [] }) : undefined;
  return { source: own.source, analysis, notices: suppressionNotices(own.source.path, own.source.text, analysis, unsuppressed) };
}

/** Settings per file: each file may have its own `.kubegrace.yaml`. */
export type SettingsFor = (path: string) => Settings;

/** `context`: files read only for their Services and Ingresses (`--context`), not reported on. */
export function analyzeSources(sources: Source[], settingsFor: SettingsFor, context: Source[] = []): SourceAnalysis[] {
  const checked = sources.map((source) => extract(source));
  const all = [...checked, ...context.map((source) => extract(source))];
  return checked.map((own) => analyzeWithNotices(own, all, settingsFor(own.source.path)));
}

/**
 * `--fix`: applies the safe fixes of each file with the editor's edits, each file seeing the
 * Services of the others. Returns the new texts and what was applied.
 */
export function fixSources(sources: Source[], settingsFor: SettingsFor, context: Source[] = []): Array<{ source: Source; text: string; applied: string[] }> {
  const checked = sources.map((source) => extract(source));
  const all = [...checked, ...context.map((source) => extract(source))];
  return checked.map((own) => {
    const settings = settingsFor(own.source.path);
    // Each round re-parses only the documents the previous round's fixes changed.
    const { text, applied } = fixAllText(own.source.text, settings, (next, previous) => analyzeOne(next === own.source.text ? own : extract({ ...own.source, text: next }, previous), all, settings));
    return { source: own.source, text, applied };
  });
}

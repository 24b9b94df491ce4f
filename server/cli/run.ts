/**
 * One CLI run over many sources: every file is parsed once, then each workload is matched with the
 * Services and Ingresses of all files of the run (as the server does across the workspace).
 */
import type { Settings } from '../../shared/settings';
import { analyzeFacts, type FileAnalysis } from '../engine/analyze';
import { fixAllText } from '../engine/fixall';
import { extractFacts, type FileFacts } from '../yaml/facts/extract';
import { parseFile, type ParsedFile } from '../yaml/parse/parse';
import { labelRendered, type Source } from './sources';

export interface SourceAnalysis {
  source: Source;
  analysis: FileAnalysis;
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

function analyzeOne(own: Extracted, all: Extracted[], settings: Settings): FileAnalysis {
  const others = all.filter((o) => o !== own).map((o) => ({ file: o.source.path, services: o.facts.services, ingresses: o.facts.ingresses }));
  return analyzeFacts(own.parsed, own.facts, settings, { file: own.source.path, others });
}

/** Settings per file: each file may have its own `.kubegrace.yaml`. */
export type SettingsFor = (path: string) => Settings;

/** `context`: files read only for their Services and Ingresses (`--context`), not reported on. */
export function analyzeSources(sources: Source[], settingsFor: SettingsFor, context: Source[] = []): SourceAnalysis[] {
  const checked = sources.map((source) => extract(source));
  const all = [...checked, ...context.map((source) => extract(source))];
  return checked.map((own) => ({ source: own.source, analysis: labelRendered(own.source, analyzeOne(own, all, settingsFor(own.source.path))) }));
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

/**
 * One CLI run over many sources: every file is parsed once, then each workload is matched with the
 * Services and Ingresses of all files of the run (as the server does across the workspace).
 */
import { analyzeWorkload } from '../../shared/model/analyze';
import type { Settings } from '../../shared/settings';
import { analyzeFile, factsOf, type FileAnalysis } from '../engine/analyze';
import { fixAllText } from '../engine/fixall';
import { AnalysisMemo } from '../engine/state';
import type { FileFacts } from '../yaml/facts/extract';
import type { ParsedFile } from '../yaml/parse/parse';
import { labelRendered, type Source } from './sources';
import { suppressionNotices } from './suppressions';

export interface SourceAnalysis {
  source: Source;
  analysis: FileAnalysis;
  /** Suppressions that do nothing (suppressions.ts), for stderr. */
  notices: string[];
}

/** A file read for its facts, with the engine's state that keeps them for its analysis. */
interface Extracted {
  source: Source;
  memo: AnalysisMemo;
  facts: FileFacts;
}

function extract(source: Source): Extracted {
  const memo = new AnalysisMemo();
  return { source, memo, facts: factsOf(source.text, memo) };
}

function analyzeOne(own: Extracted, text: string, all: Extracted[], settings: Settings, previous?: ParsedFile): FileAnalysis {
  const others = all.filter((o) => o !== own).map((o) => ({ file: o.source.path, services: o.facts.services, ingresses: o.facts.ingresses, related: o.facts.related }));
  return analyzeFile(text, settings, previous, { file: own.source.path, others }, own.memo);
}

/**
 * The analysis, and the notices about its suppressions. To tell which comments still silence a
 * finding, the workloads of a file with comments are run through the model again without them.
 */
function analyzeWithNotices(own: Extracted, all: Extracted[], settings: Settings): SourceAnalysis {
  // Piped `helm template` output: each finding names the template it was rendered from (sources.ts).
  const analysis = labelRendered(own.source, analyzeOne(own, own.source.text, all, settings));
  const unsuppressed =
    analysis.facts.ignoreComments.length > 0
      ? { ...analysis, workloads: analysis.workloads.map((w) => ({ id: w.id, input: w.input, analysis: analyzeWorkload({ ...w.input, ignoreComments: [] }, settings) })) }
      : undefined;
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
    // Each round re-parses only the documents the previous round's fixes changed (the file's state
    // holds the last round's documents).
    const { text, applied } = fixAllText(own.source.text, settings, (next, previous) => analyzeOne(own, next, all, settings, previous));
    return { source: own.source, text, applied };
  });
}

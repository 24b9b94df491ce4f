/**
 * One CLI run over many sources: every file is parsed once, then each workload is matched with the
 * Services and Ingresses of all files of the run (as the server does across the workspace).
 */
import type { Settings } from '../../shared/settings';
import { analyzeFacts, type FileAnalysis } from '../analyze';
import { fixAllText } from '../fixall';
import { extractFacts, type FileFacts } from '../yaml/extract';
import { parseFile, type ParsedFile } from '../yaml/parse';
import type { Source } from './sources';

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

export function analyzeSources(sources: Source[], settings: Settings): SourceAnalysis[] {
  const all = sources.map((source) => extract(source));
  return all.map((own) => ({ source: own.source, analysis: analyzeOne(own, all, settings) }));
}

/**
 * `--fix`: applies the safe fixes of each file with the editor's edits, each file seeing the
 * Services of the others. Returns the new texts and what was applied.
 */
export function fixSources(sources: Source[], settings: Settings): Array<{ source: Source; text: string; applied: string[] }> {
  const all = sources.map((source) => extract(source));
  return all.map((own) => {
    // Each round re-parses only the documents the previous round's fixes changed.
    const { text, applied } = fixAllText(own.source.text, settings, (next, previous) => analyzeOne(next === own.source.text ? own : extract({ ...own.source, text: next }, previous), all, settings));
    return { source: own.source, text, applied };
  });
}

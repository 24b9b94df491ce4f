/**
 * The one entry of the analysis engine, for the editor, the CLI, fix-all and rendered charts: parse
 * a file version (reusing the documents of the state's last version, or of `previous`), keep each
 * document's facts, match Services and Ingresses, and run the model on each workload whose inputs
 * changed (incremental.ts). A whole version is the same step with a fresh state: nothing to reuse.
 * With `across`, the Services and Ingresses of other files match too.
 */
import type { Settings } from '../../shared/settings';
import type { FileFacts } from '../yaml/facts/extract';
import { parseFile, type ParsedFile } from '../yaml/parse/parse';
import type { Across, FileAnalysis } from './analysis';
import { analyzeIncremental, prepare } from './incremental';
import { AnalysisMemo } from './state';

export type { AnalysedWorkload, Across, FileAnalysis } from './analysis';

/**
 * The analysis of `text`. `memo` is the file's state between versions (the editor keeps one per
 * document); without one, nothing is reused but the documents of `previous`.
 */
export function analyzeFile(text: string, settings: Settings, previous?: ParsedFile, across?: Across, memo: AnalysisMemo = new AnalysisMemo()): FileAnalysis {
  const parsed = parseFile(text, previous ?? memo.documents);
  return analyzeIncremental(prepare(parsed, memo), settings, memo, across);
}

/**
 * The facts of `text`, kept in `memo` so that its analysis (analyzeFile with the same memo) reads
 * nothing again. The CLI reads every file's facts first, to match each workload with the Services
 * of all files.
 */
export function factsOf(text: string, memo: AnalysisMemo): FileFacts {
  return prepare(parseFile(text, memo.documents), memo).facts;
}

/**
 * One file's analysis: parse (reusing an earlier parse where the text is unchanged), extract
 * facts, match Services and Ingresses, run the model on each workload. Shared by the CLI and the
 * server. With `across`, the Services and Ingresses of other files match too (workloadInputsAcross).
 */
import type { WorkloadInput } from '../shared/model/input';
import type { WorkloadAnalysis } from '../shared/model/output';
import { analyzeWorkload } from '../shared/model/analyze';
import type { Span } from '../shared/model/facts';
import type { Settings } from '../shared/settings';
import { extractFacts, type FileFacts } from './yaml/extract';
import { workloadInputs, workloadInputsAcross, type OtherFile } from './yaml/match';
import { parseFile, type ParsedFile } from './yaml/parse';

export interface FileAnalysis {
  parsed: ParsedFile;
  facts: FileFacts;
  workloads: Array<{ input: WorkloadInput; analysis: WorkloadAnalysis }>;
  parseErrors: Array<{ message: string; span: Span }>;
}

/** The file being analysed (its URI or path) and the other files whose Services and Ingresses count. */
export interface Across {
  file: string;
  others: OtherFile[];
}

export function analyzeFile(text: string, settings: Settings, previous?: ParsedFile, across?: Across): FileAnalysis {
  const parsed = parseFile(text, previous);
  return analyzeFacts(parsed, extractFacts(parsed), settings, across);
}

/** The analysis of facts already extracted from `parsed`. */
export function analyzeFacts(parsed: ParsedFile, facts: FileFacts, settings: Settings, across?: Across): FileAnalysis {
  const inputs = across ? workloadInputsAcross({ file: across.file, facts }, across.others) : workloadInputs(facts);
  const workloads = inputs.map((input) => ({ input, analysis: analyzeWorkload(input, settings) }));
  return { parsed, facts, workloads, parseErrors: facts.parseErrors };
}

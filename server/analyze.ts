/**
 * One file's analysis: parse (reusing an earlier parse where the text is unchanged), extract
 * facts, match Services, run the model on each workload. Shared by the CLI and the server.
 */
import type { WorkloadInput } from '../shared/model/input';
import type { WorkloadAnalysis } from '../shared/model/output';
import { analyzeWorkload } from '../shared/model/analyze';
import type { Span } from '../shared/model/facts';
import type { Settings } from '../shared/settings';
import { extractFacts, type FileFacts } from './yaml/extract';
import { workloadInputs } from './yaml/match';
import { parseFile, type ParsedFile } from './yaml/parse';

export interface FileAnalysis {
  parsed: ParsedFile;
  facts: FileFacts;
  workloads: Array<{ input: WorkloadInput; analysis: WorkloadAnalysis }>;
  parseErrors: Array<{ message: string; span: Span }>;
}

export function analyzeFile(text: string, settings: Settings, previous?: ParsedFile): FileAnalysis {
  const parsed = parseFile(text, previous);
  const facts = extractFacts(parsed);
  const workloads = workloadInputs(facts).map((input) => ({ input, analysis: analyzeWorkload(input, settings) }));
  return { parsed, facts, workloads, parseErrors: facts.parseErrors };
}

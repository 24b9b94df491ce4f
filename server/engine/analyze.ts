/**
 * One file's analysis: parse (reusing an earlier parse where the text is unchanged), extract
 * facts, match Services and Ingresses, run the model on each workload. Shared by the CLI and the
 * server. With `across`, the Services and Ingresses of other files match too (workloadInputsAcross).
 * With a memo, workloads whose document and matched objects did not change keep their analysis.
 */
import type { WorkloadInput } from '../../shared/model/input';
import type { WorkloadAnalysis } from '../../shared/model/output';
import { analyzeWorkload } from '../../shared/model/analyze';
import type { Settings } from '../../shared/settings';
import { chunkIndexAt, objectId } from './identity';
import { type AnalysisMemo, commentsByDocument } from './memo';
import { extractFacts, type FileFacts } from '../yaml/facts/extract';
import { podsOf, trafficIndexOf, type OtherFile } from '../yaml/facts/match';
import { parseFile, type ParsedFile, type ParseProblem } from '../yaml/parse/parse';

export interface AnalysedWorkload {
  /** The object's identity in the file: its document and position there (identity.ts), not its name. */
  id: string;
  input: WorkloadInput;
  analysis: WorkloadAnalysis;
}

export interface FileAnalysis {
  parsed: ParsedFile;
  facts: FileFacts;
  workloads: AnalysedWorkload[];
  parseErrors: ParseProblem[];
}

/** The file being analysed (its URI or path) and the other files whose Services and Ingresses count. */
export interface Across {
  file: string;
  others: OtherFile[];
}

export function analyzeFile(text: string, settings: Settings, previous?: ParsedFile, across?: Across, memo?: AnalysisMemo): FileAnalysis {
  const parsed = parseFile(text, previous);
  return analyzeFacts(parsed, extractFacts(parsed), settings, across, memo);
}

/** The analysis of facts already extracted from `parsed`. */
export function analyzeFacts(parsed: ParsedFile, facts: FileFacts, settings: Settings, across?: Across, memo?: AnalysisMemo): FileAnalysis {
  const traffic = trafficIndexOf({ file: across?.file ?? '', facts }, across?.others ?? []);
  const comments = memo && facts.ignoreComments.length > 0 ? commentsByDocument(parsed.chunks, facts.ignoreComments) : undefined;
  let lastDocument = -1;
  let position = 0;
  const workloads = facts.workloads.map((workload): AnalysedWorkload => {
    const document = chunkIndexAt(parsed.chunks, workload.span.start);
    position = document === lastDocument ? position + 1 : 0;
    lastDocument = document;
    const services = traffic.servicesFor(podsOf(workload));
    const input: WorkloadInput = { workload, services, ingresses: traffic.ingressesFor(workload.namespace, services), ignoreComments: facts.ignoreComments };
    const analysis = memo ? memo.analyze(parsed.chunks, document, position, input, settings, comments?.get(document) ?? '') : analyzeWorkload(input, settings);
    return { id: objectId(document, position), input, analysis };
  });
  return { parsed, facts, workloads, parseErrors: facts.parseErrors };
}

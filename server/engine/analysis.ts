/**
 * What the engine hands out for one version of a file: its parse, its facts, and each workload with
 * what it matched and the model's analysis. The types alone, so every layer of the engine can name
 * them without importing the layer that builds them.
 */
import type { WorkloadInput } from '../../shared/model/input';
import type { WorkloadAnalysis } from '../../shared/model/output';
import type { FileFacts } from '../yaml/facts/extract';
import type { OtherFile } from '../yaml/facts/match';
import type { ParsedFile, ParseProblem } from '../yaml/parse/parse';

/**
 * A workload of a version. The engine's are class instances whose `input` and `analysis` are getters
 * (placed.ts): copy them by name, never with a spread, which drops getters.
 */
export interface AnalysedWorkload {
  /** The object's identity in the file: its document and position there (identity.ts), not its name. */
  id: string;
  input: WorkloadInput;
  analysis: WorkloadAnalysis;
  /** The index of its YAML document in the file. */
  document?: number;
  /**
   * The kept analysis this one was moved from (state.ts): the same object from version to version
   * while the workload is not re-analysed and the objects of the file it points into stand at the
   * same distance from it, so a consumer can key what it derives on it and move that by the
   * workload's own shift.
   */
  source?: WorkloadAnalysis;
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

/**
 * Parse once per document version and share the result between diagnostics, hover, code actions,
 * code lens and the timeline request (STYLE habit 2). The previous parse of a document is handed to
 * the next one, so an edit re-parses only the YAML document it touched.
 *
 * A document of the workspace is analysed with the Services and Ingresses of the other files the
 * workspace index knows, and reports its own to the index. Its analysis is reused while its version,
 * its settings and its stamp in the index (which changes when a Service elsewhere that selects its
 * pods changes) stay the same.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings } from '../shared/settings';
import type { FileAnalysis } from './analyze';
import { analyzeIncremental, prepare } from './incremental';
import { AnalysisMemo } from './memo';
import { parseFile, type ParsedFile } from './yaml/parse';
import { documentPositions, type Positions } from './protocol/convert';
import type { CrossFile } from './workspace/entry';
import { WorkspaceIndex } from './workspace/index';

export interface Analysed {
  uri: string;
  version: number;
  text: string;
  index: Positions;
  analysis: FileAnalysis;
  /** The document's URI and the other files whose Services and Ingresses the analysis matched. */
  across: { file: string; others: CrossFile[] };
  /** The workload analyses of this document's versions, for re-analyses such as fix-all rounds. */
  memo: AnalysisMemo;
}

interface Entry {
  version: number;
  settings: Settings;
  stamp: number;
  result: Analysed;
}

export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  /** The last parse of each document, kept across versions for chunk reuse. */
  private readonly parses = new Map<string, ParsedFile>();
  /** Per document, the workload analyses of earlier versions (memo.ts): an edit re-runs the model only where it can matter. */
  private readonly memos = new Map<string, AnalysisMemo>();

  constructor(private readonly workspace: WorkspaceIndex = new WorkspaceIndex()) {}

  get(document: TextDocument, settings: Settings): Analysed {
    const { uri, version } = document;
    const cached = this.entries.get(uri);
    if (cached && cached.version === version && cached.settings === settings && cached.stamp === this.workspace.stampOf(uri)) return cached.result;
    const text = document.getText();
    const parsed = parseFile(text, this.parses.get(uri));
    let memo = this.memos.get(uri);
    if (!memo) this.memos.set(uri, (memo = new AnalysisMemo()));
    const prepared = prepare(parsed, memo);
    const facts = prepared.facts;
    const index = documentPositions(document);
    // Report this version's Services first, so the other files hear of them; then match with theirs.
    this.workspace.setOpen(uri, facts, index);
    const across = { file: uri, others: this.workspace.others(uri) };
    const analysis = analyzeIncremental(prepared, settings, memo, across);
    this.parses.set(uri, parsed);
    const result: Analysed = { uri, version, text, index, analysis, across, memo };
    this.entries.set(uri, { version, settings, stamp: this.workspace.stampOf(uri), result });
    return result;
  }

  /** Settings changed: analyses are stale, parses are not. */
  invalidate(): void {
    this.entries.clear();
  }

  drop(uri: string): void {
    this.entries.delete(uri);
    this.parses.delete(uri);
    this.memos.delete(uri);
    this.workspace.closeDocument(uri);
  }
}

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
import type { Settings } from '../../shared/settings';
import { analyzeFile, type FileAnalysis } from '../engine/analyze';
import { AnalysisMemo } from '../engine/state';
import { documentPositions, LineIndex, type Positions } from '../engine/positions';
import type { CrossFile } from '../workspace/entry';
import { WorkspaceIndex } from '../workspace/index';

/** How long typing must pause before an open document's Services reach the other files. */
const REPORT_DELAY_MS = 150;

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
  /** Per document, the engine's state (engine/state.ts): an edit re-parses and re-runs the model only where it can matter. */
  private readonly memos = new Map<string, AnalysisMemo>();

  /** Open documents' entries not yet given to the workspace index (see `defer`). */
  private readonly unreported = new Map<string, () => void>();
  private reportTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly workspace: WorkspaceIndex = new WorkspaceIndex()) {}

  get(document: TextDocument, settings: Settings): Analysed {
    const { uri, version } = document;
    // Other documents' Services first: they may change what this one matches, and its stamp.
    this.report(uri);
    const cached = this.entries.get(uri);
    if (cached && cached.version === version && cached.settings === settings && cached.stamp === this.workspace.stampOf(uri)) return cached.result;
    const text = document.getText();
    let memo = this.memos.get(uri);
    if (!memo) {
      memo = new AnalysisMemo();
      this.memos.set(uri, memo);
    }
    // The engine's state for this document: its last version's documents, facts and analyses.
    const across = { file: uri, others: this.workspace.others(uri) };
    const analysis = analyzeFile(text, settings, undefined, across, memo);
    const index = documentPositions(document);
    if (this.workspace.covers(uri)) this.defer(uri, () => this.workspace.setOpen(uri, analysis.facts, new LineIndex(text)));
    const result: Analysed = { uri, version, text, index, analysis, across, memo };
    this.entries.set(uri, { version, settings, stamp: this.workspace.stampOf(uri), result });
    return result;
  }

  /**
   * An open document's Services and Ingresses go to the workspace index off the edit's path: the
   * entry costs the whole file (every span's position, a comparison with the previous entry), and
   * only other files need it. It is given when another document is analysed, or after a pause in
   * typing (whichever comes first); the positions come from this version's text, not the live document.
   */
  private defer(uri: string, report: () => void): void {
    this.unreported.set(uri, report);
    this.reportTimer ??= setTimeout(() => {
      this.reportTimer = undefined;
      this.report();
    }, REPORT_DELAY_MS);
  }

  /** Gives the index every deferred entry (but `except`'s). */
  report(except?: string): void {
    for (const [uri, report] of this.unreported) {
      if (uri === except) continue;
      this.unreported.delete(uri);
      report();
    }
  }

  /** Settings changed: analyses are stale, parses are not. */
  invalidate(): void {
    this.entries.clear();
  }

  drop(uri: string): void {
    this.entries.delete(uri);
    this.memos.delete(uri);
    this.unreported.delete(uri);
    this.workspace.closeDocument(uri);
  }
}

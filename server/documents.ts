/**
 * Parse once per document version and share the result between diagnostics, hover, code actions,
 * code lens and the timeline request (STYLE habit 2). The previous parse of a document is handed to
 * the next one, so an edit re-parses only the YAML document it touched.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings } from '../shared/settings';
import { analyzeFile, type FileAnalysis } from './analyze';
import type { ParsedFile } from './yaml/parse';
import { documentPositions, type Positions } from './protocol/convert';

export interface Analysed {
  uri: string;
  version: number;
  text: string;
  index: Positions;
  analysis: FileAnalysis;
}

interface Entry {
  version: number;
  settings: Settings;
  result: Analysed;
}

export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  /** The last parse of each document, kept across versions for chunk reuse. */
  private readonly parses = new Map<string, ParsedFile>();

  get(document: TextDocument, settings: Settings): Analysed {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version && cached.settings === settings) return cached.result;
    const text = document.getText();
    const analysis = analyzeFile(text, settings, this.parses.get(document.uri));
    this.parses.set(document.uri, analysis.parsed);
    const result: Analysed = { uri: document.uri, version: document.version, text, index: documentPositions(document), analysis };
    this.entries.set(document.uri, { version: document.version, settings, result });
    return result;
  }

  /** Settings changed: analyses are stale, parses are not. */
  invalidate(): void {
    this.entries.clear();
  }

  drop(uri: string): void {
    this.entries.delete(uri);
    this.parses.delete(uri);
  }
}

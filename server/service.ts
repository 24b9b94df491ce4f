/**
 * The language service: what each LSP feature answers for a document, independent of the
 * connection. Tests call it directly with in-memory documents; server.ts wires it to LSP.
 */
import type { CodeAction, CodeActionParams, CodeLens, Diagnostic, Hover, HoverParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TimelineParams, TimelineResult } from '../shared/protocol';
import { AnalysisCache, type Analysed } from './documents';
import type { ResourceSettings } from './settings';
import { codeActions } from './features/codeActions';
import { isDeferred, resolveAction } from './features/lazyFixes';
import { codeLenses } from './features/codeLens';
import { toDiagnostics } from './features/diagnostics';
import { hover } from './features/hover';
import { timelineAt } from './features/timeline';
import { WorkspaceIndex } from './workspace/index';
import { sizeNotice } from '../shared/size';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE } from '../shared/protocol';

export interface ServiceHost {
  document(uri: string): TextDocument | undefined;
  settings(uri: string): Promise<ResourceSettings>;
}

export class LanguageService {
  readonly cache: AnalysisCache;
  markdownHover = true;
  /** The client resolves a code action's `edit` (so large documents can defer them). */
  resolveCodeActions = false;

  /** `workspace`: the index of the workspace folders; without folders every document stands alone. */
  constructor(
    private readonly host: ServiceHost,
    readonly workspace = new WorkspaceIndex(),
  ) {
    this.cache = new AnalysisCache(workspace);
  }

  /**
   * The current analysis of a document, or undefined when it is closed, KubeGrace is disabled for
   * it, or it is larger than `maxFileSizeMB` (then nothing is parsed at all).
   */
  private async analysed(uri: string): Promise<{ doc: Analysed; settings: ResourceSettings } | undefined> {
    const document = this.host.document(uri);
    if (!document) return undefined;
    const settings = await this.host.settings(uri);
    if (!settings.enable || this.tooLarge(document, settings)) return undefined;
    return { doc: this.cache.get(document, settings.settings), settings };
  }

  /** The size notice of each document version (counting the bytes of 50 MB takes a while). */
  private readonly sizes = new Map<string, { version: number; limit: number; notice: string | undefined }>();

  /** The size notice of a document over the limit; its old analysis is dropped. */
  private tooLarge(document: TextDocument, settings: ResourceSettings): string | undefined {
    const limit = settings.settings.maxFileSizeMB;
    let size = this.sizes.get(document.uri);
    if (!size || size.version !== document.version || size.limit !== limit) {
      size = { version: document.version, limit, notice: sizeNotice(document.getText(), settings.settings) };
      this.sizes.set(document.uri, size);
    }
    if (size.notice) this.cache.drop(document.uri);
    return size.notice;
  }

  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const found = await this.analysed(uri);
    if (found) return toDiagnostics(found.doc);
    const document = this.host.document(uri);
    const settings = document && (await this.host.settings(uri));
    const notice = document && settings?.enable ? this.tooLarge(document, settings) : undefined;
    return notice ? [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, source: DIAGNOSTIC_SOURCE, message: notice }] : [];
  }

  async hover(params: HoverParams): Promise<Hover | null> {
    const found = await this.analysed(params.textDocument.uri);
    return found ? hover(found.doc, params.position, this.markdownHover) : null;
  }

  /** `checkpoint`: called between fixes, to yield to other requests and stop when cancelled. */
  async codeActions(params: CodeActionParams, checkpoint?: () => Promise<void>): Promise<CodeAction[]> {
    const found = await this.analysed(params.textDocument.uri);
    return found ? codeActions(found.doc, params, found.settings.settings, checkpoint, this.resolveCodeActions) : [];
  }

  /** `codeAction/resolve` of an action deferred because its document is large. */
  async resolveCodeAction(action: CodeAction): Promise<CodeAction> {
    if (!isDeferred(action.data)) return action;
    const found = await this.analysed(action.data.uri);
    return found ? resolveAction(found.doc, action, found.settings.settings) : action;
  }

  async codeLenses(uri: string): Promise<CodeLens[]> {
    const found = await this.analysed(uri);
    return found ? codeLenses(found.doc) : [];
  }

  async timeline(params: TimelineParams): Promise<TimelineResult | null> {
    const found = await this.analysed(params.uri);
    return found ? timelineAt(found.doc, params) : null;
  }

  /** Settings changed: every analysis is stale. */
  invalidate(): void {
    this.cache.invalidate();
  }

  close(uri: string): void {
    this.sizes.delete(uri);
    this.cache.drop(uri);
  }
}

/**
 * The language service: what each LSP feature answers for a document, independent of the
 * connection. Tests call it directly with in-memory documents; server.ts wires it to LSP.
 */
import type { CodeAction, CodeActionParams, CodeLens, Diagnostic, Hover, HoverParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TimelineParams, TimelineResult } from '../../shared/protocol';
import { AnalysisCache, type Analysed } from './documents';
import type { ResourceSettings } from './settings';
import { codeActions } from './features/codeActions';
import { isDeferred, resolveAction } from './features/lazyFixes';
import { codeLenses } from './features/codeLens';
import { toDiagnostics } from './features/diagnostics';
import { hover } from './features/hover';
import { timelineAt } from './features/timeline';
import { WorkspaceIndex } from '../workspace/index';
import { sizeNotice } from '../../shared/size';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE } from '../../shared/protocol';
import { pathOf } from '../workspace/folders';
import { documentPositions } from '../engine/positions';
import { parseConfig } from '../engine/config';
import type { ReadFile } from '../render/source';
import type { Rendered, RenderedWorkspace } from './render/workspace';
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
import { renderedCodeActions, renderedDiagnostics, renderedHover, renderedLenses, renderedTimeline, type RenderedDoc } from './features/rendered';

function lineRange(line: number) {
  return { start: { line, character: 0 }, end: { line, character: 0 } };
}

/**
 * A chart or overlay that cannot be rendered: one error, with the tool's message, on the file that
 * caused it (the template helm names, else Chart.yaml or the kustomization) when that file is open,
 * else on the asking file, so it is never hidden. A render still running: one information line.
 */
function renderNotices(path: string, found: Rendered, isOpen: (path: string) => boolean): Diagnostic[] {
  const errors = found.errors.flatMap((e): Diagnostic[] => {
    if (e.file !== path && isOpen(e.file)) return [];
    return [{ range: lineRange(e.file === path ? e.line : 0), severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, code: 'render-failed', message: e.message }];
  });
  const pending = found.pending.map((label): Diagnostic => ({ range: lineRange(0), severity: DiagnosticSeverity.Information, source: DIAGNOSTIC_SOURCE, code: 'render-pending', message: `Rendering ${label}; its findings appear here when it is done.` }));
  return [...errors, ...pending];
}

export interface ServiceHost {
  document(uri: string): TextDocument | undefined;
  settings(uri: string): Promise<ResourceSettings>;
}

/** Charts and overlays (server/render/): how their files are read, named and versioned. */
export interface RenderedHost {
  workspace: RenderedWorkspace;
  read: ReadFile;
  uriOf(path: string): string;
  versionOf(path: string): number | null;
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
    /** When set, files of charts and overlays are analysed rendered. */
    readonly render?: RenderedHost,
  ) {
    this.cache = new AnalysisCache(workspace);
  }

  /** The open document at `uri`, if any. */
  document(uri: string): TextDocument | undefined {
    return this.host.document(uri);
  }

  /** The renders a document is analysed through, or undefined to analyse its own text. */
  private async rendered(uri: string, token?: CancellationToken): Promise<{ doc: RenderedDoc; notices: Diagnostic[]; stale: boolean; outdated: boolean } | undefined> {
    const document = this.host.document(uri);
    const path = pathOf(uri);
    if (!this.render || !document || !path) return undefined;
    const settings = await this.host.settings(uri);
    if (!settings.enable) return undefined;
    const found = await this.render.workspace.rendered(path, settings.settings, settings.config ?? parseConfig(''), settings.tools ?? {}, token);
    if (!found) return undefined;
    // Renders were awaited: answer for the document's current version.
    const current = this.host.document(uri) ?? document;
    const render = this.render;
    const notices = renderNotices(path, found, (p) => render.versionOf(p) !== null);
    return { doc: { uri, path, version: current.version, index: documentPositions(current), results: found.results }, notices, stale: found.stale, outdated: found.outdated };
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

  private readonly lists = new WeakMap<Analysed, Diagnostic[]>();

  async diagnostics(uri: string, token?: CancellationToken): Promise<Diagnostic[]> {
    const rendered = await this.rendered(uri, token);
    // The render of this text is not done and the last one was of other text: its lines would be
    // wrong. The client keeps the list it has (LSP's ServerCancelled) and is asked again when the
    // render ends; push never publishes this answer.
    if (rendered?.outdated) throw new ResponseError(LSPErrorCodes.ServerCancelled, 'rendering', { retriggerRequest: false });
    if (rendered) return [...rendered.notices, ...renderedDiagnostics(rendered.doc)];
    const found = await this.analysed(uri);
    if (found) {
      // One list per analysed version: a pull after a refresh, or a hover's re-publish, costs nothing.
      let list = this.lists.get(found.doc);
      if (!list) {
        list = toDiagnostics(found.doc);
        this.lists.set(found.doc, list);
      }
      return list;
    }
    const document = this.host.document(uri);
    const settings = document && (await this.host.settings(uri));
    const notice = document && settings?.enable ? this.tooLarge(document, settings) : undefined;
    return notice ? [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, source: DIAGNOSTIC_SOURCE, message: notice }] : [];
  }

  async hover(params: HoverParams, token?: CancellationToken): Promise<Hover | null> {
    const rendered = await this.rendered(params.textDocument.uri, token);
    if (rendered && this.render) return renderedHover(rendered.doc, params.position, this.markdownHover, this.render.read);
    const found = await this.analysed(params.textDocument.uri);
    return found ? hover(found.doc, params.position, this.markdownHover) : null;
  }

  /** `checkpoint`: called between fixes, to yield to other requests and stop when cancelled. */
  async codeActions(params: CodeActionParams, checkpoint?: () => Promise<void>, token?: CancellationToken): Promise<CodeAction[]> {
    const rendered = await this.rendered(params.textDocument.uri, token);
    // An earlier render's spans may not fit the files any more: no edits from it.
    if (rendered?.stale) return [];
    if (rendered && this.render) return renderedCodeActions(rendered.doc, params, this.render.read, this.render.uriOf, this.render.versionOf);
    const found = await this.analysed(params.textDocument.uri);
    return found ? codeActions(found.doc, params, found.settings.settings, checkpoint, this.resolveCodeActions) : [];
  }

  /** `codeAction/resolve` of an action deferred because its document is large. */
  async resolveCodeAction(action: CodeAction, checkpoint?: () => Promise<void>): Promise<CodeAction> {
    if (!isDeferred(action.data)) return action;
    const found = await this.analysed(action.data.uri);
    return found ? resolveAction(found.doc, action, found.settings.settings, checkpoint) : action;
  }

  async codeLenses(uri: string, token?: CancellationToken): Promise<CodeLens[]> {
    const rendered = await this.rendered(uri, token);
    if (rendered) return renderedLenses(rendered.doc);
    const found = await this.analysed(uri);
    return found ? codeLenses(found.doc) : [];
  }

  async timeline(params: TimelineParams, token?: CancellationToken): Promise<TimelineResult | null> {
    const rendered = await this.rendered(params.uri, token);
    if (rendered && this.render) return renderedTimeline(rendered.doc, params.position, this.render.read);
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

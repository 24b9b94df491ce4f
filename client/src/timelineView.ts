/**
 * The "Termination timeline" webview: one panel, reused. It asks the server for the workload at a
 * position (`kubegrace/timeline`) and shows the answer, rendered here on the extension side (the
 * page runs no script). It follows edits of the shown document and the cursor in YAML editors,
 * debounced; the server always answers from the document's current version.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TIMELINE_REQUEST, type ShowTimelineArgs, type TimelineParams, type TimelineResult } from '../../shared/protocol';
import { PAGE_COMMANDS } from './timelineChain';
import { renderTimelinePage, type TimelineContent } from './timelineHtml';

const DEBOUNCE_MS = 300;
/** The documents the timeline follows: YAML, and chart templates under the Kubernetes extension or helm-ls. */
const LANGUAGES = ['yaml', 'helm'];
const TITLE = 'Termination timeline';

interface Target {
  uri: vscode.Uri;
  position: vscode.Position;
}

function fromEditor(editor: vscode.TextEditor | undefined): Target | undefined {
  return editor ? { uri: editor.document.uri, position: editor.selection.active } : undefined;
}

/**
 * `kubegrace.openLocation`: a budget-chain link of the view opens its file at its line (0-based), in
 * the editor beside the view. Arguments come from a page, so anything else is ignored.
 */
export async function openLocation(uri: unknown, line: unknown): Promise<void> {
  if (typeof uri !== 'string' || typeof line !== 'number' || !Number.isInteger(line) || line < 0) return;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri, true));
  const at = new vscode.Position(Math.min(line, document.lineCount - 1), 0);
  const column = vscode.window.visibleTextEditors[0]?.viewColumn ?? vscode.ViewColumn.One;
  await vscode.window.showTextDocument(document, { viewColumn: column, preview: false, selection: new vscode.Range(at, at) });
}

export class TimelineView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private target: Target | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The request in flight; a newer one cancels it, so answers never arrive out of order. */
  private pending: vscode.CancellationTokenSource | undefined;
  /** What the panel shows now, to leave it alone (no reload, no flicker) when nothing changed. */
  private shown = '';
  private readonly listeners: vscode.Disposable[];

  constructor(private readonly client: LanguageClient) {
    this.listeners = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.target && e.contentChanges.length > 0 && e.document.uri.toString() === this.target.uri.toString()) this.schedule();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.follow(editor)),
      vscode.window.onDidChangeTextEditorSelection((e) => this.follow(e.textEditor)),
    ];
  }

  /**
   * `kubegrace.showTimeline`: the code lens passes a position; the editor title button passes the
   * file's URI (then the cursor of that file's editor counts); the palette uses the cursor.
   */
  async show(args?: ShowTimelineArgs | vscode.Uri): Promise<void> {
    const target =
      args instanceof vscode.Uri
        ? fromEditor(vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === args.toString()))
        : args
          ? { uri: this.client.protocol2CodeConverter.asUri(args.uri), position: new vscode.Position(args.position.line, args.position.character) }
          : fromEditor(vscode.window.activeTextEditor);
    if (!target) {
      void vscode.window.showInformationMessage('KubeGrace: place the cursor in a workload of a Kubernetes YAML file to see its termination timeline.');
      return;
    }
    this.target = target;
    if (this.panel) {
      this.panel.reveal(undefined, true);
    } else {
      // Command URIs for the budget chain's links, and for that one command only: the page still
      // runs no script, and a link can do nothing but open a file at a line.
      const options = { enableScripts: false, enableCommandUris: PAGE_COMMANDS, localResourceRoots: [] };
      this.panel = vscode.window.createWebviewPanel('kubegrace.timeline', TITLE, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, options);
      this.panel.onDidDispose(() => this.reset());
    }
    await this.refresh();
  }

  private follow(editor: vscode.TextEditor | undefined): void {
    if (!this.panel || !editor || !LANGUAGES.includes(editor.document.languageId)) return;
    this.target = fromEditor(editor);
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
  }

  private async refresh(): Promise<void> {
    const { panel, target } = this;
    if (!panel || !target) return;
    this.pending?.cancel();
    const pending = new vscode.CancellationTokenSource();
    this.pending = pending;
    const params: TimelineParams = {
      uri: this.client.code2ProtocolConverter.asUri(target.uri),
      position: { line: target.position.line, character: target.position.character },
    };
    let content: TimelineContent;
    try {
      const result = await this.client.sendRequest<TimelineResult | null>(TIMELINE_REQUEST, params, pending.token);
      content = result
        ? { result }
        : { message: 'No workload at the cursor', detail: 'Place the cursor inside a Pod, Deployment, StatefulSet, DaemonSet, Job or CronJob (or any object with a pod template). KubeGrace may also be turned off for this file (kubegrace.enable).' };
    } catch (error) {
      if (pending.token.isCancellationRequested) return;
      const reason = error instanceof Error ? error.message : String(error);
      content = { message: 'The timeline is not available', detail: `${reason}. The KubeGrace output (command "KubeGrace: Show Output") has details.` };
    } finally {
      pending.dispose();
      if (this.pending === pending) this.pending = undefined;
    }
    if (pending.token.isCancellationRequested || this.panel !== panel) return;
    const key = JSON.stringify(content);
    if (key === this.shown) return;
    this.shown = key;
    panel.title = 'result' in content ? `${TITLE} — ${content.result.timeline.object}` : TITLE;
    panel.webview.html = renderTimelinePage(content, randomBytes(16).toString('base64'));
  }

  private reset(): void {
    clearTimeout(this.timer);
    this.pending?.cancel();
    this.panel = undefined;
    this.target = undefined;
    this.shown = '';
  }

  dispose(): void {
    this.panel?.dispose();
    this.reset();
    for (const listener of this.listeners) listener.dispose();
  }
}

/**
 * The KubeGrace language server: wires the connection, the documents and the language service.
 * Runs over IPC when VS Code starts it, or `--stdio` for any LSP client.
 */
import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  CodeActionKind,
  type InitializeParams,
  type InitializeResult,
  type DidChangeWatchedFilesParams,
  type CodeActionParams,
  type CodeLensParams,
  type DocumentDiagnosticParams,
  type HoverParams,
  type CodeAction,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIX_ALL_KIND, TIMELINE_REQUEST, TRUST_NOTIFICATION, type TimelineParams } from '../shared/protocol';
import { makeGuard, makeRequests } from './lsp/guard';
import { paramsProblem } from './lsp/protocol/params';
import { checkedSync } from './lsp/protocol/sync';
import { LanguageService } from './lsp/service';
import { SettingsCache } from './lsp/settings';
import { PushDiagnostics } from './lsp/features/push';
import { PullDiagnostics } from './lsp/features/pull';
import { WorkspaceIndex } from './workspace/index';
import { WorkspaceConnection } from './lsp/connect';
import { CONFIG_FILES } from './engine/config';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { pathOf } from './workspace/folders';
import { RenderedWorkspace } from './lsp/render/workspace';
import { endOnSignals } from './render/children';

// Without a transport argument vscode-languageserver throws, and Node then prints the throwing line
// of the minified bundle (100 KB of code) to the terminal. Say how to start it instead.
if (!process.argv.slice(2).some((arg) => /^--(stdio|node-ipc|socket=|pipe=)/.test(arg))) {
  process.stderr.write('kubegrace language server: start it from an editor with --stdio (e.g. node dist/server.js --stdio),\nor --node-ipc, --socket=PORT or --pipe=NAME. See docs/editors.md.\n');
  process.exit(2);
}
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const settings = new SettingsCache(connection);
const index = new WorkspaceIndex();
const workspace = new WorkspaceConnection(connection, index);
let folderPaths: string[] = [];
// Path -> URI of the open documents, rebuilt only after an open or close: rendering looks up every
// file of a chart or overlay on each request, and URIs cannot simply be rebuilt from paths (c%3A vs C:).
let openPaths: Map<string, string> | undefined;
documents.onDidOpen(() => {
  openPaths = undefined;
});
const openByPath = (path: string): TextDocument | undefined => {
  openPaths ??= new Map(documents.all().flatMap((d) => (pathOf(d.uri) ? [[pathOf(d.uri)!, d.uri] as const] : [])));
  const uri = openPaths.get(path);
  return uri === undefined ? undefined : documents.get(uri);
};
const readPath = (path: string): string | undefined => {
  const open = openByPath(path);
  if (open) return open.getText();
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};
// Charts and overlays are rendered with helm/kubectl, only once the client says the workspace is trusted.
const rendering = new RenderedWorkspace({
  read: readPath,
  dirty: (path) => {
    const open = openByPath(path);
    if (!open) return false;
    try {
      return readFileSync(path, 'utf8') !== open.getText();
    } catch {
      return true;
    }
  },
  folders: () => folderPaths,
  notify: (message) => void connection.window.showInformationMessage(message),
  refresh: () => rediagnose(documents.all()),
});
const service = new LanguageService({ document: (uri) => documents.get(uri), settings: (uri) => settings.get(uri) }, index, {
  workspace: rendering,
  read: readPath,
  uriOf: (path) => openByPath(path)?.uri ?? pathToFileURL(path).href,
  versionOf: (path) => openByPath(path)?.version ?? null,
});
const guard = makeGuard((message) => connection.console.error(message));
const state = { shutdown: false };
const request = makeRequests(guard, state);
const push = new PushDiagnostics(connection, service, guard);
const pulled = new PullDiagnostics();
let pull = false;
let refreshSupport = false;
let lensRefreshSupport = false;
let configurationRegistration = false;

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const caps = params.capabilities;
  pull = caps.textDocument?.diagnostic !== undefined;
  refreshSupport = caps.workspace?.diagnostics?.refreshSupport === true;
  lensRefreshSupport = caps.workspace?.codeLens?.refreshSupport === true;
  configurationRegistration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  settings.setSupported(caps.workspace?.configuration === true);
  service.markdownHover = caps.textDocument?.hover?.contentFormat?.includes('markdown') ?? false;
  service.resolveCodeActions = caps.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') ?? false;
  folderPaths = (params.workspaceFolders ?? []).flatMap((f) => pathOf(f.uri) ?? []);
  // VS Code's client sends the workspace trust; other clients have no Restricted Mode.
  rendering.trusted = (params.initializationOptions as { trusted?: unknown } | undefined)?.trusted !== false;
  return {
    capabilities: {
      ...workspace.initialize(params),
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: service.resolveCodeActions },
      ...(pull ? { diagnosticProvider: { identifier: 'kubegrace', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
    },
    serverInfo: { name: 'kubegrace', version: typeof KUBEGRACE_VERSION === 'string' ? KUBEGRACE_VERSION : 'dev' },
  };
});

connection.onInitialized(() => {
  if (configurationRegistration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'kubegrace' }).catch(() => undefined);
  workspace.initialized();
});

/** Diagnostics of these documents may have changed: pull clients are asked to pull again, push clients get them. */
function rediagnose(changed: TextDocument[]): void {
  if (changed.length === 0) return;
  // Requests to the client survive an error answer (and no answer: nothing waits on them).
  if (pull && refreshSupport) void connection.languages.diagnostics.refresh().catch(() => undefined);
  else if (!pull) push.all(changed);
  if (lensRefreshSupport) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
}

/** A notification handler that drops malformed params with a warning (there is no response to carry an error). */
function notification<P>(method: string, name: string, handler: (params: P) => void | Promise<void>) {
  return guard(name, undefined, (params: P) => {
    const problem = paramsProblem(method, params);
    if (problem) connection.console.warn(`kubegrace: ignored ${method}: ${problem}`);
    else return handler(params);
  });
}

connection.onNotification(
  TRUST_NOTIFICATION,
  guard('trust', undefined, () => {
    rendering.trusted = true;
    rediagnose(documents.all());
  }),
);

connection.onDidChangeConfiguration(
  notification('workspace/didChangeConfiguration', 'configuration', (params: { settings: unknown }) => {
    settings.push(params.settings);
    settings.clear();
    rendering.invalidate();
    service.invalidate();
    rediagnose(documents.all());
  }),
);
// A Service or Ingress changed in another file (on disk or in an editor): re-diagnose what it selects.
index.onDidChange(guard('workspace', undefined, (uris: string[] | 'all') => rediagnose(uris === 'all' ? documents.all() : uris.flatMap((uri) => documents.get(uri) ?? []))));
connection.onDidChangeWatchedFiles(
  notification('workspace/didChangeWatchedFiles', 'watchedFiles', (p: DidChangeWatchedFilesParams) => {
    // Files of charts and overlays may have changed on disk: open files of them are checked again
    // once the index has taken the change in (renders are cached by content: only what changed renders).
    rendering.filesChanged(p.changes.flatMap((c) => (pathOf(c.uri) ? [{ path: pathOf(c.uri)!, created: c.type === 1, deleted: c.type === 3 }] : [])));
    // A changed .kubegrace.yaml changes the settings of the documents below it.
    if (p.changes.some((c) => CONFIG_FILES.some((name) => c.uri.endsWith(`/${name}`)))) {
      settings.clear();
      service.invalidate();
      rediagnose(documents.all());
    }
    const done = workspace.watchedFiles(p);
    if (rendering.active) void done.then(() => rediagnose(documents.all()));
    return done;
  }),
);

connection.languages.diagnostics.on(
  request('textDocument/diagnostic', { kind: 'full' as const, items: [] }, async (p: DocumentDiagnosticParams, _, token) =>
    pulled.report(p.textDocument.uri, await service.diagnostics(p.textDocument.uri, token), p.previousResultId),
  ),
);
connection.onHover(request('textDocument/hover', null, (p: HoverParams, _, token) => service.hover(p, token)));
connection.onCodeAction(request('textDocument/codeAction', [], (p: CodeActionParams, checkpoint, token) => service.codeActions(p, checkpoint, token)));
const resolveAction = request('codeAction/resolve', null, (p: CodeAction, checkpoint): Promise<CodeAction | null> => service.resolveCodeAction(p, checkpoint));
// On an internal error the action goes back as it came (without an edit).
connection.onCodeActionResolve(async (p: CodeAction, token) => (await resolveAction(p, token)) ?? p);
connection.onCodeLens(request('textDocument/codeLens', [], (p: CodeLensParams, _, token) => service.codeLenses(p.textDocument.uri, token)));
connection.onRequest(TIMELINE_REQUEST, request('kubegrace/timeline', null, (p: TimelineParams, _, token) => service.timeline(p, token)));
connection.onShutdown(() => {
  state.shutdown = true;
});

documents.onDidChangeContent((e) => {
  if (!pull) push.schedule(e.document);
});
documents.onDidClose((e) => {
  openPaths = undefined;
  service.close(e.document.uri);
  void guard('close', undefined, () => workspace.closed(e.document.uri))();
  settings.forget(e.document.uri);
  if (!pull) push.clear(e.document.uri);
  pulled.forget(e.document.uri);
});

declare const KUBEGRACE_VERSION: string | undefined;

// Every way out (exit, stdin closed, the client's process gone, a signal) ends helm and kubectl
// runs and removes temporary folders: render/children.ts.
endOnSignals();
documents.listen(checkedSync(connection));
connection.listen();

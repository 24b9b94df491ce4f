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
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIX_ALL_KIND, TIMELINE_REQUEST, type TimelineParams } from '../shared/protocol';
import { makeGuard } from './guard';
import { LanguageService } from './service';
import { SettingsCache } from './settings';
import { PushDiagnostics } from './features/push';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const settings = new SettingsCache(connection);
const service = new LanguageService({ document: (uri) => documents.get(uri), settings: (uri) => settings.get(uri) });
const guard = makeGuard((message) => connection.console.error(message));
const push = new PushDiagnostics(connection, service, guard);
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
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      ...(pull ? { diagnosticProvider: { identifier: 'kubegrace', interFileDependencies: false, workspaceDiagnostics: false } } : {}),
    },
    serverInfo: { name: 'kubegrace', version: typeof KUBEGRACE_VERSION === 'string' ? KUBEGRACE_VERSION : 'dev' },
  };
});

connection.onInitialized(() => {
  if (configurationRegistration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'kubegrace' }).catch(() => undefined);
});

connection.onDidChangeConfiguration(
  guard('configuration', undefined, (params: { settings: unknown }) => {
    settings.push(params.settings);
    settings.clear();
    service.invalidate();
    if (pull && refreshSupport) void connection.languages.diagnostics.refresh();
    else if (!pull) push.all(documents.all());
    if (lensRefreshSupport) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  }),
);

connection.languages.diagnostics.on(guard('diagnostics', { kind: 'full' as const, items: [] }, async (p) => ({ kind: 'full' as const, items: await service.diagnostics(p.textDocument.uri) })));
connection.onHover(guard('hover', null, (p) => service.hover(p)));
connection.onCodeAction(guard('codeAction', [], (p) => service.codeActions(p)));
connection.onCodeLens(guard('codeLens', [], (p) => service.codeLenses(p.textDocument.uri)));
connection.onRequest(TIMELINE_REQUEST, guard('timeline', null, (p: TimelineParams) => service.timeline(p)));

documents.onDidChangeContent((e) => {
  if (!pull) push.schedule(e.document);
});
documents.onDidClose((e) => {
  service.close(e.document.uri);
  settings.forget(e.document.uri);
  if (!pull) push.clear(e.document.uri);
});

declare const KUBEGRACE_VERSION: string | undefined;

documents.listen(connection);
connection.listen();

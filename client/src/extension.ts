/**
 * The VS Code client: starts the KubeGrace language server, registers the commands, disposes.
 * All analysis happens in the server; the server pulls the `kubegrace` settings per resource
 * (including `kubegrace.enable`); the client answers with the values the user set, so that the
 * repository's `.kubegrace.yaml` applies where the editor settings say nothing.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { COMMANDS, INTERNAL_COMMANDS, TRUST_NOTIFICATION, type ShowTimelineArgs } from '../../shared/protocol';
import { configurationMiddleware } from './configuration';
import { openLocation, TimelineView } from './timelineView';
import { traceChannel } from './traceChannel';

/** The client id: also the settings section, so the client reads `kubegrace.trace.server`. */
const SECTION = 'kubegrace';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('KubeGrace', { log: true });
  const trace = traceChannel(output, SECTION);
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Every scheme: the server reads only the text the client sends (virtual workspaces included).
    // Helm's named templates live in *.tpl files, which VS Code does not call YAML; and with the
    // Kubernetes extension or helm-ls installed, chart templates have the language id `helm`.
    documentSelector: [{ language: 'yaml' }, { language: 'helm' }, { scheme: 'file', pattern: '**/templates/**/*.tpl' }],
    // Rendering charts and overlays runs helm and kubectl: only in a trusted workspace.
    initializationOptions: { trusted: vscode.workspace.isTrusted },
    outputChannel: output,
    traceOutputChannel: trace,
    middleware: { workspace: { configuration: configurationMiddleware(SECTION) } },
  };
  const languageClient = new LanguageClient(SECTION, 'KubeGrace', serverOptions, clientOptions);
  client = languageClient;
  const timeline = new TimelineView(languageClient);
  context.subscriptions.push(
    output,
    trace,
    timeline,
    vscode.commands.registerCommand(COMMANDS.restartServer, () => languageClient.restart()),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(COMMANDS.showTimeline, (args?: ShowTimelineArgs | vscode.Uri) => timeline.show(args)),
    vscode.commands.registerCommand(INTERNAL_COMMANDS.openLocation, openLocation),
  );
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void languageClient.sendNotification(TRUST_NOTIFICATION)));
  try {
    await languageClient.start();
  } catch {
    // The client has already logged the failure and offered the output channel; the commands stay
    // registered so that "Show Output" and "Restart Server" still work.
  }
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}

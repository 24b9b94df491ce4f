/**
 * The channel the language client writes its LSP message trace to.
 *
 * vscode-languageclient 11 traces only while the trace channel's log level is Trace, and then reads
 * `<id>.trace.server` only to choose between messages and verbose ("off" turns into "messages").
 * So that `kubegrace.trace.server` alone switches the trace on and off, as users expect from every
 * other language extension, this channel reports the level Trace exactly while the setting is not
 * "off", and writes the trace into the KubeGrace output channel next to the server's own log.
 */
import * as vscode from 'vscode';

export function traceChannel(output: vscode.LogOutputChannel, section: string): vscode.LogOutputChannel {
  const level = () => (vscode.workspace.getConfiguration(section).get<string>('trace.server', 'off') === 'off' ? vscode.LogLevel.Off : vscode.LogLevel.Trace);
  const changed = new vscode.EventEmitter<vscode.LogLevel>();
  const listener = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${section}.trace.server`)) changed.fire(level());
  });
  const write = (message: string) => output.info(message);
  return {
    name: output.name,
    get logLevel() {
      return level();
    },
    onDidChangeLogLevel: changed.event,
    trace: write,
    debug: write,
    info: write,
    warn: (message) => output.warn(message),
    error: (error) => output.error(error),
    append: (value) => output.append(value),
    appendLine: (value) => output.appendLine(value),
    replace: (value) => output.replace(value),
    clear: () => output.clear(),
    show: (column?: vscode.ViewColumn | boolean, preserveFocus?: boolean) => (typeof column === 'boolean' ? output.show(column) : output.show(column, preserveFocus)),
    hide: () => output.hide(),
    // The KubeGrace channel belongs to the extension and outlives client restarts.
    dispose: () => {
      listener.dispose();
      changed.dispose();
    },
  };
}

/**
 * Helpers of the extension-host suite: open the test workspace's manifests, read KubeGrace's
 * diagnostics, and wait on signals (an event and a condition, or a provider asked again until it
 * answers), each with a timeout that names what it was waiting for. No fixed sleeps.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';

export const KUBEGRACE_ID = 'kubegrace.kubegrace';
export const SOURCE = 'kubegrace';
/** Long enough for a cold server on a slow CI machine; a passing wait returns as soon as it can. */
export const WAIT_MS = 45_000;

export function workspaceUri(path: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open as a folder');
  return vscode.Uri.joinPath(folder.uri, path);
}

/**
 * Opens a manifest in an editor tab of its own (not a preview tab, which the next file would
 * replace): the language client pulls diagnostics for documents visible in tabs, and drops them
 * when the tab closes.
 */
export async function open(path: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(path));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** The rule id of a diagnostic: `code` is `{ value, target }` when the rule page is linked. */
export function ruleOf(d: vscode.Diagnostic): string {
  const code = d.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** KubeGrace's diagnostics of a document (other extensions' diagnostics are left out). */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** "rule@text-under-the-range" of each diagnostic, sorted: stable across edits that move lines. */
export function summary(document: vscode.TextDocument): string[] {
  return ours(document.uri)
    .map((d) => `${ruleOf(d)}@${document.getText(d.range)}`)
    .sort();
}

/**
 * Resolves with `check()`'s first defined answer, asked now and after each `event`; rejects after
 * `timeoutMs` with `what` and the last state `describe()` gives.
 */
export function until<T>(what: string, event: vscode.Event<unknown>, check: () => T | undefined, describe?: () => string, timeoutMs = WAIT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const first = check();
    if (first !== undefined) return resolve(first);
    const done = (): void => {
      clearTimeout(timer);
      listener.dispose();
    };
    const listener = event(() => {
      const value = check();
      if (value === undefined) return;
      done();
      resolve(value);
    });
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describe ? `; last state: ${describe()}` : ''}`));
    }, timeoutMs);
  });
}

/** Waits until KubeGrace's diagnostics of `document` satisfy `predicate`, on diagnostics events. */
export function diagnosticsWhere(document: vscode.TextDocument, what: string, predicate: (summary: string[]) => boolean): Promise<string[]> {
  const current = (): string[] | undefined => {
    const s = summary(document);
    return predicate(s) ? s : undefined;
  };
  return until(`${what} (${vscode.workspace.asRelativePath(document.uri)})`, vscode.languages.onDidChangeDiagnostics, current, () => JSON.stringify(summary(document)));
}

/** Waits until KubeGrace's diagnostics of `document` are exactly `expected` (see `summary`). */
export function diagnosticsEqual(document: vscode.TextDocument, expected: string[], what = 'the expected diagnostics'): Promise<string[]> {
  const want = [...expected].sort();
  return diagnosticsWhere(document, `${what}: ${JSON.stringify(want)}`, (s) => JSON.stringify(s) === JSON.stringify(want));
}

/**
 * URIs for which a diagnostics report arrived. The language client sets a document's diagnostics
 * (possibly none) when the server's answer for it arrives, and that fires the event even for an
 * empty list: "a report arrived" is the signal that a clean document really was checked.
 */
const reported = new Set<string>();
const reportedChanged = new vscode.EventEmitter<void>();

export function recordDiagnosticReports(): vscode.Disposable {
  reported.clear();
  return vscode.languages.onDidChangeDiagnostics((e) => {
    for (const uri of e.uris) reported.add(uri.toString());
    reportedChanged.fire();
  });
}

export function diagnosticsReported(uri: vscode.Uri): Promise<true> {
  return until(`a diagnostics report for ${vscode.workspace.asRelativePath(uri)}`, reportedChanged.event, () => (reported.has(uri.toString()) ? true : undefined));
}

/**
 * Asks a provider again (10 ms, doubling up to 500 ms between tries) until `accept` takes its
 * answer. An answer can be empty or cancelled for a moment: right after start the language client
 * has not registered its providers yet, and VS Code cancels a code action request when the set of
 * providers changes while it runs (another extension activating, e.g. JSON when settings.json opens).
 */
export async function poll<T>(what: string, ask: () => Thenable<T>, accept: (answer: T) => boolean, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 10;
  let last: unknown;
  for (;;) {
    try {
      const answer = await ask();
      if (accept(answer)) return answer;
      last = answer;
    } catch (error) {
      if (!(error instanceof Error && error.name === 'Canceled')) throw error;
      last = error.message;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last answer: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 500);
  }
}

/** The range of `token` on the only line of `document` that contains `line`. */
export function rangeOf(document: vscode.TextDocument, line: string, token: string): vscode.Range {
  const lines = document.getText().split(/\r?\n/);
  const matches = lines.flatMap((text, i) => (text.includes(line) ? [i] : []));
  assert.equal(matches.length, 1, `exactly one line contains ${JSON.stringify(line)}`);
  const index = matches[0]!;
  const character = lines[index]!.indexOf(token, lines[index]!.indexOf(line));
  assert.ok(character >= 0, `${JSON.stringify(token)} is on the line ${JSON.stringify(line)}`);
  return new vscode.Range(index, character, index, character + token.length);
}

/** Every YAML document of the text parses without errors. */
export function assertValidYaml(text: string, context: string): void {
  const documents = parseAllDocuments(text);
  const errors = (Array.isArray(documents) ? documents : [documents]).flatMap((d) => d.errors.map((e) => e.message));
  assert.deepEqual(errors, [], `${context}: the document is valid YAML`);
}

/** Replaces the whole text of `document` (to restore it between tests) and checks it applied. */
export async function setText(document: vscode.TextDocument, text: string): Promise<void> {
  if (document.getText() === text) return;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.equal(await vscode.workspace.applyEdit(edit), true, 'the text was restored');
  assert.equal(document.getText(), text);
}

/**
 * The quick fixes offered at a diagnostic's range (executeCodeActionProvider, QuickFix only), asked
 * until there are some (see `poll`). The command hands back neither the actions' diagnostics nor
 * their provider, so these are all quick fixes for the markers there; in the test editor only
 * KubeGrace provides any for YAML.
 */
export async function quickFixes(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const only = vscode.CodeActionKind.QuickFix.value;
  const answer = await poll(
    `quick fixes for ${ruleOf(diagnostic)}`,
    () => vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, only),
    (actions) => actions.length > 0,
  );
  return answer.filter((a): a is vscode.CodeAction => a instanceof vscode.CodeAction && a.kind?.value === only);
}

/**
 * Pulled diagnostics (LSP 3.17 `textDocument/diagnostic`, as VS Code asks) with result ids: a
 * client that sends the id of the list it holds gets an `unchanged` report when the list is the
 * same, instead of the whole list again (4.3 MB at 5,000 findings; issue 20). VS Code pulls the
 * open documents again on every `workspace/diagnostic/refresh`, most of them unchanged.
 *
 * Comparing lists costs what changed, not the list: the diagnostics of workloads that were not
 * re-analysed are the same objects from version to version (diagnostics.ts), so most elements
 * compare by identity, and the first element that differs ends the comparison.
 */
import type { Diagnostic, DocumentDiagnosticReport } from 'vscode-languageserver';

/**
 * Whether two lists hold the same diagnostics in the same order. `ignoreVersion`: a `version` field
 * (a rendered diagnostic's `data.version`) does not count, for push, where quick fixes find their
 * finding by `data.key`.
 */
export function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[], ignoreVersion = false): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  const replacer = ignoreVersion ? (key: string, value: unknown) => (key === 'version' ? undefined : value) : undefined;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (JSON.stringify(a[i], replacer) !== JSON.stringify(b[i], replacer)) return false;
  }
  return true;
}

export class PullDiagnostics {
  /** The last list reported per document, with its result id. */
  private readonly last = new Map<string, { resultId: string; items: Diagnostic[] }>();
  private next = 0;
  /** Ids of an earlier server process (the client may keep one across a restart) never match. */
  private readonly session = Date.now().toString(36);

  /** The report for `items`: `unchanged` when the client holds this very list (`previousResultId`). */
  report(uri: string, items: Diagnostic[], previousResultId: string | undefined): DocumentDiagnosticReport {
    const last = this.last.get(uri);
    if (last && sameDiagnostics(last.items, items)) {
      // Keep the newest objects: the next comparison then finds them by identity.
      last.items = items;
      if (previousResultId === last.resultId) return { kind: 'unchanged', resultId: last.resultId };
      return { kind: 'full', resultId: last.resultId, items };
    }
    const resultId = `${this.session}.${++this.next}`;
    this.last.set(uri, { resultId, items });
    return { kind: 'full', resultId, items };
  }

  /** The document closed (or its list is no longer known): the next report is full. */
  forget(uri: string): void {
    this.last.delete(uri);
  }
}

/**
 * Quick fixes for our diagnostics (keyed on `code` and `data`, never on the message), and
 * `source.fixAll.kubegrace` for the safe ones. Edits are versioned and minimal.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE, FIX_ALL_KIND } from '../../../shared/protocol';
import type { Finding } from '../../../shared/model/output';
import type { Settings } from '../../../shared/settings';
import type { Analysed } from '../documents';
import { fixEdits } from '../../yaml/edits';
import { findingByKey, type DiagnosticData } from './diagnostics';
import { fixAllEdits, LAZY_FIX_CHARS, withEdits, type DeferredFix } from './lazyFixes';

/** The finding behind a diagnostic, with the key a deferred fix finds it by again. */
function findingFor(doc: Analysed, diagnostic: Diagnostic): { finding: Finding; key: string } | undefined {
  // `data` comes back from the client: a forged or foreign one may hold anything.
  const data = diagnostic.data as Partial<DiagnosticData> | null | undefined;
  return typeof data?.key === 'string' ? findingByKey(doc, data.key) : undefined;
}

function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

/**
 * `checkpoint` runs between fixes: on a large file each fix re-checks the edited document, so the
 * server yields to newer requests there and stops when the client cancels. With `lazy` (the client
 * resolves code actions), a large document's actions come without edits (lazyFixes.ts).
 */
export async function codeActions(doc: Analysed, params: CodeActionParams, settings: Settings, checkpoint: () => Promise<void> = async () => undefined, lazy = false): Promise<CodeAction[]> {
  const actions: CodeAction[] = [];
  const only = params.context.only;
  const deferred = lazy && doc.text.length > LAZY_FIX_CHARS;
  const defer = (title: string, kind: string, extra: Partial<CodeAction>, data: Partial<DeferredFix>): CodeAction => ({ title, kind, ...extra, data: { kubegrace: 'deferred-fix', uri: doc.uri, version: doc.version, ...data } });
  if (wants(only, CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const found = findingFor(doc, diagnostic);
      if (!found) continue;
      const { finding, key } = found;
      for (const [i, fix] of finding.fixes.entries()) {
        const extra = { diagnostics: [diagnostic], isPreferred: i === 0 && fix.safe };
        if (deferred) {
          actions.push(defer(fix.title, CodeActionKind.QuickFix, extra, { key, fix: i }));
          continue;
        }
        await checkpoint();
        const edits = fixEdits(doc.text, fix, doc.analysis.parsed);
        if (edits.length === 0) continue;
        actions.push(withEdits(doc, { title: fix.title, kind: CodeActionKind.QuickFix, ...extra }, edits));
      }
    }
  }
  if (only && wants(only, FIX_ALL_KIND)) {
    const title = 'Fix all safe KubeGrace problems';
    if (deferred) actions.push(defer(title, FIX_ALL_KIND, {}, {}));
    else {
      const edits = await fixAllEdits(doc, settings, checkpoint);
      if (edits.length > 0) actions.push(withEdits(doc, { title, kind: FIX_ALL_KIND }, edits));
    }
  }
  return actions;
}

/**
 * Quick fixes for our diagnostics (keyed on `code` and `data`, never on the message), and
 * `source.fixAll.kubegrace` for the safe ones. Edits are versioned and minimal.
 */
import { CodeActionKind, TextDocumentEdit, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE, FIX_ALL_KIND } from '../../shared/protocol';
import type { Finding, FixIntent } from '../../shared/model/output';
import type { Settings } from '../../shared/settings';
import type { Analysed } from '../documents';
import { analyzeFile } from '../analyze';
import { fixAllText, trimmedDifference } from '../fixall';
import { fixEdits, type OffsetEdit } from '../yaml/edits';
import { findingKey, type DiagnosticData } from './diagnostics';
import { findingIdentity } from '../identity';

function textEdits(doc: Analysed, edits: OffsetEdit[]): TextEdit[] {
  return edits.map((e) => ({ range: doc.index.rangeOf(e), newText: e.newText }));
}

function action(doc: Analysed, title: string, kind: string, edits: OffsetEdit[], extra: Partial<CodeAction> = {}): CodeAction {
  return {
    title,
    kind,
    edit: { documentChanges: [TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, textEdits(doc, edits))] },
    ...extra,
  };
}

/**
 * The finding behind a diagnostic: by its key, else (the text moved) by its identity, the same rule
 * on the same object and container by position (never by name), nearest to where it was.
 */
function findingFor(doc: Analysed, diagnostic: Diagnostic): Finding | undefined {
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (typeof data?.key !== 'string') return undefined;
  const cut = data.key.lastIndexOf('|');
  const identity = data.key.slice(0, cut);
  const was = Number(data.key.slice(cut + 1));
  let best: Finding | undefined;
  for (const w of doc.analysis.workloads) {
    for (const finding of w.analysis.findings) {
      const own = findingIdentity(w.id, w.input.workload, finding);
      if (findingKey(own, finding) === data.key) return finding;
      if (own === identity && (!best || Math.abs(finding.span.start - was) < Math.abs(best.span.start - was))) best = finding;
    }
  }
  return best;
}

function wants(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

export function codeActions(doc: Analysed, params: CodeActionParams, settings: Settings): CodeAction[] {
  const actions: CodeAction[] = [];
  const only = params.context.only;
  if (wants(only, CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = findingFor(doc, diagnostic);
      if (!finding) continue;
      finding.fixes.forEach((fix: FixIntent, i) => {
        const edits = fixEdits(doc.text, fix, doc.analysis.parsed);
        if (edits.length === 0) return;
        actions.push(action(doc, fix.title, CodeActionKind.QuickFix, edits, { diagnostics: [diagnostic], isPreferred: i === 0 && fix.safe }));
      });
    }
  }
  if (only && wants(only, FIX_ALL_KIND)) {
    // Each round sees the same Services of other files as the diagnostics did; the first round is
    // the analysis the diagnostics came from, later ones re-analyse only what the fixes changed.
    const fixed = fixAllText(doc.text, settings, (text, previous) => (text === doc.text ? doc.analysis : analyzeFile(text, settings, previous, doc.across, doc.memo))).text;
    const edit = trimmedDifference(doc.text, fixed);
    if (edit) actions.push(action(doc, 'Fix all safe KubeGrace problems', FIX_ALL_KIND, [edit]));
  }
  return actions;
}

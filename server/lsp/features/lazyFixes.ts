/**
 * Code actions of large documents are answered without their edits, which are computed by
 * `codeAction/resolve` only for the action the user picks. Each fix is checked by re-parsing the
 * edited document; on a file of megabytes that takes seconds per fix, and a light-bulb request
 * must answer at once. Only for clients that can resolve an action's `edit`.
 */
import { TextDocumentEdit, type CodeAction } from 'vscode-languageserver';
import type { Settings } from '../../../shared/settings';
import type { Analysed } from '../documents';
import { analyzeFile } from '../../engine/analyze';
import { fixAllText, trimmedDifference } from '../../engine/fixall';
import { fixEdits, type OffsetEdit } from '../../yaml/edits';
import { findingByKey } from './diagnostics';

/** Documents longer than this (in UTF-16 code units) get their code action edits on resolve. */
export const LAZY_FIX_CHARS = 256 * 1024;

/** What a deferred action carries to find its fix again. */
export interface DeferredFix {
  kubegrace: 'deferred-fix';
  uri: string;
  version: number;
  /** findingKey of the finding and the index of the fix, or undefined for fix-all. */
  key?: string;
  fix?: number;
}

export function isDeferred(data: unknown): data is DeferredFix {
  const d = data as Partial<DeferredFix> | null;
  return typeof d === 'object' && d !== null && d.kubegrace === 'deferred-fix' && typeof d.uri === 'string' && typeof d.version === 'number';
}

export function withEdits(doc: Analysed, action: CodeAction, edits: OffsetEdit[]): CodeAction {
  const textEdits = edits.map((e) => ({ range: doc.index.rangeOf(e), newText: e.newText }));
  return { ...action, edit: { documentChanges: [TextDocumentEdit.create({ uri: doc.uri, version: doc.version }, textEdits)] } };
}

/** The edits of all safe fixes, as one edit of the document (fix-all). */
export function fixAllEdits(doc: Analysed, settings: Settings): OffsetEdit[] {
  // Each round sees the same Services of other files as the diagnostics did; the first round is the
  // analysis the diagnostics came from, later ones re-analyse only what the fixes changed.
  // The rounds move on from the document's state without becoming the editor's last version.
  const memo = doc.memo.fork();
  const fixed = fixAllText(doc.text, settings, (text, previous) => (text === doc.text ? doc.analysis : analyzeFile(text, settings, previous, doc.across, memo))).text;
  const edit = trimmedDifference(doc.text, fixed);
  return edit ? [edit] : [];
}

/** `codeAction/resolve`: the deferred action with its edit, or unchanged when the document moved on. */
export function resolveAction(doc: Analysed, action: CodeAction, settings: Settings): CodeAction {
  const data = action.data;
  if (!isDeferred(data) || data.version !== doc.version) return action;
  if (data.key === undefined) return withEdits(doc, action, fixAllEdits(doc, settings));
  const fix = findingByKey(doc, data.key)?.finding.fixes[data.fix ?? -1];
  if (!fix) return action;
  const edits = fixEdits(doc.text, fix, doc.analysis.parsed, true);
  return edits.length > 0 ? withEdits(doc, action, edits) : action;
}

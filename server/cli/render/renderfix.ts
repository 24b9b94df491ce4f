/**
 * `kubegrace check --fix` on a chart or overlay: the editor's quick fixes, moved to the values file,
 * base or patch that holds the value (server/render/fixmap.ts), applied to those files. Template
 * edits stay in the editor (a template is code; its literal text is edited only by a person who
 * sees it). One round: the first safe fix of each finding that maps to such a file and does not
 * overlap an edit already chosen; the caller renders again to report what is left.
 */
import { mapFix } from '../../render/fixmap';
import type { RenderResult } from '../../render/project';
import type { ReadFile } from '../../render/source';
import type { OffsetEdit } from '../../yaml/edits';

/** Edits chosen so far, per absolute file (several overlays of one base may propose the same one). */
export type PendingEdits = Map<string, OffsetEdit[]>;

function same(a: OffsetEdit, b: OffsetEdit): boolean {
  return a.start === b.start && a.end === b.end && a.newText === b.newText;
}

function overlap(a: OffsetEdit, b: OffsetEdit): boolean {
  return a.start < Math.max(b.end, b.start + 1) && b.start < Math.max(a.end, a.start + 1);
}

/** Adds the fixes of a render's findings to `pending`; returns what was chosen, as "file: title". */
export function chooseRenderedFixes(result: RenderResult, read: ReadFile, pending: PendingEdits): Array<{ file: string; title: string }> {
  const applied: Array<{ file: string; title: string }> = [];
  for (const m of result.findings) {
    for (const fix of m.finding.fixes) {
      if (!fix.safe || fix.id === 'ignore-rule') continue;
      const mapped = mapFix(fix, result.locate, read);
      if ('reason' in mapped || [...mapped.changes.values()].some((c) => c.origin === 'template')) continue;
      const edits = [...mapped.edits];
      // Already chosen through another overlay of the same base: nothing new to apply.
      if (edits.every(([file, list]) => list.every((e) => (pending.get(file) ?? []).some((p) => same(p, e))))) break;
      if (edits.some(([file, list]) => list.some((e) => (pending.get(file) ?? []).some((p) => overlap(p, e))))) continue;
      for (const [file, list] of edits) pending.set(file, [...(pending.get(file) ?? []), ...list]);
      applied.push(...edits.map(([file]) => ({ file, title: fix.title })));
      break;
    }
  }
  return applied;
}

/**
 * Quick fixes for rendered findings: the model's fix intent points into the rendered text; each
 * change is moved to the source node that wrote it (a literal template node, a values file, a base
 * or a patch) and rendered there by the usual edit layer (server/yaml/edits.ts). Templates are
 * edited through their masked text, whose offsets are the file's: an edit that would touch a
 * template action, or land inside an `if`/`with`/`range` block the edited node is not in, is not
 * offered. Then the reason is given instead (the hover shows it).
 */
import { isMap } from 'yaml';
import type { FixChange, FixIntent } from '../../shared/model/output';
import type { Span } from '../../shared/model/facts';
import { fixEdits, type OffsetEdit } from '../yaml/edits';
import { span, type Reader } from '../yaml/parse/nodes';
import type { ReadFile } from './source';
import { enclosing, parseTemplate } from './helm/gotemplate';
import type { SourceSpot } from './source';

/** The edits per file, and the changes re-pointed at each file's nodes (for SARIF and the CLI). */
export type MappedFix = { edits: Map<string, OffsetEdit[]>; changes: Map<string, { changes: FixChange[]; origin: SourceSpot['origin'] }> } | { reason: string };

const BUILT = 'the field is built by template logic ({{ … }}), so there is no safe edit';

function changeAt(change: FixChange): Span | undefined {
  return change.op === 'move-to-init-containers' ? undefined : change.at;
}

/** The change re-pointed at the source spot, or a reason why it cannot be. */
function moved(change: FixChange, spot: SourceSpot | undefined): FixChange | string {
  if (!spot) return 'the line that sets this field was not found in the chart or overlay';
  if (!spot.literal) return BUILT;
  if (change.op === 'replace') return { ...change, at: spot.span };
  if (change.op === 'set') {
    if (!isMap(spot.node) || !spot.node.range) return BUILT;
    // The edit layer finds the mapping by the span the extractor gives it (trimmed value end).
    return { ...change, at: span({ text: spot.parsedText, offset: 0 } as Reader, spot.node) };
  }
  return 'this fix moves a container between lists, which is not done across rendered files';
}

/**
 * True when the template edits leave every action alone, stay in the blocks of the edited node,
 * and do not cut a key off from the action lines below it that write its value (`resources:`
 * followed by `{{ toYaml … | indent 12 }}`).
 */
function safeInTemplate(text: string, at: Span, edits: OffsetEdit[]): boolean {
  const template = parseTemplate(text);
  const blocks = (o: number) => enclosing(template, o).map((b) => b.start).join(',');
  const home = blocks(at.start);
  return edits.every((e) => {
    if (template.actions.some((a) => a.start < Math.max(e.end, e.start + 1) && a.end > e.start)) return false;
    if (blocks(e.start) !== home) return false;
    const inserted = /^[ \t]*/.exec(e.newText.replace(/^\r?\n/, ''))![0].length;
    const next = template.actions.find((a) => a.standalone && a.start >= e.end && !/\S/.test(text.slice(e.end, a.start)));
    return !next || next.indent <= inserted;
  });
}

/** `ignore`: move the ignore annotation too (ignore.ts decides where an ignore survives rendering). */
export function mapFix(fix: FixIntent, locate: (span: Span) => SourceSpot | undefined, read: ReadFile, ignore = false): MappedFix {
  if (fix.id === 'ignore-rule' && !ignore) return { reason: 'ignore comments go in the source file by hand' };
  const byFile = new Map<string, { spot: SourceSpot; changes: FixChange[] }>();
  for (const change of fix.changes) {
    const at = changeAt(change);
    const spot = at && locate(at);
    const result = at ? moved(change, spot) : 'this fix moves a container between lists, which is not done across rendered files';
    if (typeof result === 'string') return { reason: result };
    const entry = byFile.get(spot!.file) ?? { spot: spot!, changes: [] };
    if (entry.spot.parsedText !== spot!.parsedText) return { reason: BUILT };
    entry.changes.push(result);
    byFile.set(spot!.file, entry);
  }
  const edits = new Map<string, OffsetEdit[]>();
  for (const [file, { spot, changes }] of byFile) {
    const text = read(file);
    if (text === undefined) return { reason: `${file} cannot be read` };
    const fileEdits = fixEdits(spot.parsedText, { ...fix, changes });
    if (fileEdits.length === 0) return { reason: BUILT };
    if (spot.origin === 'template' && !changes.every((c) => safeInTemplate(text, changeAt(c)!, fileEdits))) return { reason: BUILT };
    edits.set(file, fileEdits);
  }
  return { edits, changes: new Map([...byFile].map(([file, { spot, changes }]) => [file, { changes, origin: spot.origin }])) };
}

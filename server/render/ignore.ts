/**
 * "Ignore" for a finding of a chart or overlay, placed where it survives rendering, so that a
 * finding that cannot be fixed (or whose line was not found) can still be silenced:
 *
 * - Helm keeps YAML comments, so `# kubegrace-ignore RULE` goes right above the object's first
 *   template line (`apiVersion:`); rendered, it is the comment above the object, which silences the
 *   rule for the whole object (shared/model/analyze.ts). Offered only when the rendered object
 *   starts with that same key and the line before it cannot swallow the comment's line break.
 * - Kustomize drops comments but keeps annotations: the model's own `kubegrace/ignore` annotation
 *   fix, moved to the base or patch that writes the object's metadata (fixmap.ts).
 */
import type { FixIntent } from '../../shared/model/output';
import { IGNORE_COMMENT } from '../../shared/rules';
import type { OffsetEdit } from '../yaml/edits';
import { splitChunks } from '../yaml/parse/prescan';
import { mapFix } from './fixmap';
import type { MappedFinding, RenderResult } from './project';
import type { ReadFile } from './source';

export interface RenderedIgnore {
  title: string;
  edits: Map<string, OffsetEdit[]>;
}

const MARKER = new RegExp(`^([ \\t]*#[ \\t]*${IGNORE_COMMENT})([ \\t]*:?[ \\t]*)([a-z0-9, \\t-]*?)(?=[ \\t]*(--|$))`);

function lineAt(text: string, offset: number): { start: number; end: number; text: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  const end = nl === -1 ? text.length : nl;
  return { start, end, text: text.slice(start, end).replace(/\r$/, '') };
}

/** The first key of the rendered document holding `offset`, skipping `---`, comments and blank lines. */
function renderedFirstKey(rendered: string, offset: number): string | undefined {
  const chunk = splitChunks(rendered).find((c) => offset >= c.offset && offset < c.offset + c.text.length);
  const line = chunk?.text.split('\n').find((l) => l.trim() !== '' && !/^\s*(#|---)/.test(l));
  return line && /^([A-Za-z]+):/.exec(line)?.[1];
}

function helmIgnore(result: RenderResult, m: MappedFinding, read: ReadFile): RenderedIgnore | undefined {
  const object = result.objectLine(m.finding.span);
  const text = object && read(object.file);
  if (!object || text === undefined) return undefined;
  const first = lineAt(text, object.span.start);
  const key = /^([A-Za-z]+):/.exec(first.text)?.[1];
  if (!key || key !== renderedFirstKey(result.rendered, m.finding.span.start)) return undefined;
  const rule = m.finding.rule;
  const title = `Ignore ${rule} for ${m.finding.object} (comment in the template)`;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (first.start > 0) {
    const previous = lineAt(text, first.start - 1);
    // `{{ … -}}` right before would trim the comment's line break away in the output.
    if (/-\}\}\s*$/.test(previous.text)) return undefined;
    const marker = MARKER.exec(previous.text);
    if (marker) {
      const rules = marker[3].split(/[\s,]+/).filter(Boolean);
      if (rules.length === 0 || rules.includes(rule)) return undefined;
      const at = previous.start + marker[0].length;
      return { title, edits: new Map([[object.file, [{ start: at, end: at, newText: `, ${rule}` }]]]) };
    }
  }
  return { title, edits: new Map([[object.file, [{ start: first.start, end: first.start, newText: `# ${IGNORE_COMMENT} ${rule}${eol}` }]]]) };
}

/** The ignore action of a rendered finding, or undefined when no place that survives rendering is known. */
export function renderedIgnore(result: RenderResult, m: MappedFinding, read: ReadFile): RenderedIgnore | undefined {
  if (result.request.kind === 'chart') return helmIgnore(result, m, read);
  const fix: FixIntent | undefined = m.finding.fixes.find((f) => f.id === 'ignore-rule');
  if (!fix) return undefined;
  const mapped = mapFix(fix, result.locate, read, true);
  if ('reason' in mapped || [...mapped.changes.values()].some((c) => c.origin === 'template' || c.origin === 'values')) return undefined;
  return { title: `${fix.title.replace(/ \(kubegrace\/ignore annotation\)$/, '')} (annotation in ${[...mapped.edits.keys()].length === 1 ? 'the base or patch' : 'the sources'})`, edits: mapped.edits };
}

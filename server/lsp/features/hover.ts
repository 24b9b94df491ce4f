/** Hover: the termination timeline of the workload under the cursor. */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { Analysed } from '../documents';
import { hoverTarget } from './hoverTarget';
import { hoverMarkdown, hoverPlainText, placeText, type LineOf } from './hoverText';

/**
 * Where a budget-chain term is set: the file's URI and 0-based line. Lines of another file come
 * from the workspace index, which keeps the positions of its Services, Namespaces and
 * annotations. The hover and the timeline request both place terms through this.
 */
export function placeIn(doc: Analysed): LineOf {
  let others: Map<string, Analysed['across']['others'][number]> | undefined;
  return (source) => {
    const uri = source.file ?? doc.uri;
    if (uri === doc.uri) return { uri, line: doc.index.positionAt(source.span.start).line };
    others ??= new Map(doc.across.others.map((o) => [o.file, o]));
    const range = others.get(uri)?.ranges.rangeOf(source.span);
    return range && { uri, line: range.start.line };
  };
}

export function hover(doc: Analysed, position: Position, markdown: boolean): Hover | null {
  const target = hoverTarget(doc.analysis, doc.index.offsetAt(position));
  if (!target) return null;
  const { timeline, findings } = target.workload.analysis;
  const place = placeText(placeIn(doc), markdown);
  return {
    contents: markdown
      ? { kind: MarkupKind.Markdown, value: hoverMarkdown(timeline, findings, target.container, place) }
      : { kind: MarkupKind.PlainText, value: hoverPlainText(timeline, findings, target.container, place) },
  };
}

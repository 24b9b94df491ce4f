/** Hover: the termination timeline of the workload under the cursor. */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { PlaceOf } from '../../../shared/timeline-text';
import type { Analysed } from '../documents';
import { hoverTarget } from './hoverTarget';
import { fileName, hoverMarkdown, hoverPlainText } from './hoverText';

/**
 * Where a budget-chain term is set, as the hover shows it: `web.yaml:12`, a link that opens that
 * line (VS Code reads `#L12` in a file URI) in markdown. Lines of another file come from the
 * workspace index, which keeps the positions of its Services, Namespaces and annotations.
 */
function placeIn(doc: Analysed, markdown: boolean): PlaceOf {
  let others: Map<string, Analysed['across']['others'][number]> | undefined;
  return (source) => {
    const file = source.file ?? doc.uri;
    let line: number | undefined;
    if (file === doc.uri) line = doc.index.positionAt(source.span.start).line + 1;
    else {
      others ??= new Map(doc.across.others.map((o) => [o.file, o]));
      const range = others.get(file)?.ranges.rangeOf(source.span);
      line = range && range.start.line + 1;
    }
    if (line === undefined) return undefined;
    const label = `${fileName(file)}:${line}`;
    return markdown ? `[${label}](${file}#L${line})` : label;
  };
}

export function hover(doc: Analysed, position: Position, markdown: boolean): Hover | null {
  const target = hoverTarget(doc.analysis, doc.index.offsetAt(position));
  if (!target) return null;
  const { timeline, findings } = target.workload.analysis;
  const place = placeIn(doc, markdown);
  return {
    contents: markdown
      ? { kind: MarkupKind.Markdown, value: hoverMarkdown(timeline, findings, target.container, place) }
      : { kind: MarkupKind.PlainText, value: hoverPlainText(timeline, findings, target.container, place) },
  };
}

/** Hover: the termination timeline of the workload under the cursor. */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { Analysed } from '../documents';
import { hoverTarget } from './hoverTarget';
import { hoverMarkdown, hoverPlainText } from './hoverText';

export function hover(doc: Analysed, position: Position, markdown: boolean): Hover | null {
  const target = hoverTarget(doc.analysis, doc.index.offsetAt(position));
  if (!target) return null;
  const { timeline, findings } = target.workload.analysis;
  return {
    contents: markdown
      ? { kind: MarkupKind.Markdown, value: hoverMarkdown(timeline, findings, target.container) }
      : { kind: MarkupKind.PlainText, value: hoverPlainText(timeline, findings, target.container) },
  };
}

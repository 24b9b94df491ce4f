/**
 * How a document indents, read from its parse: the edit layer writes new lines in this style. It is
 * read when a document's tree is let go (parse.ts `release`) and kept with the document's content,
 * so that a fix can later parse only the part of the document it edits (edits/window.ts) and still
 * indent its lines exactly as a fix rendered from the whole document does (issue 20).
 */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document } from 'yaml';

/** How the file indents: one nesting step of a mapping, and a sequence's dash relative to its key. */
export interface IndentStyle {
  step: number;
  /** 0 for `containers:\n- name: a`, usually `step` for `containers:\n  - name: a`. */
  seqOffset: number;
}

function column(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function mostCommon(counts: Map<number, number>): number | undefined {
  let best: number | undefined;
  for (const [value, count] of counts) if (best === undefined || count > counts.get(best)!) best = value;
  return best;
}

/**
 * The most common indentation step between a key and its nested block mapping, and between a key
 * and the dashes of its block sequence; 2 and "indented" when the document has neither.
 */
export function detectStyle(doc: Document.Parsed, text: string): IndentStyle {
  const steps = new Map<number, number>();
  const seqs = new Map<number, number>();
  // Depth first, keys before values and items in order, as yaml's `visit` goes (the first count
  // to reach the top wins a tie), but without `visit`'s paths: this runs for every document parsed.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const item = stack.pop();
    if (isPair(item)) {
      const key = item.key;
      const value = item.value;
      if (isScalar(key) && key.range && (isMap(value) || isSeq(value)) && !value.flow && value.range) {
        const diff = column(text, value.range[0]) - column(text, key.range[0]);
        const counts = isMap(value) ? steps : seqs;
        if (diff >= (isMap(value) ? 1 : 0)) counts.set(diff, (counts.get(diff) ?? 0) + 1);
      }
      stack.push(value, key);
    } else if (isMap(item) || isSeq(item)) {
      for (let i = item.items.length - 1; i >= 0; i--) stack.push(item.items[i]);
    }
  }
  const step = mostCommon(steps) ?? 2;
  return { step, seqOffset: mostCommon(seqs) ?? step };
}

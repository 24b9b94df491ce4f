/**
 * A cheap bound on how deeply a document nests, checked before it is parsed. The YAML parser and
 * the code that walks its tree are recursive; text like `[` × 1000 + `]` × 1000 runs the stack
 * so low that V8, compiling the `yaml` library's `unfoldLines` regexp there, aborts the whole
 * process ("RegExpCompiler Allocation failed") instead of throwing.
 * Real manifests nest a few dozen levels at most, so anything beyond MAX_NESTING is not analysed.
 */

/** Nesting levels allowed in one document: flow brackets plus compact block indicators on a line. */
export const MAX_NESTING = 64;

const SPACE = 32;
const TAB = 9;
const NEWLINE = 10;

/**
 * The deepest nesting the text reaches, stopping early once it passes `limit`. Counts open `[`/`{`
 * outside quoted scalars and comments, plus the `- `, `? ` and `: ` indicators that start a line
 * (`- - - x` nests three sequences). An over-estimate on odd input only means a document with
 * absurd brackets in a block scalar is reported instead of analysed.
 */
export function nestingDepth(text: string, limit = MAX_NESTING): number {
  let deepest = 0;
  let flow = 0;
  let quote = 0; // the code of ' or " while inside a quoted scalar
  let lineStart = true;
  let indicators = 0;
  let previous = NEWLINE;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      lineStart = true;
      indicators = 0;
      previous = c;
      // A line at column 0 ends any quoted scalar or flow collection of a block document; this keeps
      // an apostrophe in a block scalar from hiding the rest of the text.
      const next = text.charCodeAt(i + 1);
      if (next !== SPACE && next !== TAB && !Number.isNaN(next)) {
        quote = 0;
        flow = 0;
      }
      continue;
    }
    if (quote !== 0) {
      if (c === 92 /* \ */ && quote === 34) i++;
      else if (c === 39 && quote === 39 && text.charCodeAt(i + 1) === 39) i++; // '' inside '...'
      else if (c === quote) quote = 0;
      previous = c;
      continue;
    }
    const blankBefore = previous === SPACE || previous === TAB || previous === NEWLINE;
    if (lineStart) {
      if (c === SPACE || c === TAB) {
        previous = c;
        continue;
      }
      const after = text.charCodeAt(i + 1);
      if ((c === 45 /* - */ || c === 63 /* ? */ || c === 58 /* : */) && (after === SPACE || after === TAB)) {
        indicators++;
        previous = c;
        if (flow + indicators > deepest) deepest = flow + indicators;
        if (deepest > limit) return deepest;
        continue;
      }
      lineStart = false;
    }
    if (c === 35 /* # */ && blankBefore) {
      const end = text.indexOf('\n', i);
      if (end === -1) break;
      i = end - 1;
      continue;
    }
    if ((c === 39 || c === 34) && (blankBefore || previous === 91 || previous === 123 || previous === 44 || previous === 58)) quote = c;
    else if (c === 91 /* [ */ || c === 123 /* { */) flow++;
    else if ((c === 93 || c === 125) && flow > 0) flow--;
    previous = c;
    const depth = flow + indicators;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > limit) return deepest;
    }
  }
  return deepest;
}

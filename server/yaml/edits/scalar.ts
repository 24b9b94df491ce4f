/**
 * Replacing a scalar with a scalar. yaml's CST writes it: a copy of the scalar's source token (a
 * copy, because every feature shares the parse) is given the new value in the style the file wrote
 * it in (`CST.setScalarValue`) and printed back (`CST.stringify`); edits.ts then keeps only the
 * characters that differ. That is the minimal edit whenever the library writes the old value
 * exactly as the file does, which is checked first. When it would not (a folded `>` block, which it
 * re-folds; escapes it spells otherwise; a flow scalar folded over lines), the in-place edit of
 * inplace.ts changes only the differing middle of the value. The last resort is the value on its
 * own (render.ts). Every candidate is checked by parsing the result, and the first that reads back
 * as the new value is taken.
 *
 * Left to this code, because the CST functions leave them to the caller: which style may hold the
 * value (`plainSafe`: YAML 1.1 as Kubernetes reads it), the indentation of a block scalar's lines
 * (the token records its parent's, not its own), and double quotes (render.ts: the library writes
 * U+007F–U+009F unescaped, which Kubernetes' YAML reader, go-yaml, rejects as control characters).
 */
import { CST, visit } from 'yaml';
import type { Scalar } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import { nodeSpan } from './context';
import type { EditContext, LocalEdit } from './context';
import { inPlaceEdit } from './inplace';
import { parseEdited } from './window';
import { doubleQuoted, needsEscapes, plainSafe, renderScalar } from './render';

export function scalarEdits(ctx: EditContext, node: Scalar, value: unknown, inFlow: boolean): LocalEdit[] | undefined {
  const start = node.range![0];
  const end = nodeSpan(ctx, node).end;
  if (start === end) {
    // An empty value (`key:`): write the scalar after the colon.
    const space = ctx.text[start - 1] === ':' ? ' ' : '';
    return [{ start, end, newText: space + renderScalar(value, inFlow) }];
  }
  const candidates: LocalEdit[] = [];
  if (typeof value === 'string' && typeof node.value === 'string') {
    const same = restyled(ctx, node, value, inFlow);
    // The library's rendering, once trimmed, is the minimal edit only if it spells the old value as the file does.
    if (same === undefined || restyled(ctx, node, node.value, inFlow) !== ctx.text.slice(start, end)) {
      const inPlace = inPlaceEdit(ctx, node, value, inFlow);
      if (inPlace) candidates.push(inPlace);
    }
    if (same !== undefined) candidates.push({ start, end, newText: same });
  }
  candidates.push({ start, end, newText: renderScalar(value, inFlow) });
  const found = candidates.find((edit) => readsBack(ctx, start, edit, value));
  return found ? [found] : undefined;
}

/** True when the text with `edit` applied parses no worse and has `value` as the scalar at `start`. */
function readsBack(ctx: EditContext, start: number, edit: LocalEdit, value: unknown): boolean {
  const doc = parseEdited(ctx.text, [edit], ctx.window);
  if (!doc || doc.errors.length > ctx.doc.errors.length) return false;
  let found: Scalar | undefined;
  visit(doc, {
    Scalar(_, node) {
      const at = node.range?.[0] ?? -1;
      if (at >= start && (!found || at < found.range![0])) found = node;
    },
  });
  return found !== undefined && isDeepStrictEqual(found.value, value);
}

/**
 * The whole scalar written again in its own style (a folded block as a literal one), or undefined
 * when that style cannot hold the value.
 */
function restyled(ctx: EditContext, node: Scalar, value: string, inFlow: boolean): string | undefined {
  const token = node.srcToken;
  switch (token?.type) {
    case 'scalar':
      return node.type === 'PLAIN' && plainSafe(value, inFlow) ? written(token, value, 'PLAIN', inFlow) : undefined;
    case 'single-quoted-scalar':
      return needsEscapes(value) ? doubleQuoted(value) : written(token, value, 'QUOTE_SINGLE', inFlow);
    case 'double-quoted-scalar':
      return doubleQuoted(value);
    case 'block-scalar':
      return literalBlock(ctx, token, value);
    default:
      return undefined;
  }
}

/** A flow scalar's new source on one line (an implicit key's layout), without what follows it. */
function written(token: CST.FlowScalar, value: string, type: Scalar.Type, inFlow: boolean): string {
  const copy: CST.FlowScalar = { ...token, end: [] };
  CST.setScalarValue(copy, value, { type, inFlow, implicitKey: true });
  return CST.stringify(copy);
}

/**
 * A literal block scalar with its lines where the original's first line stands, keeping the rest
 * of the header line (a comment). Blocks with an explicit indentation indicator, and values the
 * header could not describe (empty, or starting with a blank), are left to the other candidates.
 */
function literalBlock(ctx: EditContext, token: CST.BlockScalar, value: string): string | undefined {
  const header = token.props[0];
  const body = token.source.split('\n').find((line) => line.trim() !== '');
  const core = value.replace(/\n+$/, '');
  if (header?.type !== 'block-scalar-header' || /\d/.test(header.source) || !body || core === '' || /^[ \t]/.test(core)) return undefined;
  // The token's indent is its parent's; the library indents the lines by it, so it gets theirs.
  const copy: CST.BlockScalar = { ...token, indent: /^ */.exec(body)![0].length, props: token.props.map((t) => ({ ...t })) };
  CST.setScalarValue(copy, value, { type: 'BLOCK_LITERAL' });
  const text = CST.stringify(copy);
  // The library quotes what a block cannot hold (control characters, blanks after the last break).
  if (!text.startsWith('|')) return undefined;
  // The trailing line breaks are left where they are (the replaced span ends before them).
  return text.replace(/(?:\r?\n)+$/, '').split(/\r?\n/).join(ctx.eol);
}

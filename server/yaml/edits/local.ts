/**
 * A check of a new key's lines that needs no parse of the whole edited document, for the common fix
 * (a key added at the end of a block mapping: a preStop hook, a readiness probe). The full check
 * (verify.ts) parses the edited document again and compares it with a changed copy of the tree: on
 * a document of 10,000 aliases that is most of a parse per fix, and SARIF checks every fix it offers
 * (issue 20: SARIF cost 3× the CPU of JSON).
 *
 * Why the inserted lines alone decide: they go in at a line start after the mapping's last entry,
 * the first of them at the mapping's key column and the line after them less indented (or the end of
 * the document). YAML ends every block node of the last entry at a line that starts at the key
 * column or left of it (block scalars, plain scalars and nested collections all need deeper lines),
 * so the new lines cannot continue the last entry; and the line after them ends every node they
 * open, so they cannot take in what follows. The rest of the text is unchanged, so the edited
 * document is the old one with the mapping's new entries, which are what the lines parse to alone.
 * Whatever this cannot show (blank lines after the insertion, which a `|+` block scalar may own;
 * anchors, aliases, tags or directives; a merge key; a flow mapping) goes to the full check.
 */
import { isMap, parseDocument } from 'yaml';
import type { YAMLMap } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import { indexAnchors } from '../parse/anchors';
import { PARSE_OPTIONS } from '../parse/parse';
import { column, lineStart, nextLineStart } from './context';
import type { LocalEdit } from './context';

/**
 * The indentation of the first line at or after `offset` that is not a comment; undefined at the
 * end; 'blank' for a blank line (a `|+` block scalar before it may own it) or a tab.
 */
function nextContentIndent(text: string, offset: number): number | undefined | 'blank' {
  for (let at = offset; at < text.length; at = nextLineStart(text, at)) {
    const line = text.slice(at, nextLineStart(text, at));
    const indent = /^ */.exec(line)![0].length;
    const rest = line.slice(indent).replace(/\r?\n$/, '');
    // A tab where indentation goes is not YAML indentation: not decided here.
    if (rest.trim() === '' || rest.startsWith('\t')) return 'blank';
    if (rest.startsWith('#')) continue;
    return indent;
  }
  return undefined;
}

/**
 * True when `edit`, inserted into `text` (the document `map` was parsed from), adds exactly
 * `key: value` as the last entry of `map` and changes nothing else. False means "not shown": the
 * caller runs the full check.
 */
export function insertShownLocally(text: string, map: YAMLMap, key: string, value: unknown, edit: LocalEdit): boolean {
  if (edit.start !== edit.end || map.flow || !map.range || key === '<<') return false;
  // Directives (%TAG) change what tags mean; the lines alone would not know them.
  if (/^%/m.test(text)) return false;
  const at = edit.start;
  const last = map.items[map.items.length - 1];
  const lastEnd = (last?.value as { range?: number[] } | null | undefined)?.range?.[1];
  if (lastEnd === undefined || at < lastEnd || at > text.length || (at > 0 && text[at - 1] !== '\n')) return false;
  // After the last value: the rest of its line, then whole lines up to the insertion; blank or comments only.
  if (text.slice(lastEnd, at).split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('#'))) return false;
  const keyColumn = column(text, map.range[0]);
  const after = nextContentIndent(text, at);
  if (after === 'blank' || (after !== undefined && after >= keyColumn)) return false;
  // The new lines alone: one block mapping at the key column, no anchors or aliases, the intended data.
  const lines = edit.newText;
  if (!lines.endsWith('\n') || lineStart(lines, 0) !== 0) return false;
  const parsed = parseDocument(lines, PARSE_OPTIONS);
  if (parsed.errors.length > 0 || parsed.warnings.length > 0 || /^%/m.test(lines)) return false;
  const contents = parsed.contents;
  if (!isMap(contents) || contents.flow || !contents.range || column(lines, contents.range[0]) !== keyColumn) return false;
  const { anchors, unknown } = indexAnchors(parsed);
  if (anchors.size > 0 || unknown.length > 0) return false;
  return isDeepStrictEqual(parsed.toJS(), { [key]: value });
}

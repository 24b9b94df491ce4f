/**
 * The part of a document a fix edits, parsed alone (issue 20: resolving one fix on a 1.4 MB
 * document cost a parse of the whole document). A window is whole lines: from the line where the
 * edited node starts (or, for a replaced value, the line of its key) to the first line after the
 * node that is not blank or a comment. Its tokens are moved to the document's offsets before the
 * tree is built, so every range, and every edit rendered from them, is what the whole document's
 * parse gives; the indentation style comes from the document's last full parse (parse/style.ts).
 *
 * Why such a window parses to the same nodes: the node starts its line after indentation and
 * sequence dashes only (or after `key: ` on that line), so nothing before it on the line can open a
 * scalar or flow collection; the rest of its last line is blank or a comment; and the next content
 * line is no deeper than the window's first line, so it belongs to an enclosing node. A window
 * that still differs in what the fix reads is refused, and the fix falls back to the whole
 * document: parse errors, directives (they change what the window means), and any alias the fix
 * follows whose anchor is not defined before it in the window (`missed`).
 */
import { Composer, Parser, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { FixChange } from '../../../shared/model/output';
import type { Span } from '../../../shared/model/facts';
import { indexAnchors } from '../parse/anchors';
import type { AnchorIndex } from '../parse/anchors';
import { PARSE_OPTIONS } from '../parse/parse';
import type { ChunkParse } from '../parse/parse';
import { applyEdits } from './apply';
import { column, lineStart, nextLineStart } from './context';
import type { LocalEdit } from './context';

export interface Window {
  start: number;
  end: number;
  /** Lines left out of the parse: the items of a long list the fix adds nothing to (`elided`). */
  skip?: { start: number; end: number };
}

const KEY = `(?:[A-Za-z0-9_][\\w./-]*|"[^"\\\\\\r\\n]*"|'[^'\\r\\n]*')`;
/** Indentation and sequence dashes only. */
const LEAD = /^ *(?:- +)*$/;
/** A block key with its value on this line, the value starting right after it. */
const KEY_LEAD = new RegExp(`^ *(?:- +)*${KEY} *: +$`);
/** A line that is a block key and nothing else: its value is on the lines below. */
const KEY_LINE = new RegExp(`^ *(?:- +)*${KEY} *:[ \\t]*(?:#.*)?\\r?$`);

function isQuiet(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

function indentOf(line: string): number {
  return /^ */.exec(line)![0].length;
}

/** The window of the node at `span`; `parent`: its key (or sequence dash) must be in it too. */
function nodeWindow(text: string, span: Span, parent: boolean): Window | undefined {
  let start = lineStart(text, span.start);
  const prefix = text.slice(start, span.start);
  if (!LEAD.test(prefix) && !KEY_LEAD.test(prefix)) return undefined;
  if (parent && LEAD.test(prefix) && !prefix.includes('-')) {
    // A value below its key: the key's line is the previous line that is not blank or a comment.
    let at = start;
    do {
      if (at === 0) return undefined;
      at = lineStart(text, at - 1);
    } while (isQuiet(text.slice(at, nextLineStart(text, at))));
    const line = text.slice(at, nextLineStart(text, at)).replace(/\n$/, '');
    if (!KEY_LINE.test(line) || indentOf(line) > column(text, span.start)) return undefined;
    start = at;
  }
  const lastLineEnd = nextLineStart(text, span.end);
  if (!/^[ \t]*(?:#.*)?\r?\n?$/.test(text.slice(span.end, lastLineEnd))) return undefined;
  let end = lastLineEnd;
  while (end < text.length && isQuiet(text.slice(end, nextLineStart(text, end)))) end = nextLineStart(text, end);
  if (end < text.length && indentOf(text.slice(end, end + 200)) > indentOf(text.slice(start, start + 200))) return undefined;
  return { start, end };
}

/**
 * The smallest window holding every change of a fix, or undefined when the fix needs the whole
 * document (one change's window must hold the others', as a pod spec holds its containers).
 */
export function windowFor(text: string, changes: readonly FixChange[]): Window | undefined {
  if (/^%/m.test(text)) return undefined;
  const windows: Array<Window | undefined> = [];
  const spans: Span[] = [];
  for (const change of changes) {
    if (change.op === 'move-to-init-containers') {
      windows.push(nodeWindow(text, change.podSpec, false));
      spans.push(change.item, change.podSpec);
    } else {
      windows.push(nodeWindow(text, change.at, change.op === 'replace'));
      spans.push(change.at);
    }
  }
  const holds = (w: Window) => spans.every((s) => s.start >= w.start && s.end <= w.end);
  const found = windows.find((w): w is Window => w !== undefined && holds(w));
  const only = changes.length === 1 ? changes[0] : undefined;
  const skip = found && only?.op === 'set' ? elided(text, only.at, only.path[0]!) : undefined;
  if (found && skip && skip.start >= found.start && skip.end <= found.end) return { ...found, skip };
  // A window as large as the document saves nothing.
  return found && found.end - found.start < text.length ? found : undefined;
}

/**
 * A new key goes after the last entry of the mapping at `at`, and what it reads of that entry is
 * its key and where its value ends. When the last entry is a block list (`env:` of 25,000
 * variables), every item but the last is left out of the parse: the lines from the second line of
 * the list's first item to the last item's first line. An item starts at a line with a dash at the
 * list's column; every other line of the list is deeper, blank or a comment (a line at that column
 * would end the list). Not when the new key's path goes into that entry.
 */
function elided(text: string, at: Span, first: string): { start: number; end: number } | undefined {
  const keyColumn = column(text, at.start);
  let last: number | undefined;
  for (let line = nextLineStart(text, at.start); line < at.end; line = nextLineStart(text, line)) {
    const content = text.slice(line, nextLineStart(text, line));
    if (!isQuiet(content) && indentOf(content) === keyColumn && !content.startsWith('-', keyColumn)) last = line;
  }
  if (last === undefined) return undefined;
  const header = text.slice(last, nextLineStart(text, last)).replace(/\n$/, '');
  const key = /^ *([A-Za-z0-9_][\w./-]*) *:[ \t]*(?:#.*)?\r?$/.exec(header)?.[1];
  if (key === undefined || key === first || key === '<<') return undefined;
  const items: number[] = [];
  let dash: number | undefined;
  for (let line = nextLineStart(text, last); line < at.end; line = nextLineStart(text, line)) {
    const content = text.slice(line, nextLineStart(text, line));
    if (isQuiet(content)) continue;
    const indent = indentOf(content);
    dash ??= indent;
    if (indent < dash || indent < keyColumn) return undefined;
    if (indent === dash) {
      if (!/^- |^-\r?\n?$/.test(content.slice(indent))) return undefined;
      items.push(line);
    }
  }
  if (items.length < 3) return undefined;
  return { start: items[0]!, end: items[items.length - 1]! };
}

/** The window's text, and the document offset of each of its offsets. */
function windowText(text: string, window: Window): { source: string; at: (offset: number) => number } {
  const skip = window.skip;
  if (!skip) return { source: text.slice(window.start, window.end), at: (o) => o + window.start };
  const head = skip.start - window.start;
  const left = skip.end - skip.start;
  return { source: text.slice(window.start, skip.start) + text.slice(skip.end, window.end), at: (o) => o + window.start + (o < head ? 0 : left) };
}

/** Parses `source` with `at` moving its offsets to the document's: every range is a document offset. */
function parseAt(source: string, at: (offset: number) => number): Document.Parsed | undefined {
  const composer = new Composer(PARSE_OPTIONS);
  let found: Document.Parsed | undefined;
  for (const doc of composer.compose(shifted(new Parser().parse(source), at), true, at(source.length))) {
    if (found) return undefined;
    found = doc as Document.Parsed;
  }
  return found;
}

function* shifted<T>(tokens: Iterable<T>, at: (offset: number) => number): Generator<T> {
  for (const token of tokens) {
    shift(token, at);
    yield token;
  }
}

/** Moves every `offset` of a CST token tree (documents, collections, scalars, source tokens). */
function shift(value: unknown, at: (offset: number) => number): void {
  if (Array.isArray(value)) {
    for (const item of value) shift(item, at);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.offset === 'number') record.offset = at(record.offset);
  for (const key in record) if (key !== 'offset' && typeof record[key] === 'object') shift(record[key], at);
}

/** An anchor index that notes when anything asks for an anchor the window does not define in time. */
export class WatchedAnchors extends Map<string, Array<{ at: number; node: import('yaml').Node }>> {
  missed = false;
  constructor(
    index: AnchorIndex,
    private readonly outside: ReadonlySet<string>,
  ) {
    super(index);
  }
  override get(name: string) {
    if (this.outside.has(name)) this.missed = true;
    return super.get(name);
  }
}

/** The window's parse, with document offsets; undefined when it has errors. */
export function parseWindow(text: string, window: Window): (ChunkParse & { anchors: WatchedAnchors }) | undefined {
  const { source, at } = windowText(text, window);
  const doc = parseAt(source, at);
  if (!doc || doc.errors.length > 0) return undefined;
  const { anchors, unknown } = indexAnchors(doc);
  return { doc, anchors: new WatchedAnchors(anchors, new Set(unknown.map((u) => u.name))), errors: [] };
}

/**
 * The parse of `text` with `edits` applied: of the whole text, or with a window, of the window's
 * edited lines alone (at document offsets). Undefined when an edit reaches outside the window.
 */
export function parseEdited(text: string, edits: readonly LocalEdit[], window: Window | undefined): Document.Parsed | undefined {
  if (!window) return parseDocument(applyEdits(text, edits), PARSE_OPTIONS);
  if (edits.some((e) => e.start < window.start || e.end > window.end)) return undefined;
  const skip = window.skip;
  // An edit next to or in the lines left out would mean something else without them.
  if (skip && edits.some((e) => e.start <= skip.end && e.end >= skip.start)) return undefined;
  const left = skip ? skip.end - skip.start : 0;
  const local = edits.map((e) => {
    const delta = window.start + (skip && e.start >= skip.end ? left : 0);
    return { start: e.start - delta, end: e.end - delta, newText: e.newText };
  });
  // Offsets of the edited text matter to scalar.ts (it finds the new scalar by where it starts),
  // and they are the document's up to the end of the last edit; nothing after it is looked up.
  const { source, at } = windowText(text, window);
  return parseAt(applyEdits(source, local), at);
}

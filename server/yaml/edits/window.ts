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
  // A window as large as the document saves nothing.
  return found && found.end - found.start < text.length ? found : undefined;
}

/** Parses `source` as if it stood at `offset` of the document: every range is a document offset. */
function parseAt(source: string, offset: number): Document.Parsed | undefined {
  const composer = new Composer(PARSE_OPTIONS);
  let found: Document.Parsed | undefined;
  for (const doc of composer.compose(shifted(new Parser().parse(source), offset), true, offset + source.length)) {
    if (found) return undefined;
    found = doc as Document.Parsed;
  }
  return found;
}

function* shifted<T>(tokens: Iterable<T>, offset: number): Generator<T> {
  for (const token of tokens) {
    shift(token, offset);
    yield token;
  }
}

/** Moves every `offset` of a CST token tree (documents, collections, scalars, source tokens). */
function shift(value: unknown, offset: number): void {
  if (Array.isArray(value)) {
    for (const item of value) shift(item, offset);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.offset === 'number') record.offset += offset;
  for (const key in record) if (key !== 'offset' && typeof record[key] === 'object') shift(record[key], offset);
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
  const doc = parseAt(text.slice(window.start, window.end), window.start);
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
  const local = edits.map((e) => ({ start: e.start - window.start, end: e.end - window.start, newText: e.newText }));
  return parseAt(applyEdits(text.slice(window.start, window.end), local), window.start);
}

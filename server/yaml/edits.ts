/**
 * Fix intent → minimal text edits of the original file. Each change is rendered against the parse
 * of the document (chunk) it points into: new keys as fragments in the file's own indentation and
 * line endings, replaced values in the style of what they replace, a moved container as its own
 * lines. Nothing else is re-rendered, so comments, blank lines, quoting and key order stay as they
 * were. Before anything is returned, the edited document must parse to exactly what the intent
 * means (edits/verify.ts); otherwise the fix yields no edits.
 */
import type { FixChange, FixIntent } from '../../shared/model/output';
import type { Span } from '../../shared/model/facts';
import { parseFile } from './parse/parse';
import type { Chunk, ChunkParse, ParsedFile } from './parse/parse';
import { overlaps, sortEdits, trimEdit } from './edits/apply';
import type { OffsetEdit } from './edits/apply';
import { insertEdits, replaceEdits } from './edits/change';
import { createContext } from './edits/context';
import type { EditContext, IndentStyle, LocalEdit } from './edits/context';
import { moveEdits } from './edits/move';
import { resolve } from './edits/resolve';
import type { Resolved } from './edits/resolve';
import { verifyChunk } from './edits/verify';
import { insertShownLocally } from './edits/local';
import { parseWindow, windowFor } from './edits/window';
import type { Window } from './edits/window';

export { applyEdits } from './edits/apply';
export type { OffsetEdit } from './edits/apply';

/**
 * The edits that carry out `intent` on `text`, in ascending order; [] when it cannot be applied.
 * `parsed` is the file's current parse, reused when it is of this very text. Without it, the parse
 * of the last text asked about is reused: callers that render every fix of a file in turn (SARIF)
 * parse it once, not once per fix. Only the documents a fix points into are parsed at all.
 * `alone`: no other fix of this text follows (a resolved code action), so a document parsed for
 * this fix only is checked on that parse itself and then forgotten, not on a copy of it.
 */
export function fixEdits(text: string, intent: FixIntent, parsed?: ParsedFile, alone = false): OffsetEdit[] {
  try {
    return renderChanges(parsed?.text === text ? parsed : parseOnce(text), intent.changes, alone) ?? [];
  } catch {
    // A fix that cannot be rendered is not offered; the diagnostics stay.
    return [];
  }
}

let lastParse: ParsedFile | undefined;

function parseOnce(text: string): ParsedFile {
  if (lastParse?.text !== text) lastParse = parseFile(text);
  return lastParse;
}

function renderChanges(file: ParsedFile, changes: readonly FixChange[], alone: boolean): OffsetEdit[] | undefined {
  const text = file.text;
  const groups = new Map<Chunk, FixChange[]>();
  for (const change of changes) {
    const chunk = chunkHolding(file.chunks, spansOf(change));
    if (!chunk) return undefined;
    groups.set(chunk, [...(groups.get(chunk) ?? []), shiftChange(change, -chunk.offset)]);
  }
  const result: OffsetEdit[] = [];
  for (const [chunk, local] of groups) {
    const edits = chunkEdits(file, chunk, local, lineEnding(text, chunk.content.text), alone);
    if (!edits) return undefined;
    for (const edit of edits) {
      const trimmed = trimEdit(chunk.content.text, edit);
      if (trimmed) result.push({ start: trimmed.start + chunk.offset, end: trimmed.end + chunk.offset, newText: trimmed.newText });
    }
  }
  return sortEdits(result);
}

/**
 * The document that holds every span, found by bisection: fix-all renders a fix per document of a
 * file of thousands, and a scan per fix made that quadratic.
 */
function chunkHolding(chunks: readonly Chunk[], spans: readonly Span[]): Chunk | undefined {
  const first = spans[0];
  if (!first) return undefined;
  let low = 0;
  let high = chunks.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (chunks[middle]!.offset <= first.start) low = middle;
    else high = middle - 1;
  }
  // An empty document shares its offset with the next one: look at both neighbours too.
  for (const c of [chunks[low - 1], chunks[low], chunks[low + 1]]) {
    if (c && spans.every((s) => s.start >= c.offset && s.end <= c.offset + c.content.text.length)) return c;
  }
  return chunks.find((c) => spans.every((s) => s.start >= c.offset && s.end <= c.offset + c.content.text.length));
}

/**
 * The document parsed for the last fix rendered `alone` from a split of edits.ts's own (`parseOnce`):
 * kept while the next fixes are of the same document (SARIF renders a finding's fixes, and the
 * findings of a document, in a row), let go when a fix of another document comes. One tree at a
 * time, never one per document of the run.
 */
let held: Chunk['content'] | undefined;

function chunkEdits(file: ParsedFile, chunk: Chunk, changes: readonly FixChange[], eol: string, alone: boolean): LocalEdit[] | undefined {
  if (held && held !== chunk.content) {
    held.release();
    held = undefined;
  }
  // A document whose tree was let go parses only the lines the fix edits (edits/window.ts).
  const windowed = !chunk.content.isParsed && windowEdits(chunk, changes, eol);
  if (windowed) return windowed;
  // Copying the tree of a large document costs half a parse: skip it when nothing reuses the parse.
  const own = alone && (!chunk.content.isParsed || held === chunk.content);
  let changed = false;
  try {
    const parse = chunk.content.parse();
    if (!parse || parse.errors.length > 0) return undefined;
    return renderParse(parse, chunk.content.text, changes, eol, own, () => (changed = true));
  } finally {
    // A tree the full check changed is let go; one only read is kept for the next fix of its document.
    const keep = own && !changed && file === lastParse;
    held = keep ? chunk.content : undefined;
    if (own && !keep) chunk.content.release();
  }
}

/** The edits rendered from a parse of the fix's window alone; undefined to use the whole document. */
function windowEdits(chunk: Chunk, changes: readonly FixChange[], eol: string): LocalEdit[] | undefined {
  const style = chunk.content.style;
  const text = chunk.content.text;
  const window = style && windowFor(text, changes);
  if (!window) return undefined;
  try {
    const parse = parseWindow(text, window);
    if (!parse) return undefined;
    const edits = renderParse(parse, text, changes, eol, true, () => undefined, style, window);
    // The fix followed an alias whose anchor is outside the window: only the whole document can say.
    return parse.anchors.missed ? undefined : edits;
  } catch {
    return undefined;
  }
}

function renderParse(parse: ChunkParse, text: string, changes: readonly FixChange[], eol: string, own: boolean, changing: () => void, style?: IndentStyle, window?: Window): LocalEdit[] | undefined {
  const ctx = createContext(parse, text, eol, style, window);
  const edits: LocalEdit[] = [];
  // Whether every change is a new key whose lines show on their own what they do (edits/local.ts).
  let local = true;
  for (const change of changes) {
    const resolved = resolve(ctx, change);
    const found = resolved && changeEdits(ctx, resolved);
    if (!found) return undefined;
    if (local) local = resolved.op === 'insert' && found.length === 1 && insertShownLocally(text, resolved.map, resolved.key, resolved.value, found[0]!);
    edits.push(...found);
  }
  const ordered = orderEdits(edits);
  if (overlaps(ordered)) return undefined;
  if (local && ordered.length === 1) return ordered;
  if (own) changing();
  return verifyChunk(parse, text, changes, ordered, own, window) ? ordered : undefined;
}

function changeEdits(ctx: EditContext, change: Resolved): LocalEdit[] | undefined {
  switch (change.op) {
    case 'insert':
      return insertEdits(ctx, change.map, change.key, change.value);
    case 'replace':
      return replaceEdits(ctx, change.node, change.value);
    case 'move':
      return moveEdits(ctx, change);
  }
}

/**
 * Ascending order. Two blocks inserted at one line (a container's new key and the pod's new key
 * both go after the container's last line) must keep the deeper one first: it continues the
 * mapping that ends there.
 */
function orderEdits(edits: readonly LocalEdit[]): LocalEdit[] {
  const indent = (edit: LocalEdit) => (edit.start === edit.end ? /^(?:\r?\n)?( *)/.exec(edit.newText)![1]!.length : 0);
  return edits
    .map((edit, index) => ({ edit, index }))
    .sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || indent(b.edit) - indent(a.edit) || a.index - b.index)
    .map(({ edit }) => edit);
}

function spansOf(change: FixChange): Span[] {
  return change.op === 'move-to-init-containers' ? [change.item, change.podSpec] : [change.at];
}

function shiftChange(change: FixChange, delta: number): FixChange {
  const move = (s: Span): Span => ({ start: s.start + delta, end: s.end + delta });
  return change.op === 'move-to-init-containers' ? { ...change, item: move(change.item), podSpec: move(change.podSpec) } : { ...change, at: move(change.at) };
}

/** CRLF when the document (or, for a one-line document, the file) uses it. */
function lineEnding(file: string, chunk: string): string {
  const sample = chunk.includes('\n') ? chunk : file;
  return sample.includes('\r\n') ? '\r\n' : '\n';
}

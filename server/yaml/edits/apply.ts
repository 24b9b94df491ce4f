/**
 * Applying and trimming offset edits. Edits never overlap; several insertions at one offset apply
 * in array order, as LSP clients apply them.
 */

export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** Edits in ascending order; a stable sort keeps insertions at one offset in their given order. */
export function sortEdits<T extends OffsetEdit>(edits: readonly T[]): T[] {
  return edits.map((edit, index) => ({ edit, index })).sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.index - b.index).map(({ edit }) => edit);
}

export function overlaps(edits: readonly OffsetEdit[]): boolean {
  const sorted = sortEdits(edits);
  return sorted.some((edit, i) => i > 0 && edit.start < sorted[i - 1]!.end);
}

export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  let out = '';
  let at = 0;
  for (const edit of sortEdits(edits)) {
    out += text.slice(at, edit.start) + edit.newText;
    at = Math.max(at, edit.end);
  }
  return out + text.slice(at);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * The same edit without the text it leaves unchanged at either end, so that an edit touches only
 * what differs; undefined when nothing differs. Never splits a surrogate pair.
 */
export function trimEdit(text: string, edit: OffsetEdit): OffsetEdit | undefined {
  const old = text.slice(edit.start, edit.end);
  const next = edit.newText;
  let prefix = 0;
  while (prefix < old.length && prefix < next.length && old[prefix] === next[prefix]) prefix++;
  if (prefix > 0 && isHighSurrogate(old.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (suffix < old.length - prefix && suffix < next.length - prefix && old[old.length - 1 - suffix] === next[next.length - 1 - suffix]) suffix++;
  if (suffix > 0 && isHighSurrogate(old.charCodeAt(old.length - 1 - suffix))) suffix--;
  if (prefix === old.length && prefix === next.length) return undefined;
  return { start: edit.start + prefix, end: edit.end - suffix, newText: next.slice(prefix, next.length - suffix) };
}

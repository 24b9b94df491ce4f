/**
 * The only place where file offsets become editor positions and back. Offsets and characters are
 * both UTF-16 code units (JS string indices), which is what LSP uses by default; lines are 0-based
 * and end at LF, CRLF or a lone CR, as LSP defines them.
 */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Offset ↔ position conversion, whoever keeps the line offsets. */
export interface Positions {
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
  rangeOf(span: { start: number; end: number }): Range;
}

/**
 * Positions of an LSP text document, which already keeps its line offsets up to date edit by edit
 * (same UTF-16 offsets and LF/CRLF/CR line breaks as LineIndex), so a 2 MB file is not re-indexed on
 * every keystroke.
 */
export function documentPositions(document: { positionAt(offset: number): Position; offsetAt(position: Position): number }): Positions {
  return {
    positionAt: (offset) => document.positionAt(offset),
    offsetAt: (position) => document.offsetAt(position),
    rangeOf: (span) => ({ start: document.positionAt(span.start), end: document.positionAt(span.end) }),
  };
}

export class LineIndex implements Positions {
  /** Offset at which each line starts. */
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    if (!text.includes('\r')) {
      // The common case, and a fast one on megabyte files: only LF line breaks.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    const breaks = /\r\n?|\n/g;
    for (let m = breaks.exec(text); m; m = breaks.exec(text)) this.starts.push(m.index + m[0].length);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.starts[low]! };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line]!;
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1]! : this.text.length;
    // A character past the end of the line clamps to the line's end, before its line break.
    let end = next;
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return Math.min(start + Math.max(0, position.character), end);
  }

  rangeOf(span: { start: number; end: number }): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}

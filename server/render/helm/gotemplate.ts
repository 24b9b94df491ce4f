/**
 * Reading a Helm template as YAML without evaluating it. Every `{{ … }}` action is masked in place,
 * keeping every offset: an action alone on its line becomes a comment (`#` and blanks), an action
 * inside a line becomes `x`s (a plain or quoted scalar). The masked text parses as YAML in the
 * common chart styles, so template lines can be matched by key path to the rendered object, and the
 * edit layer can edit literal template text. The actions are kept with their enclosing blocks
 * (`if`/`with`/`range`/`define`), which say what `.` is and where edits are not safe.
 */

export interface Action {
  start: number;
  end: number;
  /** The action's pipeline without delimiters, trim markers and surrounding blanks. */
  body: string;
  /** True when the action is alone on its line(s) (masked as a comment). */
  standalone: boolean;
  /** The column its output starts at: N of `| indent N`/`| nindent N`, else its line's indentation. */
  indent: number;
}

export type BlockKind = 'if' | 'with' | 'range' | 'define' | 'block';

export interface Block {
  kind: BlockKind;
  /** The block's argument: the condition, the `with`/`range` pipeline, the define's name. */
  arg: string;
  /** From the opening action's start to the `end` action's end. */
  start: number;
  end: number;
  /** The body: from the opening action's end (or the last `else`) to the `end` action's start. */
  bodyStart: number;
  bodyEnd: number;
  /** True when the block has an `else` branch. */
  hasElse: boolean;
}

export interface Template {
  text: string;
  masked: string;
  actions: Action[];
  blocks: Block[];
  /** Named templates defined in this file: name → body span. */
  defines: Map<string, { bodyStart: number; bodyEnd: number }>;
}

const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end;
}

function maskRange(chars: string[], start: number, end: number, fill: string): void {
  for (let i = start; i < end; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = fill;
}

export function parseTemplate(text: string): Template {
  const found: Array<{ start: number; end: number; body: string }> = [];
  for (const m of text.matchAll(ACTION)) found.push({ start: m.index, end: m.index + m[0].length, body: m[1].replace(/^\/\*[\s\S]*\*\/$/, '') });
  // One entry per UTF-16 unit, so offsets stay those of the original text.
  const units = text.split('');
  const actions: Action[] = [];
  for (const a of found) {
    const ls = lineStart(text, a.start);
    // Standalone: only blanks and other actions between the line's start and its end.
    const lineText = text.slice(ls, lineEnd(text, a.end));
    const standalone = lineText.replace(ACTION, '').trim() === '';
    const line = text.slice(ls, lineEnd(text, ls));
    // `| indent N` and `| nindent N` write their output at column N, whatever the action's own column.
    const piped = /\|\s*n?indent\s+(\d+)\s*$/.exec(a.body);
    actions.push({ start: a.start, end: a.end, body: a.body, standalone, indent: piped ? Number(piped[1]) : line.length - line.trimStart().length });
  }
  for (const a of actions) {
    const ls = lineStart(text, a.start);
    if (a.standalone) {
      maskRange(units, a.start, a.end, ' ');
      // The first action of the line opens the comment.
      const first = actions.find((b) => b.standalone && lineStart(text, b.start) === ls);
      if (first === a) units[a.start] = '#';
    } else maskRange(units, a.start, a.end, 'x');
  }
  const masked = units.join('');
  const blocks = blocksOf(actions);
  const defines = new Map<string, { bodyStart: number; bodyEnd: number }>();
  for (const b of blocks) if (b.kind === 'define') defines.set(b.arg, { bodyStart: b.bodyStart, bodyEnd: b.bodyEnd });
  return { text, masked, actions, blocks, defines };
}

const OPENERS = /^(if|with|range|define|block)\b\s*([\s\S]*)$/;

function blocksOf(actions: Action[]): Block[] {
  const blocks: Block[] = [];
  const stack: Array<Block & { open: boolean }> = [];
  for (const a of actions) {
    const open = OPENERS.exec(a.body);
    if (open) {
      const arg = open[1] === 'define' || open[1] === 'block' ? (/^"([^"]*)"/.exec(open[2])?.[1] ?? open[2]) : open[2];
      stack.push({ kind: open[1] as BlockKind, arg, start: a.start, end: a.end, bodyStart: a.end, bodyEnd: a.end, hasElse: false, open: true });
    } else if (/^else\b/.test(a.body) && stack.length > 0) {
      stack[stack.length - 1].hasElse = true;
    } else if (a.body === 'end' && stack.length > 0) {
      const b = stack.pop()!;
      blocks.push({ kind: b.kind, arg: b.arg, start: b.start, end: a.end, bodyStart: b.bodyStart, bodyEnd: a.start, hasElse: b.hasElse });
    }
  }
  return blocks.sort((x, y) => x.start - y.start);
}

/** The blocks around an offset, outermost first. */
export function enclosing(template: Template, offset: number): Block[] {
  return template.blocks.filter((b) => b.bodyStart <= offset && offset < b.bodyEnd);
}

/**
 * The masked text of one named template's body: everything else blanked (line breaks kept), so
 * the body parses alone and its nodes keep their offsets in the file.
 */
export function defineText(template: Template, name: string): string | undefined {
  const define = template.defines.get(name);
  if (!define) return undefined;
  const units = template.masked.split('');
  maskRange(units, 0, define.bodyStart, ' ');
  maskRange(units, define.bodyEnd, units.length, ' ');
  return units.join('');
}

/** The masked text with every named template's definition blanked: what the file renders itself. */
export function withoutDefines(template: Template): string {
  const units = template.masked.split('');
  for (const b of template.blocks) if (b.kind === 'define') maskRange(units, b.start, b.end, ' ');
  return units.join('');
}

/** True when the text between start and end contains any template action. */
export function hasActions(template: Template, start: number, end: number): boolean {
  return template.actions.some((a) => a.start < end && a.end > start);
}

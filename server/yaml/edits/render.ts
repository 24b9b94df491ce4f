/**
 * Plain data → YAML text fragments: scalars that read back as the same value under YAML 1.1 (what
 * Kubernetes' decoder speaks) and 1.2, flow collections, and block lines at a given indentation.
 *
 * The scalars are not left to yaml's `CST.createScalarToken`: it "does not support any schema
 * operations", so it would write `08` or `yes` plain (Kubernetes reads a number and a boolean), and
 * its double quotes keep U+007F–U+009F raw, which go-yaml's reader rejects. Existing scalars are
 * re-rendered through the CST in scalar.ts, with the style chosen here.
 */
import { parse } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import type { IndentStyle } from './context';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** True for values that render as a collection (objects and arrays). */
export function isCollection(value: unknown): value is Record<string, unknown> | unknown[] {
  return Array.isArray(value) || isPlainObject(value);
}

// Characters YAML does not allow unescaped (outside c-printable), plus YAML 1.1's extra line breaks.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to escape
const UNPRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to escape
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;

/**
 * True when `text` can be written without quotes and still reads back as this string: no
 * indicator at the start, no `: ` or ` #`, nothing a YAML 1.1 or 1.2 resolver turns into a number,
 * boolean, null or timestamp (`yes`, `on`, `08`, `1.0`, `1:20`, `2024-01-01`).
 */
export function plainSafe(text: string, inFlow: boolean): boolean {
  if (text === '' || text !== text.trim() || CONTROL.test(text)) return false;
  if (/^[?:,[\]{}#&*!|>'"%@`]/.test(text) || /^-(?:\s|$)/.test(text) || /^(?:---|\.\.\.)/.test(text)) return false;
  if (/:(?:\s|$)/.test(text) || /\s#/.test(text)) return false;
  if (inFlow && /[,[\]{}:]/.test(text)) return false;
  // Anything that starts like a number, and the merge key, is quoted whatever the resolver says.
  if (/^[-+]?\.?[0-9]/.test(text) || text === '<<' || text === '=') return false;
  const source = inFlow ? `[${text}]` : `k: ${text}`;
  const expected = inFlow ? [text] : { k: text };
  try {
    return isDeepStrictEqual(parse(source, { version: '1.1' }), expected) && isDeepStrictEqual(parse(source, { version: '1.2' }), expected);
  } catch {
    return false;
  }
}

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/** The inside of a double-quoted scalar (without the quotes), escaped. */
export function escapeDoubleQuoted(text: string): string {
  let out = '';
  for (const ch of text) {
    const escaped = ESCAPES[ch];
    if (escaped) out += escaped;
    else if (UNPRINTABLE.test(ch)) out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

export function doubleQuoted(text: string): string {
  return `"${escapeDoubleQuoted(text)}"`;
}

/** True when only double quotes can hold `text`: it has line breaks or other control characters. */
export function needsEscapes(text: string): boolean {
  return CONTROL.test(text);
}

/** A single-quoted scalar, or undefined when the text needs escapes. */
export function singleQuoted(text: string): string | undefined {
  return needsEscapes(text) ? undefined : `'${text.replace(/'/g, "''")}'`;
}

export function renderScalar(value: unknown, inFlow: boolean): string {
  if (typeof value === 'string') return plainSafe(value, inFlow) ? value : doubleQuoted(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return 'null';
  return doubleQuoted(value instanceof Date ? value.toISOString() : String(value));
}

/** `{a: 1, b: [x, "5"]}` */
export function renderFlow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(renderFlow).join(', ')}]`;
  if (isPlainObject(value)) {
    return `{${Object.entries(value).map(([key, item]) => `${renderScalar(key, true)}: ${renderFlow(item)}`).join(', ')}}`;
  }
  return renderScalar(value, true);
}

/** What follows `key:` on the same line for a value that is not a block: ` 5`, ` {}`. */
function inline(value: unknown): string {
  return isCollection(value) ? renderFlow(value) : renderScalar(value, false);
}

export function isBlock(value: unknown): value is Record<string, unknown> | unknown[] {
  return Array.isArray(value) ? value.length > 0 : isPlainObject(value) && Object.keys(value).length > 0;
}

/** The lines of a block mapping whose keys stand at `col`. */
export function blockEntries(object: Record<string, unknown>, col: number, style: IndentStyle): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(object)) {
    const head = `${' '.repeat(col)}${renderScalar(key, false)}:`;
    if (!isBlock(value)) lines.push(`${head} ${inline(value)}`);
    else if (Array.isArray(value)) lines.push(head, ...blockItems(value, col + style.seqOffset, style));
    else lines.push(head, ...blockEntries(value, col + style.step, style));
  }
  return lines;
}

/** The lines of a block sequence whose dashes stand at `col`. */
export function blockItems(items: unknown[], col: number, style: IndentStyle): string[] {
  const dash = `${' '.repeat(col)}- `;
  return items.flatMap((item) => {
    if (!isPlainObject(item) || !isBlock(item)) return [`${dash}${inline(item)}`];
    const lines = blockEntries(item, col + 2, style);
    return [`${dash}${lines[0]!.slice(col + 2)}`, ...lines.slice(1)];
  });
}

/** Block lines for `value` at `col` (a mapping's keys or a sequence's dashes there). */
export function blockLines(value: Record<string, unknown> | unknown[], col: number, style: IndentStyle): string[] {
  return Array.isArray(value) ? blockItems(value, col, style) : blockEntries(value, col, style);
}

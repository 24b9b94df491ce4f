/**
 * `# kubegrace-ignore rule-a, rule-b -- reason` comments. They are read from the text, not the
 * parse, so they work in every document, including the ones that are skipped or do not parse.
 */
import type { IgnoreComment, Span } from '../../../shared/model/facts';
import { IGNORE_COMMENT } from '../../../shared/rules';

const COMMENT = new RegExp(`^[ \\t]*#[ \\t]*${IGNORE_COMMENT}(?=$|[\\s,:])(.*)$`);
const RULE_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

interface Line {
  text: string;
  span: Span;
}

export function readIgnoreComments(text: string): IgnoreComment[] {
  // Most files have none; don't split a 2 MB install manifest into lines for nothing.
  if (!text.includes(IGNORE_COMMENT)) return [];
  const lines = splitLines(text);
  const result: IgnoreComment[] = [];
  lines.forEach((line, i) => {
    const match = COMMENT.exec(line.text);
    if (!match) return;
    const target = nextCodeLine(lines, i + 1);
    if (target) result.push({ line: target.span, rules: parseRules(match[1] ?? '') });
  });
  return result;
}

/**
 * The rule ids after the marker: lowercase words with dashes separated by commas or blanks. The
 * list ends at the first token that is not a rule id, so `-- reason` can follow it.
 */
export function parseRules(rest: string): string[] {
  const rules: string[] = [];
  for (const token of rest.replace(/^[ \t]*:/, '').split(/[\s,]+/)) {
    if (token === '') continue;
    if (!RULE_ID.test(token)) break;
    if (!rules.includes(token)) rules.push(token);
  }
  return rules;
}

function nextCodeLine(lines: Line[], from: number): Line | undefined {
  for (let i = from; i < lines.length; i++) if (!isBlankOrComment(lines[i]!.text)) return lines[i];
  return undefined;
}

function isBlankOrComment(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

/** Lines with their offsets; a line's span ends before its `\r\n` or `\n`. */
function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const contentEnd = end > start && text[end - 1] === '\r' ? end - 1 : end;
    lines.push({ text: text.slice(start, contentEnd), span: { start, end: contentEnd } });
    if (newline === -1) break;
    start = newline + 1;
  }
  return lines;
}

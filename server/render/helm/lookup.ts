/**
 * Helm's `lookup` reads an object from the cluster, and `helm template` never contacts a cluster:
 * there every `lookup` gives an empty map (helm.sh/docs/chart_template_guide/functions_and_pipelines,
 * "Using the lookup function"; docs/research.md). A finding that rests on such a value judges a
 * default the cluster may never see, so it says so. Text only: knows nothing of LSP or the CLI.
 */
import type { Span } from '../../../shared/model/facts';

/** Where a finding's value meets `lookup`: the template line that calls it, and how close the tie is. */
export interface LookupNote {
  file: string;
  /** The line of the action that calls `lookup`. */
  span: Span;
  /**
   * `field`: the line that writes the field calls `lookup`, or uses a variable set from it;
   * `template`: the template that writes the object calls it somewhere.
   */
  tie: 'field' | 'template';
}

interface Call {
  span: Span;
  /** `$name` when the action assigns the result (`{{ $s := lookup … }}`), else undefined. */
  variable?: string;
}

// An action that calls lookup: `lookup` as a word inside `{{ … }}` (a comment `{{/* … */}}` aside).
const ACTION = /\{\{(?!-?\s*\/\*)([^}]|\}(?!\}))*?\}\}/g;
const CALLS = /(^|[\s({|])lookup\s/;
const ASSIGN = /^\{\{-?\s*(\$[A-Za-z_]\w*)\s*:?=/;

function lineOf(text: string, offset: number): Span {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return { start, end: end === -1 ? text.length : end };
}

function calls(text: string): Call[] {
  // Asked for every mapped finding: most templates never name lookup, and a substring test is
  // far cheaper than scanning their actions.
  if (!text.includes('lookup')) return [];
  const out: Call[] = [];
  for (const match of text.matchAll(ACTION)) {
    if (!CALLS.test(match[0])) continue;
    out.push({ span: lineOf(text, match.index!), variable: ASSIGN.exec(match[0])?.[1] });
  }
  return out;
}

/**
 * The note for a finding whose field is written at `fieldOffset` of `fieldFile` (when found) in a
 * chart whose object comes from `objectFile`; undefined when neither calls `lookup`.
 */
export function lookupNote(read: (path: string) => string | undefined, objectFile: string, field?: { file: string; offset: number }): LookupNote | undefined {
  if (field) {
    const text = read(field.file);
    const found = text === undefined ? [] : calls(text);
    if (text !== undefined && found.length > 0) {
      const line = lineOf(text, field.offset);
      const own = found.find((c) => c.span.start === line.start);
      if (own) return { file: field.file, span: own.span, tie: 'field' };
      // A variable set from lookup earlier in the same file, used on the field's line.
      const words = text.slice(line.start, line.end);
      const via = found.find((c) => c.variable && c.span.start < line.start && new RegExp(`\\${c.variable}(?![\\w])`).test(words));
      if (via) return { file: field.file, span: via.span, tie: 'field' };
    }
  }
  const text = read(objectFile);
  const first = text === undefined ? undefined : calls(text)[0];
  return first ? { file: objectFile, span: first.span, tie: 'template' } : undefined;
}

/**
 * `note`, or, when it only says the template calls lookup somewhere, a related value's note that ties
 * the finding to a lookup line (asked only then: mapping the related values costs).
 */
export function closestNote(note: LookupNote | undefined, related: () => Array<LookupNote | undefined>): LookupNote | undefined {
  if (note?.tie !== 'template') return note;
  return related().find((n) => n?.tie === 'field') ?? note;
}

/** The sentence users read (no rule-book ids), naming the lookup line; `at`: the file the finding is shown in. */
export function lookupSentence(note: LookupNote, read: (path: string) => string | undefined, at: string): string {
  const text = read(note.file) ?? '';
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < note.span.start; i = text.indexOf('\n', i + 1)) line++;
  const where = note.file === at ? `line ${line}` : `${note.file.split(/[\\/]/).pop()}:${line}`;
  return note.tie === 'field'
    ? `a value this rests on comes from lookup (${where}), which is always empty under helm template: in the cluster it may differ`
    : `the template calls lookup (${where}), which is always empty under helm template: if a value this rests on comes from it, in the cluster it may differ`;
}

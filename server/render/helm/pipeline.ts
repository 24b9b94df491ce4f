/**
 * What a template action reads, without evaluating Go templates: the values path behind a pipeline
 * (`toYaml .Values.x`, `{{ .Values.x | quote }}`, `tpl (toYaml .Values.x) $`, Bitnami's
 * `include "common.tplvalues.render" (dict "value" .Values.x "context" $)`), and the literal text of
 * a short scalar whose actions are all known (`{{ .Chart.Name }}`, `{{ .Release.Name }}-web`).
 * Anything else is "unknown": the mapping then gives no location rather than a guess.
 */

/** What `.` is, as a values path, when known. */
export type Dot = string[] | 'root' | undefined;

/** A values path written as `.Values.a.b`, `$.Values.a.b`, `.a` under a known dot, or `.`. */
export function valuesPath(expr: string, dot: Dot): string[] | undefined {
  const m = /^\$?\.Values((?:\.[A-Za-z_][\w-]*)*)$/.exec(expr);
  if (m) return m[1].split('.').filter(Boolean);
  if (Array.isArray(dot)) {
    if (expr === '.') return dot;
    const rel = /^\.([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)$/.exec(expr);
    if (rel) return [...dot, ...rel[1].split('.')];
  }
  return undefined;
}

// Stages that reformat a value without changing which value it is.
const FORMAT = /^(n?indent\s+\d+|toYaml|quote|squote|int|int64|toString|trim)$/;

/**
 * A named template that renders a value given as `(dict "value" X "context" $)`, running `tpl` on
 * it only when it holds `{{` (bitnami/common `_tplvalues.tpl`; many charts copy it under their own
 * prefix). Its output is the value itself, so the value's lines in the values file wrote the node.
 */
const TPLVALUES = /^(?:include|template)\s+"[\w.-]*tplvalues\.render"\s+\(\s*dict\b([^)]*)\)$/;

/**
 * The expression whose value the action writes as a whole, or undefined. `tpl (toYaml X) $` is the
 * value X too: `tpl` changes only strings holding `{{`, and a values scalar that differs from the
 * rendered one is never reported at the values line (helmmap.ts compares them).
 */
export function wholeValue(body: string): string | undefined {
  const [head, ...rest] = splitPipes(body);
  if (rest.some((s) => !FORMAT.test(s))) return undefined;
  const tplvalues = TPLVALUES.exec(head);
  if (tplvalues) return /"value"\s+(\$?\.[\w.-]*|\$)(?=\s|$)/.exec(tplvalues[1])?.[1];
  const tpl = /^tpl\s+\(\s*(?:toYaml\s+(\S+)|(\S+)\s*\|\s*toYaml)\s*\)\s+(?:\$|\.)$/.exec(head);
  if (tpl) return tpl[1] ?? tpl[2];
  const toYaml = /^toYaml\s+(\S+)$/.exec(head);
  if (toYaml) return toYaml[1];
  return /^\S+$/.test(head) ? head : undefined;
}

/** Pipeline stages, split on `|` outside parentheses and quotes. */
function splitPipes(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"' && body[i - 1] !== '\\') quote = !quote;
    else if (!quote && c === '(') depth++;
    else if (!quote && c === ')') depth--;
    else if (!quote && depth === 0 && c === '|') {
      out.push(body.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(body.slice(from).trim());
  return out;
}

export interface Known {
  chartName?: string;
  releaseName?: string;
  /** The scalar a values path holds in the values files (as rendered), or undefined when unsure. */
  value(path: string[]): string | undefined;
}

/**
 * The text a short template scalar (`source`, starting at `offset` in its file) renders to, when
 * each of its actions is a plain read of something known: `.Chart.Name`, `.Release.Name` or a
 * values scalar, at most through `toString`/`trim`. Undefined as soon as one action is not.
 */
export function literalText(source: string, actions: Array<{ start: number; end: number; body: string }>, offset: number, dot: Dot, known: Known): string | undefined {
  let out = '';
  let at = 0;
  for (const a of actions) {
    out += source.slice(at, a.start - offset);
    const [head, ...rest] = splitPipes(a.body);
    if (rest.some((s) => !/^(toString|trim)$/.test(s))) return undefined;
    const path = valuesPath(head, dot);
    const value = head === '.Chart.Name' || head === '$.Chart.Name' ? known.chartName : head === '.Release.Name' || head === '$.Release.Name' ? known.releaseName : path ? known.value(path) : undefined;
    if (value === undefined) return undefined;
    out += value;
    at = a.end - offset;
  }
  return (out + source.slice(at)).replace(/^["']|["']$/g, '');
}

/**
 * Helm: from a path in a rendered object back to the line of the chart that wrote it.
 *
 * The rendered document's `# Source:` comment names the template. Its masked text (gotemplate.ts)
 * is walked along the path: literal keys descend; list items match by `name`, or by position when
 * the template lists them plainly; duplicate keys (`if`/`else` branches) are told apart by how
 * well each agrees with the rendered subtree. Where the template has no literal node, the actions
 * at that place are followed: `include`/`template` into the named template's body, `toYaml X`
 * and `{{ .Values.x }}` into the values files. Anything uncertain gives no location (the caller
 * falls back to the object's first line): never a wrong line.
 */
import { join } from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair, YAMLSeq } from 'yaml';
import type { ChartFiles } from './chart';
import type { SourceSpot } from '../source';

import { defineText, enclosing, hasActions, withoutDefines, type Action, type Template } from './gotemplate';
import { literalText, valuesPath, wholeValue } from './pipeline';
import { best, documents, findIn, matchItem, scalarValue, similarity } from '../locate';
import { itemName, keyOf, pairsWithKey, partSpan, type Part, type Segment } from '../nodepath';

interface Ctx {
  chart: ChartFiles;
  file: string;
  template: Template;
  /** The doc text the nodes were parsed from (masked, possibly one define's body). */
  text: string;
  /** What `.` is, as a values path, when known. */
  dot?: string[] | 'root';
  depth: number;
  /** The deepest literal node reached on the way, for a fallback better than the object's first line. */
  trail?: Trail;
}

/**
 * The nearest line that leads to the node: the deepest key or list item of the path that was found
 * for certain (`lifecycle:` or `- name: web` in the file that holds the container). Steps taken
 * while several actions are still candidates are not recorded.
 */
export interface Trail {
  best?: { file: string; offset: number; remaining: number };
}

function record(ctx: Ctx, node: unknown, remaining: number): void {
  const at = (node as Node | undefined)?.range?.[0];
  if (!ctx.trail || at === undefined) return;
  if (!ctx.trail.best || remaining < ctx.trail.best.remaining) ctx.trail.best = { file: ctx.file, offset: at, remaining };
}

const MAX_DEPTH = 12;
const CONTROL = /^(if|else|end|with|range|define|block)\b|^\/\*/;

function masked(ctx: Ctx) {
  return (node: Node) => isScalar(node) && node.range != null && hasActions(ctx.template, node.range[0], node.range[1]);
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * The lines below a key (or list dash) at `at` that belong to its value: up to the next content
 * line as little indented (a `- ` item at the key's own column still belongs to a key's value).
 */
function regionAfter(text: string, at: number): { start: number; end: number; indent: number } {
  const col = at - lineStartOf(text, at);
  const dash = text[at] === '-';
  const first = text.indexOf('\n', at);
  if (first === -1) return { start: text.length, end: text.length, indent: col };
  let pos = first + 1;
  while (pos < text.length) {
    const next = text.indexOf('\n', pos);
    const line = text.slice(pos, next === -1 ? text.length : next);
    const trimmed = line.trimStart();
    const indent = line.length - trimmed.length;
    const content = trimmed !== '' && !trimmed.startsWith('#');
    if (content && (indent < col || (indent === col && (dash || !trimmed.startsWith('- '))))) break;
    if (next === -1) return { start: first + 1, end: text.length, indent: col };
    pos = next + 1;
  }
  return { start: first + 1, end: pos, indent: col };
}

/** Standalone actions in a region at its children's indentation: they may write the missing node. */
function generators(ctx: Ctx, region: { start: number; end: number; indent: number }): Action[] {
  const inside = ctx.template.actions.filter((a) => a.standalone && a.start >= region.start && a.start < region.end && a.indent > region.indent);
  const childIndent = Math.min(...inside.map((a) => a.indent));
  return inside.filter((a) => a.indent === childIndent && !CONTROL.test(a.body));
}

/** What `.` is at an offset: the innermost `with .Values.x` around it, unknown inside `range`. */
function dotAt(ctx: Ctx, offset: number): Ctx['dot'] {
  let dot = ctx.dot;
  for (const b of enclosing(ctx.template, offset)) {
    if (b.kind === 'with') dot = valuesPath(b.arg.trim(), dot);
    else if (b.kind === 'range') dot = undefined;
  }
  return dot;
}

/** The values path an action writes as a whole (`toYaml X`, `X | quote`, `tpl (toYaml X) $`, tplvalues.render; pipeline.ts). */
function actionValues(ctx: Ctx, a: Action): string[] | undefined {
  const expr = wholeValue(a.body);
  return expr === undefined ? undefined : valuesPath(expr, dotAt(ctx, a.start));
}

/** The scalar at a values path as the values files hold it, for evaluating `- name: {{ .Values.x }}`. */
function knownValue(ctx: Ctx, path: string[]): string | undefined {
  if (/^charts\//.test(ctx.chart.relative(ctx.file)) || ctx.chart.setBySet(path)) return undefined;
  for (const source of ctx.chart.values()) {
    const found = findIn(documents(source.text)[0]?.contents, path.map((key) => ({ key })));
    if (found) return isScalar(found.node) && found.node.value !== null && typeof found.node.value !== 'object' ? String(found.node.value) : undefined;
  }
  return undefined;
}

/**
 * The list item whose `name` is written by template logic that can be read without running it
 * (`- name: {{ .Chart.Name }}`, `- name: {{ .Values.web.name }}`) and renders the rendered item's
 * name: the only one, or none.
 */
function itemByEvaluatedName(ctx: Ctx, items: unknown[], name: string | undefined): unknown {
  if (name === undefined) return undefined;
  const own = !/^charts\//.test(ctx.chart.relative(ctx.file));
  const known = { chartName: own ? ctx.chart.name : undefined, releaseName: own ? ctx.chart.releaseName : undefined, value: (path: string[]) => knownValue(ctx, path) };
  const hits = items.filter((item) => {
    const value = isMap(item) ? (item.items.find((p) => keyOf(p) === 'name')?.value as Node | undefined) : undefined;
    if (!isScalar(value) || !value.range) return false;
    const [start, end] = value.range;
    const inside = ctx.template.actions.filter((a) => a.start >= start && a.end <= end);
    return inside.length > 0 && literalText(ctx.template.text.slice(start, end), inside, start, dotAt(ctx, start), known) === name;
  });
  return hits.length === 1 ? hits[0] : undefined;
}

function fromValues(ctx: Ctx, path: string[], segments: Segment[], rendered: unknown, part: Part): SourceSpot | undefined {
  // An unpacked subchart reads the parent's values under its name first, then its own values.yaml.
  const sub = /^charts\/([^/]+)\/templates\//.exec(ctx.chart.relative(ctx.file))?.[1];
  if (/^charts\//.test(ctx.chart.relative(ctx.file)) && !sub) return undefined;
  const full = sub ? [sub, ...path] : path;
  if (ctx.chart.setBySet(full)) return undefined;
  const own = sub ? [{ file: join(ctx.chart.dir, 'charts', sub, 'values.yaml'), prefix: [] as string[] }] : [];
  const sources = [...ctx.chart.values().map((v) => ({ ...v, prefix: full.slice(0, full.length - path.length) })), ...own.flatMap((o) => ctx.chart.valuesFile(o.file).map((v) => ({ ...v, prefix: o.prefix })))];
  for (const source of sources) {
    const keys: Segment[] = [...[...source.prefix, ...path].map((key) => ({ key })), ...segments];
    const doc = documents(source.text)[0];
    // A rendered list index counts from the whole list, which may hold the template's own items
    // before the values' ones: a named item must be found by its name, never by position.
    const found = doc && findIn(doc.contents, keys, (depth) => (keys[depth] as { name?: string }).name === undefined);
    if (!found) continue;
    // The value must be what was rendered; otherwise something else (a default, --set) wrote it.
    if (isScalar(rendered) && (!isScalar(found.node) || String(scalarValue(found.node)) !== String(scalarValue(rendered)))) return undefined;
    const span = partSpan(found.pair, found.node, segments.length === 0 ? 'value' : part);
    return span && { file: source.file, span, origin: 'values', literal: true, node: found.node, pair: found.pair, parsedText: source.text };
  }
  return undefined;
}

function follow(ctx: Ctx, a: Action, segments: Segment[], rendered: unknown, part: Part): SourceSpot | undefined {
  if (ctx.depth > MAX_DEPTH) return undefined;
  // A value written whole (toYaml, tpl, tplvalues.render) continues in the values files.
  const path = actionValues(ctx, a);
  if (path) return fromValues(ctx, path, segments, rendered, part);
  const include = /^(?:include|template)\s+"([^"]+)"\s*(\S*)/.exec(a.body);
  if (include) {
    const file = ctx.chart.defineFile(include[1]);
    const template = file ? ctx.chart.template(file) : undefined;
    const text = template && defineText(template, include[1]);
    if (!file || !template || text === undefined) return undefined;
    const arg = include[2];
    const dot = arg === '.' || arg === '$' ? dotAt(ctx, a.start) : valuesPath(arg, dotAt(ctx, a.start));
    const root = documents(text)[0]?.contents;
    const def = template.defines.get(include[1])!;
    const inner: Ctx = { chart: ctx.chart, file, template, text, dot, depth: ctx.depth + 1, trail: ctx.trail };
    return walk(inner, root, segments, rendered, part, undefined, { start: def.bodyStart, end: def.bodyEnd, indent: -1 });
  }
  return undefined;
}

function followAll(ctx: Ctx, actions: Action[], segments: Segment[], rendered: unknown, part: Part): SourceSpot | undefined {
  const each = actions.length === 1 ? ctx : { ...ctx, trail: undefined };
  const spots = actions.map((a) => follow(each, a, segments, rendered, part)).filter((s): s is SourceSpot => s !== undefined);
  const distinct = spots.filter((s, i) => spots.findIndex((o) => o.file === s.file && o.span.start === s.span.start) === i);
  return distinct.length === 1 ? distinct[0] : undefined;
}

function spot(ctx: Ctx, pair: Pair | undefined, node: unknown, part: Part): SourceSpot | undefined {
  const span = partSpan(pair, node, part);
  if (!span) return undefined;
  return { file: ctx.file, span, origin: 'template', literal: !hasActions(ctx.template, span.start, span.end), node, pair, parsedText: ctx.text };
}

/** The node of a template (or define) at `segments` below `node`, following actions where needed. */
function walk(ctx: Ctx, node: unknown, segments: Segment[], rendered: unknown, part: Part, pair: Pair | undefined, region: { start: number; end: number; indent: number }): SourceSpot | undefined {
  if (segments.length === 0) {
    // A value written by an action in place (`key: {{ .Values.x }}`) lives in the values file.
    if (isScalar(node) && node.range != null && part !== 'key') {
      const a = ctx.template.actions.find((x) => x.start >= node.range![0] && x.end <= node.range![1]);
      const whole = a && ctx.template.text.slice(node.range[0], node.range[1]).replace(/^["']|["']$/g, '') === ctx.template.text.slice(a.start, a.end);
      if (a && whole) {
        const path = actionValues(ctx, a);
        const values = path && fromValues(ctx, path, [], rendered, 'value');
        if (values) return values;
      }
    }
    return spot(ctx, pair, node, part);
  }
  const [seg, ...rest] = segments;
  const child = childOf(rendered, seg);
  if (isMap(node) && 'key' in seg) {
    const pairs = pairsWithKey(node, seg.key);
    const chosen = best(pairs, (p) => similarity(child, p.value, masked(ctx)));
    if (chosen) {
      record(ctx, chosen.key, rest.length);
      return walk(ctx, chosen.value, rest, child, part, chosen, regionAfter(ctx.text, (chosen.key as Node).range![0]));
    }
    if (pairs.length > 1) return undefined;
  }
  if (isSeq(node) && !('key' in seg)) {
    const item = matchItem(node.items, seg, byPosition(ctx, node, region, rendered, seg)) ?? itemByEvaluatedName(ctx, node.items, seg.name);
    if (item !== undefined) {
      record(ctx, item, rest.length);
      return walk(ctx, item, rest, child, part, undefined, regionAfter(ctx.text, (item as Node).range![0]));
    }
  }
  // Nothing literal here: an action in this place may have written it.
  // An empty value (`key:` and only comment lines below) falls through to the lines below it.
  if (isScalar(node) && node.range && node.range[1] > node.range[0]) {
    const inline = ctx.template.actions.filter((a) => a.start >= node.range![0] && a.end <= node.range![1]);
    return inline.length === 1 ? follow(ctx, inline[0], segments, rendered, part) : undefined;
  }
  return followAll(ctx, generators(ctx, region), segments, rendered, part);
}

/**
 * Whether the template's list items stand at the rendered positions. Not when an item-level action
 * before the last item (from the key's line on) can add or drop one (`if`/`range`/`include`). Actions
 * after the last item (`{{- with .Values.extraContainers }}{{ toYaml . | nindent 8 }}`) can only
 * append, so the literal items keep their positions even when the rendered list is longer; the
 * rendered item must then not carry a name that contradicts the template's literal one.
 */
function byPosition(ctx: Ctx, node: YAMLSeq, region: { start: number }, rendered: unknown, seg: { index: number; name?: string }): boolean {
  if (!isSeq(rendered)) return false;
  const dashCol = node.range![0] - lineStartOf(ctx.text, node.range![0]);
  // The last item's range runs on over trailing comment lines, so its start bounds "before".
  const lastStart = (node.items[node.items.length - 1] as Node | undefined)?.range?.[0] ?? node.range![0];
  const itemLevel = ctx.template.actions.filter((a) => a.standalone && a.indent <= dashCol && a.start >= Math.min(region.start, node.range![0]) && a.start < node.range![1]);
  if (itemLevel.some((a) => a.start < lastStart)) return false;
  const appends = itemLevel.some((a) => !CONTROL.test(a.body));
  if (!appends) return rendered.items.length === node.items.length;
  // A name written by an action is masked text (`xxxx`), not a name to compare.
  const item = node.items[seg.index];
  const name = isMap(item) ? (item.items.find((p) => keyOf(p) === 'name')?.value as Node | undefined) : undefined;
  const literal = name?.range && !hasActions(ctx.template, name.range[0], name.range[1]) ? itemName(item) : undefined;
  return seg.index < node.items.length && rendered.items.length >= node.items.length && (literal === undefined || literal === seg.name);
}

function childOf(rendered: unknown, seg: Segment): unknown {
  if ('key' in seg) return isMap(rendered) ? rendered.items.find((p) => keyOf(p) === seg.key)?.value : undefined;
  return isSeq(rendered) ? rendered.items[seg.index] : undefined;
}

export interface HelmTarget {
  /** The absolute path of the template named by `# Source:`. */
  file: string;
  /** The rendered object (its root mapping) and its kind. */
  rendered: unknown;
  kind: string;
}

/** The template document that renders the object: the first line to fall back to, and its root. */
export function objectRoot(chart: ChartFiles, target: HelmTarget): { ctx: Ctx; root: unknown; start: number } | undefined {
  const template = chart.template(target.file);
  if (!template) return undefined;
  const text = withoutDefines(template);
  const ctx: Ctx = { chart, file: target.file, template, text, dot: 'root', depth: 0 };
  const docs = documents(text).filter((d) => isMap(d.contents));
  const ofKind = docs.filter((d) => pairsWithKey(d.contents as never, 'kind').some((p) => String(scalarValue(p.value)) === target.kind));
  const doc = best(ofKind, (d) => similarity(target.rendered, d.contents, masked(ctx)));
  if (!doc) return undefined;
  return { ctx, root: doc.contents, start: (doc.contents as Node).range![0] };
}

/** The chart spot that wrote the rendered node at `segments` (with `part`), or undefined. */
export function locateInChart(chart: ChartFiles, target: HelmTarget, segments: Segment[], part: Part, trail?: Trail): SourceSpot | undefined {
  const found = objectRoot(chart, target);
  if (!found) return undefined;
  const root = found.root as Node;
  return walk({ ...found.ctx, trail }, root, segments, target.rendered, part, undefined, { start: root.range![0], end: root.range![2], indent: -1 });
}

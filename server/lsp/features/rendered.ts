/**
 * LSP features for a file analysed through its chart or overlays (server/render/): diagnostics at
 * the mapped lines, the hover timeline of the workload a finding or object line belongs to, a code
 * lens per object and chart/overlay, the timeline request, and quick fixes that edit the file
 * holding the value (another file, possibly). One document may see several renders: a base used
 * by three overlays shows each overlay's findings, named.
 */
import { CodeActionKind, DiagnosticSeverity, MarkupKind, TextDocumentEdit, type CodeAction, type CodeActionParams, type CodeLens, type Diagnostic, type Hover, type Position } from 'vscode-languageserver';
import { COMMANDS, DIAGNOSTIC_SOURCE, type ShowTimelineArgs, type TimelineResult } from '../../../shared/protocol';
import type { Span } from '../../../shared/model/facts';
import type { Severity } from '../../../shared/rules';
import { ruleHref } from '../../engine/docs';
import { LineIndex, type Positions } from '../../engine/positions';
import { mapFix } from '../../render/fixmap';
import { renderedIgnore } from '../../render/ignore';
import { lookupSentence } from '../../render/helm/lookup';
import type { OffsetEdit } from '../../yaml/edits';
import type { ReadFile } from '../../render/source';
import type { MappedFinding, RenderResult } from '../../render/project';
import { lensTitle } from './codeLens';
import { hoverMarkdown, hoverPlainText, placeText, type LineOf } from './hoverText';
import { chainView, findingsView } from './timeline';
import { pathToFileURL } from 'node:url';

const SEVERITY: Record<Severity, DiagnosticSeverity> = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint };

export interface RenderedDoc {
  uri: string;
  path: string;
  version: number;
  index: Positions;
  results: RenderResult[];
}

type Workload = RenderResult['analysis']['workloads'][number];

function workloadOf(result: RenderResult, m: MappedFinding): Workload | undefined {
  return result.analysis.workloads.find((w) => w.analysis.findings.includes(m.finding));
}

function mine(doc: RenderedDoc): Array<{ result: RenderResult; m: MappedFinding; key: string }> {
  // Only the findings that can land in this file are mapped (project.ts findingsIn).
  return doc.results.flatMap((result, r) => result.findingsIn(doc.path).map((m) => ({ result, m, key: `render|${r}|${m.index}` })));
}

export function renderedDiagnostics(doc: RenderedDoc): Diagnostic[] {
  return mine(doc).map(({ m, key }) => ({
    range: doc.index.rangeOf(m.span),
    severity: SEVERITY[m.finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: m.finding.rule,
    codeDescription: { href: ruleHref(m.finding.rule) },
    message: m.message,
    // The lookup call the value may come from, when it is in this file (the message names it otherwise).
    ...(m.lookup?.file === doc.path ? { relatedInformation: [{ location: { uri: doc.uri, range: doc.index.rangeOf(m.lookup.span) }, message: 'lookup is always empty under helm template' }] } : {}),
    data: { version: doc.version, key },
  }));
}

/** Each workload's first line in this document, per render. */
function objectLines(doc: RenderedDoc): Array<{ result: RenderResult; w: Workload; span: Span }> {
  return doc.results.flatMap((result) =>
    result.analysis.workloads.flatMap((w) => {
      if (!result.objectIn(w.input.workload.kindSpan, doc.path)) return [];
      const line = result.objectLine(w.input.workload.kindSpan);
      return line && line.file === doc.path ? [{ result, w, span: line.span }] : [];
    }),
  );
}

function inside(offset: number, span: Span): boolean {
  return offset >= span.start && offset <= span.end;
}

/**
 * Where a budget-chain term of a rendered workload is set: its span in the rendered stream mapped
 * to the template, values file, base or patch line that wrote it, as findings are (issue 16).
 */
function renderedPlace(result: RenderResult, read: ReadFile): LineOf {
  return (source) => {
    const spot = source.file ? undefined : result.locate(source.span);
    const text = spot && read(spot.file);
    if (!spot || text === undefined) return undefined;
    return { uri: pathToFileURL(spot.file).href, line: new LineIndex(text).positionAt(spot.span.start).line };
  };
}

export function renderedHover(doc: RenderedDoc, position: Position, markdown: boolean, read: ReadFile): Hover | null {
  const offset = doc.index.offsetAt(position);
  const hits = mine(doc).filter(({ m }) => inside(offset, m.span));
  const sections: string[] = [];
  for (const { result, m } of hits) {
    const w = workloadOf(result, m);
    if (!w) continue;
    const noFix = m.finding.fixes
      .filter((f) => f.id !== 'ignore-rule')
      .map((f) => mapFix(f, result.locate, read))
      .find((x): x is { reason: string } => 'reason' in x);
    const why = noFix ? `\n\nNo quick fix here: ${noFix.reason}.` : '';
    const lookup = m.lookup ? `\n\nNote: ${lookupSentence(m.lookup, read, doc.path)}.` : '';
    const head = `From ${result.label}: ${w.analysis.timeline.object}`;
    const place = placeText(renderedPlace(result, read), markdown);
    sections.push(`${head}\n\n${markdown ? hoverMarkdown(w.analysis.timeline, w.analysis.findings, m.finding.container, place) : hoverPlainText(w.analysis.timeline, w.analysis.findings, m.finding.container, place)}${lookup}${why}`);
  }
  if (sections.length === 0) {
    for (const { result, w, span } of objectLines(doc)) {
      if (!inside(offset, span)) continue;
      const place = placeText(renderedPlace(result, read), markdown);
      const text = markdown ? hoverMarkdown(w.analysis.timeline, w.analysis.findings, undefined, place) : hoverPlainText(w.analysis.timeline, w.analysis.findings, undefined, place);
      sections.push(`From ${result.label}: ${w.analysis.timeline.object}\n\n${text}`);
    }
  }
  if (sections.length === 0) return null;
  const value = [...new Set(sections)].join(markdown ? '\n\n---\n\n' : '\n\n');
  return { contents: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value } };
}

/**
 * What one render says about a workload: its timeline, or, when the API server would reject the
 * object (an `api-validation` error), that instead: such an object never runs, so its timeline is moot.
 */
function lensText(w: Workload): string {
  const rejected = w.analysis.findings.some((f) => f.rule === 'api-validation' && f.severity === 'error');
  return rejected ? `${w.analysis.timeline.object}: the API server would reject it` : lensTitle(w.analysis.timeline, w.analysis.findings.length);
}

/**
 * One lens per object line. A base seen through several overlays gets one short summary instead
 * of one lens per overlay (which editors join into a line that runs off the screen); each
 * overlay's line is in the lens's tooltip, and the timeline command shows the first.
 */
export function renderedLenses(doc: RenderedDoc): CodeLens[] {
  const groups = new Map<number, ReturnType<typeof objectLines>>();
  for (const line of objectLines(doc)) groups.set(line.span.start, [...(groups.get(line.span.start) ?? []), line]);
  return [...groups.values()].map((group) => {
    const range = doc.index.rangeOf(group[0].span);
    const args: ShowTimelineArgs = { uri: doc.uri, position: range.start };
    const each = group.map(({ result, w }) => `${result.label}: ${lensText(w)}`);
    if (group.length === 1) return { range, command: { title: each[0], command: COMMANDS.showTimeline, arguments: [args] } };
    const findings = group.reduce((n, { w }) => n + w.analysis.findings.length, 0);
    const rejected = group.filter(({ w }) => lensText(w).endsWith('would reject it')).length;
    const kinds = new Set(group.map(({ result }) => result.request.kind));
    const noun = kinds.size === 1 && kinds.has('overlay') ? 'overlays' : kinds.size === 1 ? 'renders' : 'charts and overlays';
    const parts = [`${group.length} ${noun}`, `${findings} finding${findings === 1 ? '' : 's'}`, ...(rejected > 0 ? [`${rejected} rejected by the API server`] : [])];
    return { range, command: { title: parts.join(' · '), tooltip: each.join('\n'), command: COMMANDS.showTimeline, arguments: [args] } };
  });
}

export function renderedTimeline(doc: RenderedDoc, position: Position, read: ReadFile): TimelineResult | null {
  const offset = doc.index.offsetAt(position);
  const hit = mine(doc).find(({ m }) => inside(offset, m.span));
  const lines = objectLines(doc);
  const found = hit ? lines.find((l) => l.result === hit.result && l.w === workloadOf(hit.result, hit.m)) : [...lines].reverse().find((l) => l.span.start <= offset) ?? lines[0];
  if (!found) return null;
  return {
    uri: doc.uri,
    version: doc.version,
    timeline: found.w.analysis.timeline,
    findings: findingsView(found.w.analysis),
    line: doc.index.positionAt(found.span.start).line,
    ...chainView(found.w.analysis.timeline.chain, renderedPlace(found.result, read)),
  };
}

function changesOf(edits: Map<string, OffsetEdit[]>, read: ReadFile, uriOf: (path: string) => string, versionOf: (path: string) => number | null): TextDocumentEdit[] {
  return [...edits].map(([file, list]) => {
    const index = new LineIndex(read(file) ?? '');
    return TextDocumentEdit.create({ uri: uriOf(file), version: versionOf(file) }, list.map((e) => ({ range: index.rangeOf(e), newText: e.newText })));
  });
}

/** Quick fixes of rendered findings: edits in the file that holds the value, versioned when it is open. */
export function renderedCodeActions(doc: RenderedDoc, params: CodeActionParams, read: ReadFile, uriOf: (path: string) => string, versionOf: (path: string) => number | null): CodeAction[] {
  const actions: CodeAction[] = [];
  const byKey = new Map(mine(doc).map((x) => [x.key, x]));
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
    const found = byKey.get((diagnostic.data as { key?: string } | undefined)?.key ?? '');
    if (!found) continue;
    found.m.finding.fixes.forEach((fix, i) => {
      const mapped = mapFix(fix, found.result.locate, read);
      if ('reason' in mapped) return;
      const documentChanges = changesOf(mapped.edits, read, uriOf, versionOf);
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: i === 0 && fix.safe, edit: { documentChanges } });
    });
    // Every finding, found line or not, can be silenced where the ignore survives rendering.
    const ignore = renderedIgnore(found.result, found.m, read);
    if (ignore) actions.push({ title: ignore.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { documentChanges: changesOf(ignore.edits, read, uriOf, versionOf) } });
  }
  return actions;
}

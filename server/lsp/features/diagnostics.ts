/**
 * Findings → LSP diagnostics: source `kubegrace`, code = rule id, a link to the rule's page shipped
 * with the extension, related information, and `data` that lets a code action find its finding.
 * Parse problems are not repeated here: the YAML extension shows them. A document left unanalysed on
 * purpose (larger than Kubernetes can store) gets one information diagnostic saying so.
 *
 * An edit re-analyses only the workloads it can change (engine/incremental.ts); the diagnostics of
 * the others are kept with their kept analysis and moved by whole lines, so the cost of an edit in
 * a file with thousands of findings does not follow the number of findings (issue 20).
 */
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE } from '../../../shared/protocol';
import type { Finding, RelatedSpan, WorkloadAnalysis } from '../../../shared/model/output';
import type { Severity } from '../../../shared/rules';
import type { Analysed } from '../documents';
import type { AnalysedWorkload } from '../../engine/analyze';
import { ruleHref } from '../../engine/docs';
import { chunkIndexAt, findingIdentity } from '../../engine/identity';
import type { CrossFile } from '../../workspace/entry';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * What a quick fix needs to find the finding behind a diagnostic again. No document version: it
 * would make every diagnostic new on every edit, and the key already finds the finding in a later
 * version (by its identity, nearest to where it was).
 */
export interface DiagnosticData {
  key: string;
}

/**
 * Identifies a finding within one analysis: rule, object and container by position (not by name,
 * identity.ts), and where it starts in its YAML document. The part before the last `|` survives
 * edits elsewhere, and the whole key survives edits in other documents.
 */
export function findingKey(identity: string, finding: Finding, documentStart: number): string {
  return `${identity}|${finding.span.start - documentStart}`;
}

function documentStart(doc: Analysed, w: AnalysedWorkload): number {
  const { chunks } = doc.analysis.parsed;
  return chunks[w.document ?? chunkIndexAt(chunks, w.input.workload.span.start)]?.offset ?? 0;
}

/**
 * The finding of a diagnostic's key: the exact one, else (the text moved) the same rule on the same
 * object and container by position (never by name), nearest to where it was. Returns the finding's
 * own key. Only the workloads of the key's object are read: placing the others costs a copy each.
 */
export function findingByKey(doc: Analysed, key: string): { finding: Finding; key: string } | undefined {
  const cut = key.lastIndexOf('|');
  const identity = key.slice(0, cut);
  const was = Number(key.slice(cut + 1));
  const object = identity.split('|')[1];
  let best: { finding: Finding; key: string; distance: number } | undefined;
  for (const w of doc.analysis.workloads) {
    if (w.id !== object) continue;
    const start = documentStart(doc, w);
    for (const finding of w.analysis.findings) {
      const own = findingIdentity(w.id, w.input.workload, finding);
      const ownKey = findingKey(own, finding, start);
      if (ownKey === key) return { finding, key: ownKey };
      const distance = Math.abs(finding.span.start - start - was);
      if (own === identity && (!best || distance < best.distance)) best = { finding, key: ownKey, distance };
    }
  }
  return best && { finding: best.finding, key: best.key };
}

/**
 * The diagnostics of one kept analysis, as last handed out. `line` is where its document started;
 * `outside` are the lines of its spans in other documents of the file (a matched Service), checked
 * before reuse; `foreign` the other files' entries its related locations were read from.
 */
interface Kept {
  uri: string;
  document: number;
  offset: number;
  line: number;
  outside: Array<{ offset: number; line: number }>;
  foreign: Map<string, CrossFile | undefined>;
  diagnostics: Diagnostic[];
}

const kept = new WeakMap<WorkloadAnalysis, Kept>();

export function toDiagnostics(doc: Analysed): Diagnostic[] {
  const out: Diagnostic[] = doc.analysis.parseErrors
    .filter((p) => p.notice)
    .map((p): Diagnostic => ({ range: doc.index.rangeOf(p.span), severity: DiagnosticSeverity.Information, source: DIAGNOSTIC_SOURCE, message: p.message }));
  const { chunks } = doc.analysis.parsed;
  let others: Map<string, CrossFile> | undefined;
  const otherFile = (file: string) => {
    others ??= new Map(doc.across.others.map((o) => [o.file, o]));
    return others.get(file);
  };
  for (const w of doc.analysis.workloads) {
    if ((w.source ?? w.analysis).findings.length === 0) continue;
    const chunk = w.document !== undefined ? chunks[w.document] : undefined;
    const start = chunk && doc.index.positionAt(chunk.offset);
    // A document that does not start a line (never, short of a bug) is not moved by lines.
    const movable = w.source && chunk && start!.character === 0;
    const was = movable ? kept.get(w.source!) : undefined;
    if (was && was.uri === doc.uri && was.document === w.document && stillPlaced(doc, was, chunk!.offset, start!.line, otherFile)) {
      const shift = start!.line - was.line;
      if (shift !== 0) {
        was.diagnostics = was.diagnostics.map((d) => shifted(d, shift, doc.uri));
        for (const o of was.outside) {
          o.offset += chunk!.offset - was.offset;
          o.line += shift;
        }
        was.line = start!.line;
        was.offset = chunk!.offset;
      }
      for (const d of was.diagnostics) out.push(d);
      continue;
    }
    const made = diagnosticsOf(doc, w, otherFile);
    if (movable) kept.set(w.source!, { uri: doc.uri, document: w.document!, offset: chunk!.offset, line: start!.line, ...made });
    for (const d of made.diagnostics) out.push(d);
  }
  return out;
}

/** True when what the kept diagnostics point at outside their document stands where it did, relative to it. */
function stillPlaced(doc: Analysed, was: Kept, offset: number, line: number, otherFile: (file: string) => CrossFile | undefined): boolean {
  for (const o of was.outside) if (doc.index.positionAt(o.offset + offset - was.offset).line !== o.line + line - was.line) return false;
  for (const [file, entry] of was.foreign) if (otherFile(file) !== entry) return false;
  return true;
}

function diagnosticsOf(doc: Analysed, w: AnalysedWorkload, otherFile: (file: string) => CrossFile | undefined): Pick<Kept, 'outside' | 'foreign' | 'diagnostics'> {
  const { chunks } = doc.analysis.parsed;
  const index = w.document ?? chunkIndexAt(chunks, w.input.workload.span.start);
  const from = chunks[index]?.offset ?? 0;
  const to = chunks[index + 1]?.offset ?? doc.text.length;
  const outside: Kept['outside'] = [];
  const foreign: Kept['foreign'] = new Map();
  const here = (span: { start: number; end: number }): Range => {
    const range = doc.index.rangeOf(span);
    if (span.start < from || span.end > to) outside.push({ offset: span.start, line: range.start.line }, { offset: span.end, line: range.end.line });
    return range;
  };
  const related = (r: RelatedSpan): DiagnosticRelatedInformation[] => {
    if (!r.file || r.file === doc.uri) return [{ location: { uri: doc.uri, range: here(r.span) }, message: r.message }];
    const entry = otherFile(r.file);
    foreign.set(r.file, entry);
    const range = entry?.ranges.rangeOf(r.span);
    return range ? [{ location: { uri: r.file, range }, message: r.message }] : [];
  };
  const start = from;
  const diagnostics = w.analysis.findings.map(
    (finding): Diagnostic => ({
      range: here(finding.span),
      severity: SEVERITY[finding.severity],
      source: DIAGNOSTIC_SOURCE,
      code: finding.rule,
      codeDescription: { href: ruleHref(finding.rule) },
      message: finding.message,
      relatedInformation: finding.related.flatMap(related),
      data: { key: findingKey(findingIdentity(w.id, w.input.workload, finding), finding, start) } satisfies DiagnosticData,
    }),
  );
  return { outside, foreign, diagnostics };
}

/** A kept diagnostic moved by whole lines; locations in other files stay. */
function shifted(d: Diagnostic, lines: number, uri: string): Diagnostic {
  const move = (r: Range): Range => ({ start: { line: r.start.line + lines, character: r.start.character }, end: { line: r.end.line + lines, character: r.end.character } });
  return {
    ...d,
    range: move(d.range),
    relatedInformation: d.relatedInformation?.map((r) => (r.location.uri === uri ? { location: { uri, range: move(r.location.range) }, message: r.message } : r)),
  };
}

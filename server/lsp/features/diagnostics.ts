/**
 * Findings → LSP diagnostics: source `kubegrace`, code = rule id, a link to the rule's page shipped
 * with the extension, related information, and `data` that lets a code action find its finding.
 * Parse problems are not repeated here: the YAML extension shows them. A document left unanalysed on
 * purpose (larger than Kubernetes can store) gets one information diagnostic saying so.
 */
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import { DIAGNOSTIC_SOURCE } from '../../../shared/protocol';
import type { Finding, RelatedSpan } from '../../../shared/model/output';
import type { Severity } from '../../../shared/rules';
import type { Analysed } from '../documents';
import { ruleHref } from '../../engine/docs';
import { findingIdentity } from '../../engine/identity';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a quick fix needs to find the finding behind a diagnostic again. */
export interface DiagnosticData {
  version: number;
  key: string;
}

/**
 * Identifies a finding within one analysis: rule, object and container by position (not by name,
 * identity.ts), and where it starts. The part before the last `|` survives edits elsewhere.
 */
export function findingKey(identity: string, finding: Finding): string {
  return `${identity}|${finding.span.start}`;
}

/**
 * The finding of a diagnostic's key: the exact one, else (the text moved) the same rule on the same
 * object and container by position (never by name), nearest to where it was. Returns the finding's
 * own key.
 */
export function findingByKey(doc: Analysed, key: string): { finding: Finding; key: string } | undefined {
  const cut = key.lastIndexOf('|');
  const identity = key.slice(0, cut);
  const was = Number(key.slice(cut + 1));
  let best: { finding: Finding; key: string } | undefined;
  for (const w of doc.analysis.workloads) {
    for (const finding of w.analysis.findings) {
      const own = findingIdentity(w.id, w.input.workload, finding);
      const ownKey = findingKey(own, finding);
      if (ownKey === key) return { finding, key: ownKey };
      if (own === identity && (!best || Math.abs(finding.span.start - was) < Math.abs(best.finding.span.start - was))) best = { finding, key: ownKey };
    }
  }
  return best;
}

export function toDiagnostics(doc: Analysed): Diagnostic[] {
  const notices = doc.analysis.parseErrors
    .filter((p) => p.notice)
    .map((p): Diagnostic => ({ range: doc.index.rangeOf(p.span), severity: DiagnosticSeverity.Information, source: DIAGNOSTIC_SOURCE, message: p.message }));
  // `w.input` only for a workload with findings: the server builds it on first use (incremental.ts).
  const findings = doc.analysis.workloads.flatMap((w) =>
    w.analysis.findings.map((finding): Diagnostic => ({
      range: doc.index.rangeOf(finding.span),
      severity: SEVERITY[finding.severity],
      source: DIAGNOSTIC_SOURCE,
      code: finding.rule,
      codeDescription: { href: ruleHref(finding.rule) },
      message: finding.message,
      relatedInformation: finding.related.flatMap((r) => related(doc, r)),
      data: { version: doc.version, key: findingKey(findingIdentity(w.id, w.input.workload, finding), finding) } satisfies DiagnosticData,
    })),
  );
  return notices.length > 0 ? [...notices, ...findings] : findings;
}

/** A related span as a location: in the document itself, or in another file of the workspace. */
function related(doc: Analysed, r: RelatedSpan): DiagnosticRelatedInformation[] {
  if (!r.file || r.file === doc.uri) return [{ location: { uri: doc.uri, range: doc.index.rangeOf(r.span) }, message: r.message }];
  const range = doc.across.others.find((o) => o.file === r.file)?.ranges.rangeOf(r.span);
  return range ? [{ location: { uri: r.file, range }, message: r.message }] : [];
}

/**
 * Suppressions that do nothing, reported as notices on stderr: a `# kubegrace-ignore` comment or a
 * `kubegrace/ignore` annotation naming a rule that does not exist (a typo silences nothing, and
 * nobody would notice), and a comment that no longer silences any finding (ESLint's
 * `--report-unused-disable-directives`). Notices do not change the exit status.
 */
import { didYouMean } from '../../shared/closest';
import { IGNORE_ANNOTATION, IGNORE_COMMENT, RULE_IDS } from '../../shared/rules';
import type { IgnoreComment, Span } from '../../shared/model/facts';
import type { FileAnalysis } from '../engine/analyze';
import { LineIndex } from '../engine/positions';

const KNOWN = new Set<string>(RULE_IDS);

function within(offset: number, line: Span): boolean {
  return offset >= line.start && offset <= line.end;
}

/** The same test as the model's (shared/model/analyze.ts): the line below, or the object's first line. */
function silences(comment: IgnoreComment, rule: string, start: number, objectStart: number): boolean {
  return (within(start, comment.line) || within(objectStart, comment.line)) && (comment.rules.length === 0 || comment.rules.includes(rule));
}

/**
 * `analysis`: the file as checked; `unsuppressed`: the same file analysed without its comments
 * (only needed when it has some), to tell which comments still silence a finding.
 */
export function suppressionNotices(path: string, text: string, analysis: FileAnalysis, unsuppressed?: FileAnalysis): string[] {
  const index = new LineIndex(text);
  const at = (offset: number) => `${path}:${index.positionAt(offset).line + 1}`;
  const notices: string[] = [];
  for (const comment of analysis.facts.ignoreComments) {
    // The comment stands above the line it applies to.
    const where = `${at(comment.line.start)} (the # ${IGNORE_COMMENT} above it)`;
    for (const rule of comment.rules.filter((r) => !KNOWN.has(r))) notices.push(`${where}: no rule is called "${rule}"${didYouMean(rule, RULE_IDS)}`);
    const raw = unsuppressed?.workloads.flatMap((w) => w.analysis.findings.map((f) => ({ rule: f.rule, start: f.span.start, objectStart: w.input.workload.span.start }))) ?? [];
    if (unsuppressed && !raw.some((f) => silences(comment, f.rule, f.start, f.objectStart))) {
      notices.push(`${where}: silences no finding${comment.rules.length > 0 ? ` of ${comment.rules.join(', ')}` : ''}; remove it if it is no longer needed`);
    }
  }
  for (const { workload } of analysis.workloads.map((w) => w.input)) {
    for (const metadata of [workload.metadata, workload.podMetadata]) {
      const annotation = metadata.annotations[IGNORE_ANNOTATION];
      if (!annotation) continue;
      for (const rule of annotation.value.split(/[\s,]+/).filter((r) => r && r !== 'all' && !KNOWN.has(r))) {
        notices.push(`${at(annotation.span.start)}: ${IGNORE_ANNOTATION} names no rule "${rule}"${didYouMean(rule, RULE_IDS)}`);
      }
    }
  }
  return notices;
}

/**
 * The model's entry point: one workload's facts → its timeline and findings, with the user's
 * severities and suppressions applied.
 */
import { IGNORE_ANNOTATION } from '../rules';
import type { Settings } from '../settings';
import { buildContext } from './context';
import type { IgnoreComment, Span } from './facts';
import { ignoreRule } from './fixes';
import { writesValidValues } from './fixcheck';
import type { WorkloadInput } from './input';
import type { Finding, WorkloadAnalysis } from './output';
import { RULES } from './rules/index';
import { chainRelated } from './paths/chain';

function annotationIgnores(input: WorkloadInput): Set<string> {
  const values = [input.workload.metadata, input.workload.podMetadata].map((m) => m.annotations[IGNORE_ANNOTATION]?.value ?? '');
  return new Set(values.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean));
}

function within(offset: number, line: Span): boolean {
  return offset >= line.start && offset <= line.end;
}

/** A comment silences the line below it, or the whole object when it stands above its first line. */
function commentIgnores(comments: IgnoreComment[], finding: Finding, objectStart: number): boolean {
  return comments.some(
    (c) => (within(finding.span.start, c.line) || within(objectStart, c.line)) && (c.rules.length === 0 || c.rules.includes(finding.rule)),
  );
}

export function analyzeWorkload(input: WorkloadInput, settings: Settings): WorkloadAnalysis {
  const context = buildContext(input, settings);
  const ignored = annotationIgnores(input);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const override = settings.rules[rule.id];
    if (override === 'off' || ignored.has(rule.id) || ignored.has('all')) continue;
    for (const raw of rule.check(context)) {
      const finding: Finding = {
        ...raw,
        rule: rule.id,
        severity: override ?? raw.severity ?? rule.defaultSeverity,
        object: context.object,
        fixes: [...raw.fixes.filter(writesValidValues), ignoreRule(input.workload, rule.id)],
      };
      // The lines that set the terms of the broken budget-chain link (paths/chain.ts), in any file.
      finding.related = [...finding.related, ...chainRelated(context.timeline.chain, finding)];
      if (!commentIgnores(input.ignoreComments, finding, input.workload.span.start)) findings.push(finding);
    }
  }
  findings.sort((a, b) => a.span.start - b.span.start);
  return { timeline: context.timeline, findings };
}

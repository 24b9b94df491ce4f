/**
 * The shape of one rule. Rules live in `rules/<rule-id>.ts`, each exporting one `Rule`.
 */
import type { RuleId, Severity } from '../rules';
import type { RuleContext } from './context';
import type { Finding } from './output';

/** A finding as a rule reports it; `object` and the `ignore-rule` fix are added by the analyser. */
export type RuleFinding = Omit<Finding, 'object' | 'rule' | 'severity'> & { severity?: Severity };

export interface Rule {
  id: RuleId;
  /** The severity when the rule does not choose one per finding. */
  defaultSeverity: Severity;
  check(context: RuleContext): RuleFinding[];
}

/** Formats seconds for messages: 5, 2.5, never 2.5000001. */
export function secs(value: number): string {
  return `${Math.round(value * 10) / 10} s`;
}

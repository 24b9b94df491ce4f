/** `kubegrace rules`: every rule with the severity it has here and the page that documents it. */
import { RULES } from '../../shared/model/rules/index';
import { RULE_DESCRIPTIONS } from '../../shared/rule-descriptions';
import type { Settings } from '../../shared/settings';
import type { Paint } from './output/color';

export interface JsonRule {
  id: string;
  /** The severity after settings: a severity or `off`. */
  severity: string;
  defaultSeverity: string;
  description: string;
  page: string;
}

export function ruleList(settings: Settings, page: (rule: string) => string): JsonRule[] {
  return RULES.map((rule) => ({
    id: rule.id,
    severity: settings.rules[rule.id] ?? rule.defaultSeverity,
    defaultSeverity: rule.defaultSeverity,
    description: RULE_DESCRIPTIONS[rule.id].short,
    page: page(rule.id),
  }));
}

export function rulesText(rules: JsonRule[], paint: Paint): string {
  const idWidth = Math.max(...rules.map((r) => r.id.length));
  const severityWidth = Math.max(...rules.map((r) => r.severity.length + (r.severity === r.defaultSeverity ? 0 : r.defaultSeverity.length + 11)));
  return rules
    .map((r) => {
      const severity = r.severity === r.defaultSeverity ? r.severity : `${r.severity} (default ${r.defaultSeverity})`;
      const painted = r.severity === 'off' ? paint.dim(severity) : paint.severity(r.severity as 'error', severity);
      return `${paint.bold(r.id.padEnd(idWidth))}  ${painted}${' '.repeat(severityWidth - severity.length)}  ${r.description}\n${' '.repeat(idWidth + 2)}${paint.dim(r.page)}`;
    })
    .join('\n');
}

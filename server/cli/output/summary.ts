/** The one-line summary after text output: "1 error, 3 warnings in 2 of 40 files". */
import { SEVERITIES, type Severity } from '../../../shared/rules';
import type { JsonFile } from './report';

const PLURAL: Record<Severity, [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  information: ['information', 'information'],
  hint: ['hint', 'hints'],
};

function count(n: number, [one, many]: [string, string]): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function summaryLine(files: JsonFile[]): string {
  const total = count(files.length, ['file', 'files']);
  const counts = SEVERITIES.map((s) => [s, files.reduce((n, f) => n + f.findings.filter((x) => x.severity === s).length, 0)] as const).filter(([, n]) => n > 0);
  const skipped = files.reduce((n, f) => n + f.errors.length, 0);
  const parse = skipped > 0 ? `; ${count(skipped, ['document', 'documents'])} not valid YAML, skipped` : '';
  if (counts.length === 0) return `no problems in ${total}${parse}`;
  const withFindings = files.filter((f) => f.findings.length > 0).length;
  return `${counts.map(([s, n]) => count(n, PLURAL[s])).join(', ')} in ${withFindings} of ${total}${parse}`;
}

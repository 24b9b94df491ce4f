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

/**
 * `unrendered`: charts and overlays that could not be rendered. Their files were not checked, so
 * the line never says "no problems" about a run that failed (the error is on stderr above it).
 */
export function summaryLine(files: JsonFile[], unrendered = 0): string {
  if (unrendered > 0) {
    const rest = files.length > 0 ? `; ${summaryLine(files).replace(/^no problems/, 'no problems found')}` : '';
    return `${count(unrendered, ['chart or overlay', 'charts or overlays'])} not checked: could not be rendered${rest}`;
  }
  const total = count(files.length, ['file', 'files']);
  const counts = SEVERITIES.map((s) => [s, files.reduce((n, f) => n + f.findings.filter((x) => x.severity === s).length, 0)] as const).filter(([, n]) => n > 0);
  const skipped = files.reduce((n, f) => n + f.errors.length, 0);
  const parse = skipped > 0 ? `; ${count(skipped, ['document', 'documents'])} not valid YAML, skipped` : '';
  if (counts.length === 0) return `no problems in ${total}${parse}`;
  const withFindings = files.filter((f) => f.findings.length > 0).length;
  return `${counts.map(([s, n]) => count(n, PLURAL[s])).join(', ')} in ${withFindings} of ${total}${parse}`;
}

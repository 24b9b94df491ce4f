/**
 * ANSI colour for text output: only on a terminal, never with NO_COLOR (https://no-color.org: set
 * and not empty) or --no-color; FORCE_COLOR (set, not empty or "0") turns it on where there is no terminal.
 */
import type { Severity } from '../../../shared/rules';

export interface Paint {
  severity(severity: Severity, text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const CODES: Record<Severity, number> = { error: 31, warning: 33, information: 36, hint: 90 };

function wrap(code: number, text: string): string {
  return `\u001b[${code}m${text}\u001b[0m`;
}

const PLAIN: Paint = { severity: (_, t) => t, dim: (t) => t, bold: (t) => t };
const ANSI: Paint = { severity: (s, t) => wrap(CODES[s], t), dim: (t) => wrap(2, t), bold: (t) => wrap(1, t) };

export function useColor(flag: boolean, isTty: boolean, env: Record<string, string | undefined>): boolean {
  if (!flag || (env.NO_COLOR ?? '') !== '') return false;
  if ((env.FORCE_COLOR ?? '') !== '' && env.FORCE_COLOR !== '0') return true;
  return isTty && env.TERM !== 'dumb';
}

export function paint(color: boolean): Paint {
  return color ? ANSI : PLAIN;
}

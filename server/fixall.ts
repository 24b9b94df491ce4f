/**
 * Applies every safe fix of a file, one at a time, re-analysing after each so fixes that touch the
 * same lines (two containers both raising the grace period) compose correctly. Used by
 * `source.fixAll.kubegrace` and, later, by `kubegrace check --fix`.
 */
import type { Settings } from '../shared/settings';
import { analyzeFile, type FileAnalysis } from './analyze';
import { applyEdits, fixEdits, type OffsetEdit } from './yaml/edits';

const MAX_ROUNDS = 50;

export function fixAllText(
  text: string,
  settings: Settings,
  analyze: (text: string) => FileAnalysis = (next) => analyzeFile(next, settings),
): { text: string; applied: string[] } {
  let current = text;
  const applied: string[] = [];
  const tried = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const analysis = analyze(current);
    let changed = false;
    for (const finding of analysis.workloads.flatMap((w) => w.analysis.findings)) {
      const fix = finding.fixes.find((f) => f.safe);
      const key = `${finding.rule}|${finding.object}|${finding.container ?? ''}|${fix?.id}`;
      if (!fix || tried.has(key)) continue;
      tried.add(key);
      const edits = fixEdits(current, fix);
      if (edits.length === 0) continue;
      current = applyEdits(current, edits);
      applied.push(`${finding.object}: ${fix.title}`);
      changed = true;
      break;
    }
    if (!changed) break;
  }
  return { text: current, applied };
}

/** The smallest single edit that turns `before` into `after`: their common prefix and suffix are kept. */
export function trimmedDifference(before: string, after: string): OffsetEdit | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { start, end: before.length - end, newText: after.slice(start, after.length - end) };
}

/**
 * Applies every safe fix of a file. Each round analyses the file once and renders the fixes of
 * every document against that one parse; a document gets at most one fix per round, so fixes that
 * touch the same lines (two containers both raising the grace period) are rendered against the
 * text the earlier one left. Rounds reuse the previous round's parse and the analyses of the
 * documents they did not change (the engine keeps them per document, state.ts). Used by `source.fixAll.kubegrace` and by
 * `kubegrace check --fix`.
 *
 * A fix is tried once per identity (rule, object by document and position, container by list and
 * index, fix id: identity.ts), never per name, so same-named objects and containers are each fixed.
 * There is no cap on fixes or rounds: every round applies a fix not tried before, and the set of
 * identities is finite (fixes add no documents, workloads or containers), so the loop ends.
 */
import type { Settings } from '../../shared/settings';
import { analyzeFile, type FileAnalysis } from './analyze';
import { chunkIndexAt, findingIdentity } from './identity';
import { AnalysisMemo } from './state';
import { applyEdits, fixEdits, type OffsetEdit } from '../yaml/edits';
import type { ParsedFile } from '../yaml/parse/parse';

/** Analyses a version of the file; `previous` is the parse of the version before, for reuse. */
export type Analyze = (text: string, previous?: ParsedFile) => FileAnalysis;

export function fixAllText(text: string, settings: Settings, analyze: Analyze = roundsOf(settings)): { text: string; applied: string[] } {
  let current = text;
  let previous: ParsedFile | undefined;
  const applied: string[] = [];
  const tried = new Set<string>();
  for (;;) {
    const analysis = analyze(current, previous);
    const round = fixRound(current, analysis, tried);
    if (round.edits.length === 0) break;
    applied.push(...round.applied);
    current = applyEdits(current, round.edits);
    previous = analysis.parsed;
  }
  return { text: current, applied };
}

/** Analyses each round's text with one state, so a round re-analyses what the last one changed. */
function roundsOf(settings: Settings): Analyze {
  const memo = new AnalysisMemo();
  return (next, previous) => analyzeFile(next, settings, previous, undefined, memo);
}

/** One round: the first untried safe fix of each document, all rendered against `analysis.parsed`. */
function fixRound(text: string, analysis: FileAnalysis, tried: Set<string>): { edits: OffsetEdit[]; applied: string[] } {
  const { chunks } = analysis.parsed;
  const touched = new Set<number>();
  const edits: OffsetEdit[] = [];
  const applied: string[] = [];
  for (const { id, input, analysis: result } of analysis.workloads) {
    if (touched.has(chunkIndexAt(chunks, input.workload.span.start))) continue;
    for (const finding of result.findings) {
      const fix = finding.fixes.find((f) => f.safe);
      if (!fix) continue;
      const key = `${findingIdentity(id, input.workload, finding)}|${fix.id}`;
      if (tried.has(key)) continue;
      // The documents the fix changes: those its changes point into (edits.ts renders each change
      // within its document). Edits of several documents at one offset keep their file order.
      const documents = fix.changes.flatMap((c) => (c.op === 'move-to-init-containers' ? [c.item, c.podSpec] : [c.at])).map((span) => chunkIndexAt(chunks, span.start));
      if (documents.some((d) => touched.has(d))) continue; // next round, against the new text
      tried.add(key);
      const found = fixEdits(text, fix, analysis.parsed);
      if (found.length === 0) continue;
      for (const d of documents) touched.add(d);
      edits.push(...found);
      applied.push(`${finding.object}: ${fix.title}`);
      break;
    }
  }
  return { edits, applied };
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

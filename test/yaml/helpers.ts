import assert from 'node:assert/strict';
import type { Span, WorkloadFacts } from '../../shared/model/facts';
import { extractFacts, type FileFacts } from '../../server/yaml/facts/extract';
import { parseFile } from '../../server/yaml/parse/parse';

export function factsOf(text: string): FileFacts {
  return extractFacts(parseFile(text));
}

/** The text a span covers; asserting on it is the readable way to check spans. */
export function at(text: string, span: Span | undefined): string {
  assert.ok(span, 'expected a span');
  return text.slice(span.start, span.end);
}

/** The only workload of a text. */
export function onlyWorkload(text: string): WorkloadFacts {
  const facts = factsOf(text);
  assert.deepEqual(facts.parseErrors, []);
  assert.equal(facts.workloads.length, 1, 'expected exactly one workload');
  return facts.workloads[0]!;
}

/** Joins lines with LF; keeps test manifests readable. */
export function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

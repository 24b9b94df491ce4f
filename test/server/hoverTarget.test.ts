/**
 * Hover and the timeline request read only the workloads of the YAML document under the cursor
 * (issue 20): reading a workload's spans places it (engine/placed.ts, a copy when its document
 * moved), and a hover that read all of them cost more than the edit before it at 5,000 workloads.
 * The answers must be the same as a scan of every workload.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile, type AnalysedWorkload, type FileAnalysis } from '../../server/engine/analyze';
import { AnalysisMemo } from '../../server/engine/state';
import { hoverTarget, workloadAt } from '../../server/lsp/features/hoverTarget';
import { DEFAULT_SETTINGS } from '../../shared/settings';

const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  template:
    spec:
      terminationGracePeriodSeconds: 30
      containers:
        - name: ${name}-c
          image: nginx
`;
const list = `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: l0}
    spec: {template: {spec: {containers: [{name: l0-c, image: x}]}}}
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: l1}
    spec: {template: {spec: {containers: [{name: l1-c, image: x}]}}}
`;
const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: a}}\n';
const FILE = ['# a comment only\n', deployment('a'), service, deployment('b'), list, deployment('c')].join('---\n');

/** The workloads wrapped so that each read of `input` is counted, by workload id. */
function counted(analysis: FileAnalysis): { analysis: FileAnalysis; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const workloads = analysis.workloads.map(
    (w): AnalysedWorkload => ({
      id: w.id,
      document: w.document,
      analysis: w.analysis,
      get input() {
        reads.set(w.id, (reads.get(w.id) ?? 0) + 1);
        return w.input;
      },
    }),
  );
  return { analysis: { ...analysis, workloads }, reads };
}

function naiveHover(analysis: FileAnalysis, offset: number): string | undefined {
  const within = (s: { start: number; end: number } | undefined) => s !== undefined && offset >= s.start && offset <= s.end;
  for (const w of analysis.workloads) {
    if (!within(w.input.workload.span)) continue;
    const pod = w.input.workload.pod;
    const container = [...pod.containers, ...pod.initContainers].find((c) => within(c.namePairSpan ?? c.nameSpan));
    if (container) return `${w.id}/${container.name}`;
    if (within(w.input.workload.kindPairSpan ?? w.input.workload.kindSpan)) return w.id;
  }
  return undefined;
}

test('hover and timeline targets: the same as a scan of every workload, reading only the workloads of the document under the cursor', () => {
  // An edit at the top moves every document: each workload is placed when read.
  const memo = new AnalysisMemo();
  analyzeFile(FILE, DEFAULT_SETTINGS, undefined, undefined, memo);
  const edited = `# moved\n${FILE}`;
  const fresh = analyzeFile(edited, DEFAULT_SETTINGS, undefined, undefined, memo);
  assert.deepEqual(fresh.workloads.map((w) => w.id), ['d0', 'd2', 'd3', 'd3.1', 'd4']);
  for (const probe of ['kind: Deployment\nmetadata:\n  name: b', 'name: a-c', 'name: l1-c', 'kind: Deployment\n    metadata: {name: l1}', 'name: c-c', 'a comment', 'kind: Service', 'image: nginx\n---\napiVersion: v1\nkind: List']) {
    const offset = edited.indexOf(probe) + probe.length - 1;
    assert.ok(offset > 0, probe);
    const { analysis, reads } = counted(fresh);
    const target = hoverTarget(analysis, offset);
    const got = target && (target.container ? `${target.workload.id}/${target.container}` : target.workload.id);
    assert.equal(got, naiveHover(fresh, offset), probe);
    const document = fresh.parsed.chunks.filter((c) => c.offset <= offset).length - 1;
    for (const id of reads.keys()) assert.equal(fresh.workloads.find((w) => w.id === id)!.document, document, `${probe}: read ${id}`);

    // The timeline: the workload containing the offset, else the nearest above it, else the first.
    const above = fresh.workloads.filter((w) => w.input.workload.span.start <= offset);
    const expected = fresh.workloads.find((w) => offset >= w.input.workload.span.start && offset <= w.input.workload.span.end) ?? above[above.length - 1] ?? fresh.workloads[0];
    const timelineReads = counted(fresh);
    assert.equal(workloadAt(timelineReads.analysis, offset)?.id, expected?.id, probe);
    assert.ok(timelineReads.reads.size <= 3, `${probe}: the timeline read ${timelineReads.reads.size} workloads`);
  }
});

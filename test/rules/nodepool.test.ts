/**
 * Karpenter NodePools in the files (issue 16): `spec.template.spec.terminationGracePeriod` is a
 * node-level deadline. Karpenter deletes a pod whose grace period would run past it at once, with
 * the time left, so no pod on such a node gets more than the deadline: kubernetes-sigs/karpenter at
 * commit 2266468104f36373ed002241afaee2d3bbc26078, `pkg/apis/v1/nodepool.go` (the field's doc and its
 * pattern `^([0-9]+(s|m|h))+$`) and `pkg/controllers/node/termination/terminator/eviction.go`
 * (`needsForceDelete`, `forceDelete`). Which pool is the pod's: its `karpenter.sh/nodepool`
 * nodeSelector or required affinity, else the only NodePool (our choice, docs/research.md "Platforms").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile } from '../../server/engine/analyze';
import { extractFacts } from '../../server/yaml/facts/extract';
import { workloadInputsAcross } from '../../server/yaml/facts/match';
import { parseFile } from '../../server/yaml/parse/parse';
import { analyzeWorkload } from '../../shared/model/analyze';
import { deployment, rule, settings, timelines } from './helpers';

const pool = (name: string, grace?: string) =>
  ['apiVersion: karpenter.sh/v1', 'kind: NodePool', `metadata: {name: ${name}}`, 'spec:', '  template:', '    spec:', ...(grace ? [`      terminationGracePeriod: ${grace}`] : []), '      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}', ''].join('\n');
// preStop 90 s + the 10 s shutdown estimate: the app needs until ≈100 s of its 120 s grace period.
const web = (pod = '') => deployment({ container: 'lifecycle: {preStop: {sleep: {seconds: 90}}}', pod: `terminationGracePeriodSeconds: 120${pod ? `\n${pod}` : ''}` });

test('the only NodePool caps the grace period: 1m < the ≈100 s the pod needs; linked to the value', () => {
  const text = `${pool('default', '1m')}---\n${web()}`;
  const found = rule('grace-capped-by-platform', text);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.at, '120');
  assert.match(found[0]!.message, /grace period of 120 s has no effect on Karpenter NodePool\/default: the node goes after 60 s \(its terminationGracePeriod 1m, the only NodePool in the files\), but web needs until ≈100 s/);
  const finding = analyzeFile(text, settings()).workloads[0]!.analysis.findings.find((f) => f.rule === 'grace-capped-by-platform')!;
  // The NodePool's value, then the chain's other term that breaks: the preStop that needs 90 s.
  assert.deepEqual(finding.related.map((r) => text.slice(r.span.start, r.span.end)), ['1m', 'preStop']);
  const path = timelines(text)[0]!.paths!.find((p) => p.kind === 'node-deadline')!;
  assert.equal(path.graceSeconds, 60);
  assert.match(path.text, /^Node termination on Karpenter NodePool\/default: pods get 60 s/);
});

test('quiet when the deadline covers the pod, when there is none, and when the value is not a Karpenter duration', () => {
  assert.deepEqual(rule('grace-capped-by-platform', `${pool('default', '2m')}---\n${web()}`), []);
  assert.deepEqual(rule('grace-capped-by-platform', `${pool('default')}---\n${web()}`), []);
  assert.deepEqual(rule('grace-capped-by-platform', `${pool('default', '1.5m')}---\n${web()}`), [], 'the CRD pattern takes whole numbers only');
  assert.equal(timelines(`${pool('default', '10m')}---\n${web()}`)[0]!.paths, undefined);
});

test('a nodeSelector or required affinity on karpenter.sh/nodepool picks the pool; several pools and no tie pick none', () => {
  const pools = `${pool('fast', '30s')}---\n${pool('batch', '1h')}---\n`;
  assert.deepEqual(rule('grace-capped-by-platform', `${pools}${web()}`), [], 'two pools, no tie');
  assert.deepEqual(rule('grace-capped-by-platform', `${pools}${web('nodeSelector: {karpenter.sh/nodepool: batch}')}`), []);
  const tied = rule('grace-capped-by-platform', `${pools}${web('nodeSelector: {karpenter.sh/nodepool: fast}')}`);
  assert.match(tied[0]!.message, /Karpenter NodePool\/fast: the node goes after 30 s \(its terminationGracePeriod 30s\)/);
  // Required affinity with two pools: the pod may land on either, so the shorter deadline counts.
  const affinity = 'affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n      nodeSelectorTerms:\n        - matchExpressions:\n            - {key: karpenter.sh/nodepool, operator: In, values: [batch, fast]}';
  assert.match(rule('grace-capped-by-platform', `${pools}${web(affinity)}`)[0]!.message, /NodePool\/fast/);
  assert.deepEqual(rule('grace-capped-by-platform', `${pools}${web(affinity.replace('requiredDuring', 'preferredDuring'))}`), [], 'preferred affinity ties nothing');
});

test('the shorter of the platform setting and the NodePool wins', () => {
  // karpenter-spot: the 120 s EC2 notice; a 50s NodePool is shorter.
  const found = rule('grace-capped-by-platform', `${pool('default', '50s')}---\n${web()}`, { platform: { profile: 'karpenter-spot' } });
  assert.match(found[0]!.message, /after 50 s \(its terminationGracePeriod 50s/);
  // A 10m NodePool is longer than GKE Spot's 15 s: the profile speaks.
  assert.match(rule('grace-capped-by-platform', `${pool('default', '10m')}---\n${web()}`, { platform: { profile: 'gke-spot' } })[0]!.message, /GKE Spot: the node goes after 15 s/);
});

test('a NodePool in another file counts and is linked there', () => {
  const other = extractFacts(parseFile(pool('default', '1m')));
  const [input] = workloadInputsAcross({ file: 'web.yaml', facts: extractFacts(parseFile(web())) }, [{ file: 'pool.yaml', services: [], ingresses: [], related: other.related }]);
  const finding = analyzeWorkload(input!, settings()).findings.find((f) => f.rule === 'grace-capped-by-platform');
  // The NodePool's value in pool.yaml, then the preStop in this file (the chain's broken link).
  assert.deepEqual(finding?.related.map((r) => r.file), ['pool.yaml', undefined]);
});

test("the budget chain's grace term names the NodePool's line, and the link breaks at its deadline", () => {
  const text = `${pool('default', '1m')}---\n${web()}`;
  const workload = analyzeFile(text, settings()).workloads[0]!;
  const grace = workload.analysis.timeline.chain!.find((l) => l.id === 'grace')!;
  assert.equal(grace.holds, false, 'preStop 90 s + drain 10 s do not fit in the 60 s deadline');
  const lines = grace.right.flatMap((t) => t.sources).filter((s) => s.kind === 'line');
  assert.deepEqual(
    lines.map((s) => [text.slice(s.span.start, s.span.end), s.what]),
    [['1m', 'NodePool/default terminationGracePeriod']],
  );
});

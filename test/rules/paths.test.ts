/**
 * The disruption paths other than a plain delete (issue 16): the liveness/startup restart with the
 * probe's own grace period (rule book P1; KEP-2238, kubernetes/enhancements
 * keps/sig-node/2238-liveness-probe-grace-period) and the node drain that a PodDisruptionBudget
 * holds (E1; the Eviction API in kubernetes/kubernetes pkg/registry/core/pod/storage/eviction.go,
 * the disruption controller's rounding in pkg/controller/disruption/disruption.go).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workloadInputsAcross } from '../../server/yaml/facts/match';
import { extractFacts } from '../../server/yaml/facts/extract';
import { parseFile } from '../../server/yaml/parse/parse';
import { analyzeWorkload } from '../../shared/model/analyze';
import { deployment, rule, settings, timelines } from './helpers';

const pdb = (spec: string, extra = '') =>
  ['---', 'apiVersion: policy/v1', 'kind: PodDisruptionBudget', `metadata: {name: web${extra}}`, 'spec:', ...spec.split('\n').map((l) => `  ${l}`), ''].join('\n');
const withReplicas = (n: number) => deployment({ container: 'lifecycle: {preStop: {sleep: {seconds: 10}}}' }).replace('spec:\n  selector:', `spec:\n  replicas: ${n}\n  selector:`);

test('probe restart: the probe-level grace period is the budget, and the path is listed', () => {
  const text = deployment({ container: 'lifecycle: {preStop: {sleep: {seconds: 10}}}\nlivenessProbe: {httpGet: {path: /live, port: 8080}, terminationGracePeriodSeconds: 5}', pod: 'terminationGracePeriodSeconds: 60' });
  const [t] = timelines(text);
  const path = t!.paths?.find((p) => p.kind === 'probe-restart');
  assert.ok(path);
  assert.equal(path.graceSeconds, 5);
  // H2/G6 with G = 5: the hook is cut at 5 s, SIGTERM at 5 s, SIGKILL 2 s later (the floor).
  assert.match(path.text, /restart with 5 s \(livenessProbe\.terminationGracePeriodSeconds\): preStop 0–5 s → SIGTERM 5 s → SIGKILL 7 s/);
  assert.match(path.text, /not deleted/);
  assert.deepEqual(rule('probe-restart-grace', text), [], 'the probe sets its own grace period');
});

test('probe-restart-grace: a raised pod grace period also delays restarts of a hung container', () => {
  const text = deployment({ container: 'lifecycle: {preStop: {sleep: {seconds: 10}}}\nlivenessProbe: {httpGet: {path: /live, port: 8080}}', pod: 'terminationGracePeriodSeconds: 120' });
  const found = rule('probe-restart-grace', text);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.severity, 'information');
  assert.equal(found[0]!.at, 'livenessProbe');
  assert.match(found[0]!.message, /grace period of 120 s/);
  assert.deepEqual(found[0]!.fixes, ['set-probe-grace', 'ignore-rule']);
  // At the default 30 s, or before the field exists (beta 1.25), nothing is said.
  assert.deepEqual(rule('probe-restart-grace', text.replace('terminationGracePeriodSeconds: 120', 'terminationGracePeriodSeconds: 30')), []);
  assert.deepEqual(rule('probe-restart-grace', text, { kubernetesVersion: '1.24' }), []);
});

test('drain: minAvailable equal to replicas blocks every eviction', () => {
  const text = withReplicas(2) + pdb('minAvailable: 2\nselector: {matchLabels: {app: web}}');
  const found = rule('pdb-blocks-drain', text);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.severity, 'warning');
  assert.match(found[0]!.message, /PodDisruptionBudget\/web \(minAvailable: 2\) allows no eviction of 2 replicas/);
  assert.deepEqual(found[0]!.fixes, ['relax-disruption-budget', 'ignore-rule']);
  assert.equal(timelines(text)[0]!.paths?.find((p) => p.kind === 'drain')?.blocked, true);
});

test('drain: maxUnavailable 0, 0 %, 100 % and replicas left to their default of 1', () => {
  assert.equal(rule('pdb-blocks-drain', withReplicas(3) + pdb('maxUnavailable: 0\nselector: {matchLabels: {app: web}}')).length, 1);
  assert.equal(rule('pdb-blocks-drain', withReplicas(3) + pdb('maxUnavailable: "0%"\nselector: {matchLabels: {app: web}}')).length, 1);
  assert.equal(rule('pdb-blocks-drain', withReplicas(3) + pdb('minAvailable: "100%"\nselector: {matchLabels: {app: web}}')).length, 1);
  // 50 % of 1 rounds up to 1 (roundUp=true in the disruption controller): blocked.
  const one = deployment() + pdb('minAvailable: "50%"\nselector: {matchLabels: {app: web}}');
  assert.match(rule('pdb-blocks-drain', one)[0]!.message, /1 replica \(replicas not set\)/);
});

test('drain: a budget that allows one eviction is quiet, and lists the path', () => {
  const text = withReplicas(3) + pdb('maxUnavailable: 1\nselector: {matchLabels: {app: web}}');
  assert.deepEqual(rule('pdb-blocks-drain', text), []);
  assert.match(timelines(text)[0]!.paths!.find((p) => p.kind === 'drain')!.text, /lets 1 of 3 replicas be evicted at a time/);
  // 50 % of 3 → 2 must stay → 1 may go.
  assert.deepEqual(rule('pdb-blocks-drain', withReplicas(3) + pdb('minAvailable: "50%"\nselector: {matchLabels: {app: web}}')), []);
});

test('drain: two budgets over one pod make it unevictable; other selectors, namespaces and DaemonSets do not count', () => {
  const two = withReplicas(3) + pdb('maxUnavailable: 1\nselector: {matchLabels: {app: web}}') + pdb('maxUnavailable: 1\nselector: {matchLabels: {app: web}}', '-2');
  assert.match(rule('pdb-blocks-drain', two)[0]!.message, /more than one budget/);
  assert.deepEqual(rule('pdb-blocks-drain', withReplicas(2) + pdb('minAvailable: 2\nselector: {matchLabels: {app: other}}')), []);
  assert.deepEqual(rule('pdb-blocks-drain', withReplicas(2) + pdb('minAvailable: 2\nselector: {matchLabels: {app: web}}').replace('{name: web}', '{name: web, namespace: other}')), []);
  const daemon = withReplicas(2).replace('kind: Deployment', 'kind: DaemonSet') + pdb('minAvailable: 2\nselector: {matchLabels: {app: web}}');
  assert.deepEqual(rule('pdb-blocks-drain', daemon), []);
});

test('drain: matchExpressions and the empty selector of policy/v1 (every pod of the namespace)', () => {
  const expressions = withReplicas(2) + pdb('minAvailable: 2\nselector:\n  matchExpressions: [{key: app, operator: In, values: [web, api]}]');
  assert.equal(rule('pdb-blocks-drain', expressions).length, 1);
  const notIn = withReplicas(2) + pdb('minAvailable: 2\nselector:\n  matchExpressions: [{key: app, operator: NotIn, values: [web]}]');
  assert.deepEqual(rule('pdb-blocks-drain', notIn), []);
  assert.equal(rule('pdb-blocks-drain', withReplicas(2) + pdb('minAvailable: 2\nselector: {}')).length, 1);
});

test('drain: a budget in another file matches too and is linked as related', () => {
  const own = parseFile(withReplicas(2));
  const other = extractFacts(parseFile(pdb('minAvailable: 2\nselector: {matchLabels: {app: web}}')));
  const [input] = workloadInputsAcross({ file: 'a.yaml', facts: extractFacts(own) }, [{ file: 'pdb.yaml', services: other.services, ingresses: [], related: other.related }]);
  assert.equal(input!.services.some((s) => s.file === 'pdb.yaml'), false, 'a budget is not a Service');
  const budget = input!.related?.find((s) => s.kind === 'PodDisruptionBudget');
  assert.equal(budget?.file, 'pdb.yaml');
  const finding = analyzeWorkload(input!, settings()).findings.find((f) => f.rule === 'pdb-blocks-drain');
  assert.deepEqual(finding?.related.map((r) => r.file), ['pdb.yaml']);
  assert.deepEqual(finding?.fixes.map((f) => f.id), ['ignore-rule'], 'no edit offered in another file');
});

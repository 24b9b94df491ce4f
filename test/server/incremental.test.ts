/**
 * The editor's incremental analysis (server/engine/incremental.ts) gives what a fresh analysis of the same
 * text gives, after every kind of edit, while an edit re-runs the model only for the workloads it
 * can affect (issue 11: the cost of an edit grows with the edit, not with the file).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile, type FileAnalysis } from '../../server/engine/analyze';
import { analyzeIncremental, prepare } from '../../server/engine/incremental';
import { AnalysisMemo } from '../../server/engine/state';
import { parseFile, type ParsedFile } from '../../server/yaml/parse/parse';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { pairsFile } from '../../bench/pairs';

const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: edge, namespace: team-1}
spec: {defaultBackend: {service: {name: app-1, port: {number: 80}}}}
`;
const LIST = `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: listed, namespace: team-2}
    spec:
      template:
        metadata: {labels: {app: app-2}}
        spec: {containers: [{name: c, image: x, ports: [{containerPort: 1}]}]}
  - apiVersion: apps/v1
    kind: Deployment
    metadata: {name: listed-2}
    spec:
      template:
        spec: {containers: [{name: c, image: x}]}
`;

/** The text with its `n`-th `---` document (0: the first after the first marker) pasted after itself. */
function pasteAgain(text: string, n: number): string {
  let start = text.indexOf('---\n');
  for (let i = 0; i < n; i++) start = text.indexOf('---\n', start + 1);
  const end = text.indexOf('---\n', start + 1);
  return text.slice(0, end) + text.slice(start, end) + text.slice(end);
}

/** Everything a consumer reads of an analysis, as plain data. */
function view(analysis: FileAnalysis) {
  return {
    workloads: analysis.workloads.map((w) => ({ id: w.id, workload: w.input.workload, services: w.input.services, ingresses: w.input.ingresses, analysis: JSON.parse(JSON.stringify(w.analysis)) })),
    services: analysis.facts.services,
    ingresses: analysis.facts.ingresses,
    parseErrors: analysis.parseErrors,
    comments: analysis.facts.ignoreComments,
  };
}

function editor() {
  const memo = new AnalysisMemo();
  let previous: ParsedFile | undefined;
  return {
    memo,
    analyze(text: string) {
      const parsed = parseFile(text, previous);
      previous = parsed;
      return analyzeIncremental(prepare(parsed, memo), DEFAULT_SETTINGS, memo);
    },
  };
}

test('after every kind of edit, the incremental analysis equals a fresh one', () => {
  let text = [pairsFile(4).replace('seconds: 5', 'seconds: 1'), INGRESS, LIST].join('---\n');
  const steps: Array<(t: string) => string> = [
    (t) => t.replace('  replicas: 2\n', '  replicas: 3\n  # typed a comment\n'), // inside one Deployment
    (t) => `# a line above everything\n${t}`, // every document moves
    (t) => t.replace('    app: app-1\n  ports', '    app: app-3\n  ports'), // a Service selects other pods
    (t) => t.replace(/seconds: 5/g, 'seconds: 2'), // several documents at once
    (t) => t.replace('kind: Ingress\n', 'kind: Ingress\n# kubegrace-ignore\n'), // an ignore comment
    (t) => t.replace('      containers:\n        - name: web', '      # kubegrace-ignore prestop-too-short\n      containers:\n        - name: web'),
    (t) => t.replace('name: app-0\n  namespace: team-0\nspec:\n  selector', 'name: app-0\n  namespace: team-1\nspec:\n  selector'), // a Service moves namespace
    (t) => t.replace('spec: {defaultBackend: {service: {name: app-1', 'spec: {defaultBackend: {service: {name: app-0'), // the Ingress routes elsewhere
    (t) => t.replace('kind: List\nitems:\n', 'kind: List\nitems:\n  - {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: x}]}}\n'), // a List grows
    (t) => t.replace('---\n', '---\napiVersion: v1\nkind: Service\nmetadata: {name: extra, namespace: team-0}\nspec: {selector: {app: app-0}}\n---\n'), // a document is added
    (t) => t.replace('metadata: {name: extra', 'metadata: {name: extra'.replace('extra', 'broken: [')), // a document stops parsing
    (t) => t.slice(0, t.lastIndexOf('---\n')), // the last document is removed
    (t) => t.replace('# a line above everything\n', ''), // and everything moves back
  ];
  const e = editor();
  assert.deepEqual(view(e.analyze(text)), view(analyzeFile(text, DEFAULT_SETTINGS)));
  steps.forEach((step, i) => {
    const next = step(text);
    assert.notEqual(next, text, `step ${i} changes the text`);
    text = next;
    assert.deepEqual(view(e.analyze(text)), view(analyzeFile(text, DEFAULT_SETTINGS)), `after step ${i}`);
  });
});

test('a document pasted again after itself (both copies share one parsed content) analyses as a fresh file', () => {
  const e = editor();
  let text = pairsFile(3).replace(/seconds: 5/g, 'seconds: 1');
  e.analyze(text);
  for (const n of [0, 2, 0]) {
    text = pasteAgain(text, n); // Service app-0, then Deployment app-1, then Service app-0 again
    assert.deepEqual(view(e.analyze(text)), view(analyzeFile(text, DEFAULT_SETTINGS)), `after pasting document ${n}`);
  }
});

test('an edit inside one Deployment re-runs the model for that workload only', () => {
  const text = pairsFile(50);
  const e = editor();
  e.analyze(text);
  const { run } = e.memo.counts;
  assert.equal(run, 50);
  e.analyze(text.replace('image: registry.example.com/app-20:', '# typed\n          image: registry.example.com/app-20:'));
  assert.equal(e.memo.counts.run - run, 1);
});

test('a Service edit re-runs the model for the workloads it selected or now selects only', () => {
  const text = pairsFile(50);
  const e = editor();
  e.analyze(text);
  const { run } = e.memo.counts;
  // Service app-7 now selects app-8's pods (same namespace: 7 % 7 = 0, 8 % 7 = 1: no), so use app-14 (14 % 7 = 0).
  e.analyze(text.replace('  selector:\n    app: app-7\n', '  selector:\n    app: app-14\n'));
  assert.equal(e.memo.counts.run - run, 2, 'app-7 lost its Service, app-14 gained one');
});

test('related objects (budget, Namespace, BackendConfig, NodePool) in the file move and change with it like Services', () => {
  const related = [
    'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: default}\nspec:\n  template:\n    spec:\n      terminationGracePeriod: 10s\n',
    'apiVersion: cloud.google.com/v1\nkind: BackendConfig\nmetadata: {name: slow, namespace: team-0}\nspec:\n  connectionDraining: {drainingTimeoutSec: 600}\n',
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: gke\n  namespace: team-0\n  annotations: {cloud.google.com/backend-config: \'{"default": "slow"}\'}\nspec: {selector: {app: app-0}}\n',
    'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: strict, namespace: team-0}\nspec: {minAvailable: 2, selector: {matchLabels: {app: app-0}}}\n',
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: team-1, labels: {istio-injection: enabled}}\n',
  ];
  let text = [...related, pairsFile(3)].join('---\n');
  const rules = (a: FileAnalysis): string[] => a.workloads.flatMap((w) => w.analysis.findings.map((f) => f.rule));
  const relatedView = (a: FileAnalysis) => ({ view: view(a), related: a.workloads.map((w) => w.input.related), findings: a.workloads.map((w) => JSON.parse(JSON.stringify(w.analysis.findings))) });
  const e = editor();
  const first = e.analyze(text);
  assert.deepEqual(relatedView(first), relatedView(analyzeFile(text, DEFAULT_SETTINGS)));
  for (const rule of ['grace-capped-by-platform', 'lb-draining-exceeds-grace', 'pdb-blocks-drain']) assert.ok(rules(first).includes(rule), rule);
  const steps: Array<(t: string) => string> = [
    (t) => `# a line above everything\n${t}`, // every related object moves
    (t) => t.replace('terminationGracePeriod: 10s', 'terminationGracePeriod: 2h'), // the NodePool stops capping
    (t) => t.replace('drainingTimeoutSec: 600', 'drainingTimeoutSec: 601'), // the BackendConfig's value changes
    (t) => t.replace('minAvailable: 2', 'minAvailable: 0'), // the budget allows evictions
    (t) => t.replace('# a line above everything\n', '# a longer line above everything, once more\n'),
  ];
  for (const [i, step] of steps.entries()) {
    text = step(text);
    assert.deepEqual(relatedView(e.analyze(text)), relatedView(analyzeFile(text, DEFAULT_SETTINGS)), `after step ${i}`);
  }
});

/**
 * Objects shared by every workload of the file (a NodePool that caps the grace period, a Service
 * that selects all pods and an Ingress routing to it, a meshed Namespace, a budget over all pods),
 * between and around the workloads, so an edit moves some workloads relative to some of them.
 */
function sharedFile(): string {
  const [d0, s0, d1, s1, d2, s2, d3, s3, d4, s4] = pairsFile(5).replace(/team-\d/g, 'team-0').split('---\n');
  const pool = 'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: default}\nspec:\n  template:\n    spec:\n      terminationGracePeriod: 10s\n';
  const shared = 'apiVersion: v1\nkind: Service\nmetadata: {name: shared, namespace: team-0}\nspec:\n  selector: {tier: web}\n  ports: [{port: 80, targetPort: http}]\n';
  const edge = INGRESS.replace('team-1', 'team-0').replace('name: app-1', 'name: shared');
  const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: team-0, labels: {istio-injection: enabled}}\n';
  const budget = 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: all, namespace: team-0}\nspec: {minAvailable: 2, selector: {matchLabels: {tier: web}}}\n';
  return [pool, d0, s0, d1, s1, shared, d2, s2, namespace, d3, edge, s3, budget, d4, s4].join('---\n');
}

/** `text` with a comment line typed inside Deployment `app` (its own document only). */
const typeIn = (text: string, app: number, note = 'typed') => text.replace(`image: registry.example.com/app-${app}:`, `# ${note}\n          image: registry.example.com/app-${app}:`);

test('edits before, between and after objects shared by every workload move their spans and re-run only the edited workload', () => {
  let text = sharedFile();
  const full = (a: FileAnalysis) => ({ view: view(a), related: a.workloads.map((w) => w.input.related), findings: a.workloads.map((w) => JSON.parse(JSON.stringify(w.analysis.findings))) });
  const e = editor();
  const first = e.analyze(text);
  assert.deepEqual(full(first), full(analyzeFile(text, DEFAULT_SETTINGS)));
  // Each workload's findings point into the shared objects, so a wrong shift shows in the comparison.
  const relatedSpans = first.workloads.map((w) => w.analysis.findings.flatMap((f) => f.related ?? []).length);
  assert.ok(relatedSpans.every((n) => n > 0), `every workload has related spans: ${relatedSpans}`);
  for (const rule of ['grace-capped-by-platform', 'pdb-blocks-drain']) assert.ok(first.workloads.every((w) => w.analysis.findings.some((f) => f.rule === rule)), rule);
  const moves: Array<[string, (t: string) => string, number]> = [
    ['inside the first workload, after the NodePool, before the Service', (t) => typeIn(t, 0), 1],
    ['inside a workload between the Service and the Namespace', (t) => typeIn(t, 2), 1],
    ['inside a workload between the Namespace and the Ingress', (t) => typeIn(t, 3, 'a longer comment, typed'), 1],
    ['inside the last workload, after every shared object', (t) => typeIn(t, 4), 1],
    ['a new document between the NodePool and the first workload', (t) => t.replace('---\napiVersion: apps/v1', '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: apps/v1'), 0],
    ['a workload\'s own Service grows, moving what follows', (t) => t.replace('kind: Service\nmetadata:\n  name: app-1\n', 'kind: Service\nmetadata:\n  # a note\n  name: app-1\n'), 1],
    ['a comment after everything (in the last Service: its workload only)', (t) => `${t}# the end\n`, 1],
    ['the edits undone, one at a time', (t) => t.replace('# typed\n          ', ''), 1],
    ['the new document removed', (t) => t.replace('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n', ''), 0],
  ];
  for (const [what, step, runs] of moves) {
    const next = step(text);
    assert.notEqual(next, text, what);
    text = next;
    const before = e.memo.counts.run;
    const got = e.analyze(text);
    assert.deepEqual(full(got), full(analyzeFile(text, DEFAULT_SETTINGS)), what);
    assert.equal(e.memo.counts.run - before, runs, `${what}: workloads analysed again`);
  }
  const changes: Array<[string, (t: string) => string]> = [
    ['the NodePool\'s cap changes', (t) => t.replace('terminationGracePeriod: 10s', 'terminationGracePeriod: 20s')],
    ['the shared Service changes its port', (t) => t.replace('ports: [{port: 80, targetPort: http}]', 'ports: [{port: 81, targetPort: http}]')],
    ['the Ingress routes elsewhere', (t) => t.replace('service: {name: shared', 'service: {name: app-3')],
    ['the Namespace leaves the mesh', (t) => t.replace('istio-injection: enabled', 'istio-injection: disabled')],
    ['the budget allows evictions', (t) => t.replace('minAvailable: 2', 'minAvailable: 0')],
  ];
  for (const [what, step] of changes) {
    const next = step(text);
    assert.notEqual(next, text, what);
    text = typeIn(next, 2, what); // a move in the same edit
    const before = e.memo.counts.run;
    assert.deepEqual(full(e.analyze(text)), full(analyzeFile(text, DEFAULT_SETTINGS)), what);
    assert.ok(e.memo.counts.run - before >= 1, `${what}: analysed again`);
  }
});

test('a shared object that ends up on the workload\'s other side, both kept, is analysed again and equals a fresh analysis', () => {
  // Five documents become three in one edit (a paste over the whole text): the NodePool keeps its
  // index from the start, the Deployment its index from the end, so both keep their content
  // (parse.ts) while the Deployment now comes before the NodePool.
  const pool = 'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: default}\nspec:\n  template:\n    spec:\n      terminationGracePeriod: 10s\n';
  const [deployment] = pairsFile(1).split('---\n');
  const map = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\n`;
  const e = editor();
  const first = [map('x'), map('y'), pool, deployment, map('v')].join('---\n');
  assert.ok(e.analyze(first).workloads[0]!.analysis.findings.some((f) => f.rule === 'grace-capped-by-platform'));
  const text = [map('z'), deployment, pool].join('---\n');
  const before = e.memo.counts.run;
  const got = e.analyze(text);
  assert.equal(e.memo.counts.reused + e.memo.counts.run - before, 1);
  assert.equal(e.memo.counts.run - before, 1, 'analysed again');
  const fresh = analyzeFile(text, DEFAULT_SETTINGS);
  assert.deepEqual(view(got), view(fresh));
  assert.deepEqual(JSON.parse(JSON.stringify(got.workloads[0]!.analysis.findings)), JSON.parse(JSON.stringify(fresh.workloads[0]!.analysis.findings)));
});

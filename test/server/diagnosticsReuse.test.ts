/**
 * Diagnostics of unchanged workloads are reused between versions (issue 20, "Files with findings"):
 * an edit inside one Deployment of a file with a finding per Deployment must not rebuild the others'
 * diagnostics, and what is reused, moved by lines, must equal what a fresh analysis reports.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from './harness';

/** N Deployments without a preStop delay (one `prestop-missing` each), each with its Service. */
function pairs(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app-${i}}\nspec:\n  selector: {matchLabels: {app: app-${i}}}\n  template:\n    metadata: {labels: {app: app-${i}}}\n    spec:\n      terminationGracePeriodSeconds: 30\n      containers:\n        - name: web\n          image: example/app-${i}\n          readinessProbe: {httpGet: {path: /ready, port: 8080}}\n`);
    docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: app-${i}}\nspec:\n  selector: {app: app-${i}}\n  ports: [{port: 80, targetPort: 8080}]\n`);
  }
  return docs.join('---\n');
}

const fresh = async (text: string) => {
  const o = open(text);
  return o.service.diagnostics(o.uri);
};

test('an edit inside one workload keeps the other workloads’ diagnostics, the same objects before it', async () => {
  const text = pairs(20);
  const o = open(text);
  const before = await o.service.diagnostics(o.uri);
  assert.equal(before.length, 20);
  const at = text.indexOf('image: example/app-10\n') + 'image: example/app-10\n'.length;
  o.update(`${text.slice(0, at)}          # a comment\n${text.slice(at)}`);
  const after = await o.service.diagnostics(o.uri);
  assert.deepEqual(after, await fresh(o.text));
  for (let i = 0; i < 10; i++) assert.equal(after[i], before[i], `diagnostic ${i}, before the edit, is reused as it was`);
  for (let i = 11; i < 20; i++) assert.equal(after[i]!.range.start.line, before[i]!.range.start.line + 1, `diagnostic ${i} moved one line down`);
});

test('reused diagnostics equal a fresh analysis after every kind of edit', async () => {
  const text = pairs(6);
  const o = open(text);
  const edits: Array<(t: string) => string> = [
    (t) => `# a comment on top\n${t}`,
    (t) => t.replace('image: example/app-2\n', 'image: example/app-2\n          # one\n          # two\n'),
    (t) => t.replace('metadata: {name: app-1}\nspec:\n  selector: {app: app-1}', 'metadata: {name: app-1}\n\n\nspec:\n  selector: {app: app-1}'),
    (t) => t.replace('  selector: {app: app-4}\n', '  selector: {app: nothing}\n'),
    (t) => t.split('---\n').slice(2).join('---\n'), // the first pair goes
    (t) => `${t}---\n${pairs(1).replaceAll('app-0', 'app-9')}`,
    (t) => t.replace('# a comment on top\n', ''),
    (t) => t.replace('terminationGracePeriodSeconds: 30', 'terminationGracePeriodSeconds: 3'),
  ];
  for (const [i, edit] of edits.entries()) {
    await o.service.diagnostics(o.uri);
    o.update(edit(o.text));
    assert.deepEqual(await o.service.diagnostics(o.uri), await fresh(o.text), `edit ${i}`);
  }
});

test('a Service whose lines move while its offset stays: its related locations follow it', async () => {
  // A ConfigMap between a Deployment and its Service: an edit there that keeps its length but adds
  // a line moves the Service down a line, and nothing else of the Deployment's analysis changes.
  const [deployment, service, ...rest] = pairs(2).split('---\n');
  const text = [deployment, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n# a b\n', service, ...rest].join('---\n');
  const o = open(text);
  const before = await o.service.diagnostics(o.uri);
  o.update(text.replace('# a b\n', '#\n# b\n'));
  assert.equal(o.text.length, text.length);
  const after = await o.service.diagnostics(o.uri);
  assert.deepEqual(after, await fresh(o.text));
  assert.equal(after[0]!.relatedInformation![0]!.location.range.start.line, before[0]!.relatedInformation![0]!.location.range.start.line + 1);
});

test('an edit between a workload and a NodePool its finding points at: the reused diagnostics point where the pool is', async () => {
  // The pool's cap finding links the pool's line (related information outside the workload's
  // document); an edit between them moves the workload but not the pool, and the engine moves the
  // pool's spans in the kept analysis (server/engine/placed.ts) instead of analysing again.
  const pool = 'apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: default}\nspec:\n  template:\n    spec:\n      terminationGracePeriod: 1s\n';
  const text = [pool, pairs(3)].join('---\n');
  const o = open(text);
  const before = await o.service.diagnostics(o.uri);
  assert.ok(before.some((d) => d.relatedInformation?.some((r) => r.location.range.start.line === 6)), 'a finding points at the pool');
  const edits: Array<(t: string) => string> = [
    // Three characters and a line: the pool's line shifted by the workload's move would land on
    // the line below it, where moving its diagnostics by one line would put it too.
    (t) => t.replace('app-0}\n', 'app-0}\n#x\n'),
    (t) => t.replace('image: example/app-0\n', 'image: example/app-0\n          # one\n'),
    (t) => t.replace('image: example/app-1\n', 'image: example/app-1\n          # two\n          # three\n'),
    (t) => t.replace('          # one\n', ''),
    (t) => `${t}# the end\n`,
  ];
  for (const [i, edit] of edits.entries()) {
    o.update(edit(o.text));
    assert.deepEqual(await o.service.diagnostics(o.uri), await fresh(o.text), `edit ${i}`);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, factsOf, onlyWorkload, yaml } from './helpers';

test('<<: *anchor merges; a later explicit key overrides a merged one', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'x-defaults: &defaults',
    '  image: nginx:1.27',
    '  lifecycle:',
    '    preStop:',
    '      sleep: {seconds: 5}',
    'spec:',
    '  containers:',
    '    - <<: *defaults',
    '      name: a',
    '    - <<: *defaults',
    '      name: b',
    '      image: nginx:mainline',
  );
  const [a, b] = onlyWorkload(text).pod.containers;
  assert.equal(a!.image!.value, 'nginx:1.27');
  assert.equal(b!.image!.value, 'nginx:mainline');
  assert.equal(at(text, b!.image!.pairSpan), 'image: nginx:mainline');
  // A merged value's spans point at the anchored text, where it is written.
  assert.equal(at(text, a!.image!.pairSpan), 'image: nginx:1.27');
  assert.equal(a!.image!.span.start, text.indexOf('nginx:1.27'));
  assert.equal(at(text, a!.preStop!.span), 'sleep: {seconds: 5}');
  assert.equal(a!.preStop!.span.start, b!.preStop!.span.start);
  assert.equal(at(text, a!.span), '<<: *defaults\n      name: a');
});

test('go-yaml v2 order: a merge after an explicit key overrides it; earlier maps of a merge list win', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'a: &a {image: from-a, restartPolicy: Always}',
    'b: &b {image: from-b, name: from-b}',
    'spec:',
    '  containers:',
    '    - image: explicit',
    '      <<: *a',
    '    - <<: [*a, *b]',
  );
  const [first, second] = onlyWorkload(text).pod.containers;
  assert.equal(first!.image!.value, 'from-a');
  assert.equal(second!.image!.value, 'from-a');
  assert.equal(second!.name, 'from-b');
  assert.equal(second!.restartPolicy!.value, 'Always');
});

test('aliases resolve anywhere: whole containers, lists, scalars and nested merges', () => {
  const text = yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: d, labels: &labels {app: web}}',
    'spec:',
    '  template:',
    '    metadata: {labels: *labels}',
    '    spec:',
    '      terminationGracePeriodSeconds: &grace 45',
    '      initContainers: &inits',
    '        - &proxy {name: proxy, restartPolicy: Always}',
    '      containers:',
    '        - *proxy',
    '        - name: app',
    '          <<: {<<: {image: deep}}',
    '          command: &cmd [sleep, *grace]',
  );
  const w = onlyWorkload(text);
  assert.deepEqual(w.podMetadata.labels, { app: 'web' });
  assert.equal(w.pod.terminationGracePeriodSeconds!.value, 45);
  assert.deepEqual(
    w.pod.containers.map((c) => c.name),
    ['proxy', 'app'],
  );
  assert.equal(at(text, w.pod.containers[0]!.span), '{name: proxy, restartPolicy: Always}');
  assert.equal(w.pod.containers[1]!.image!.value, 'deep');
  assert.deepEqual(w.pod.containers[1]!.command!.value, ['sleep', '45']);
  assert.equal(at(text, w.pod.containers[1]!.command!.span), '[sleep, *grace]');
});

test('a redefined anchor: an alias means the last definition before it', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: p}',
    'x: &img first',
    'spec:',
    '  containers:',
    '    - {name: a, image: *img}',
    '    - {name: b, image: &img second}',
    '    - {name: c, image: *img}',
  );
  assert.deepEqual(
    onlyWorkload(text).pod.containers.map((c) => c.image?.value),
    ['first', 'second', 'second'],
  );
});

test('a map that merges itself ends instead of recursing', () => {
  const text = yaml('apiVersion: v1', 'kind: Pod', 'metadata: &m {name: p, <<: *m}', 'spec: &s {containers: [{name: c, <<: *s}]}');
  const w = onlyWorkload(text);
  assert.equal(w.name, 'p');
  assert.equal(w.pod.containers[0]!.name, 'c');
});

test('alias bombs (billion laughs, with sequences and with merge keys) return quickly', () => {
  const levels = (open: string, close: string) =>
    Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} ${open}${Array(10).fill(`*l${i}`).join(', ')}${close}`);
  const seqBomb = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: seq-bomb}',
    'l0: &l0 [lol]',
    ...levels('[', ']'),
    'spec: {containers: *l9, initContainers: [*l9, *l9]}',
  );
  const mapBomb = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'l0: &l0 {lol: lol}',
    ...levels('{<<: [', ']}'),
    'metadata: {name: map-bomb, labels: *l9, annotations: {<<: [*l9, *l9]}}',
    'spec: {containers: [{<<: *l9, name: c}]}',
  );
  const started = Date.now();
  const seq = factsOf(seqBomb);
  const map = factsOf(mapBomb);
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  assert.deepEqual(seq.parseErrors, []);
  assert.equal(seq.workloads[0]!.pod.containers.length, 0, 'the items of *l9 are sequences, not containers');
  assert.deepEqual(map.parseErrors, []);
  assert.deepEqual(map.workloads[0]!.metadata.labels, { lol: 'lol' });
  assert.equal(map.workloads[0]!.pod.containers[0]!.name, 'c');
});

// The budget bounds the work; the message below shows it was hit. How long it takes is a speed goal,
// timed by `npm run bench:limits` (10,000 and 20,000 anchors), not by a wall clock here.
test('quadratic alias reuse hits the visit budget: one parse problem, no partial facts', () => {
  const ports = Array.from({ length: 4000 }, (_, i) => `{containerPort: ${i}}`).join(', ');
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: quadratic}',
    `x: &c {name: c, ports: [${ports}]}`,
    `spec: {containers: [${Array(4000).fill('*c').join(', ')}]}`,
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: fine}',
    'spec: {containers: [{name: c}]}',
  );
  const facts = factsOf(text);
  assert.deepEqual(
    facts.workloads.map((w) => w.name),
    ['fine'],
  );
  assert.equal(facts.parseErrors.length, 1);
  assert.equal(facts.parseErrors[0]!.message, 'Document too complex: too many alias and merge-key expansions');
  assert.ok(at(text, facts.parseErrors[0]!.span).startsWith('apiVersion: v1\nkind: Pod\nmetadata: {name: quadratic}'));
});

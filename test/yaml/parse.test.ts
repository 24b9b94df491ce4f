import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMap, isScalar } from 'yaml';
import { extractFacts } from '../../server/yaml/facts/extract';
import { parseFile, parseProblems } from '../../server/yaml/parse/parse';
import { isSkippedKind, prescanKind, splitChunks } from '../../server/yaml/parse/prescan';
import { at, factsOf, yaml } from './helpers';

const deployment = (name: string) =>
  yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    `        - name: ${name}-c`,
  );

const crd = yaml(
  'apiVersion: apiextensions.k8s.io/v1',
  'kind: CustomResourceDefinition',
  'metadata:',
  '  name: things.example.com',
  'spec:',
  '  versions:',
  '    - schema:',
  '        openAPIV3Schema:',
  '          properties:',
  '            template: {properties: {spec: {properties: {containers: {type: array}}}}}',
);

test('splits at --- lines and keeps each chunk offset', () => {
  const text = 'a: 1\n---\nb: 2\n--- # c\nc: 3\n';
  const chunks = splitChunks(text);
  assert.deepEqual(
    chunks.map((c) => c.text),
    ['a: 1\n', '---\nb: 2\n', '--- # c\nc: 3\n'],
  );
  assert.deepEqual(
    chunks.map((c) => c.offset),
    [0, 5, 14],
  );
});

test('--- only splits at column 0 followed by a blank or line end', () => {
  const text = 'a: |\n  ---\n  x\nb: ---x\n----\n';
  assert.equal(splitChunks(text).length, 1);
});

test('comments and directives before --- belong to the document it opens', () => {
  const text = '# Source: chart/x.yaml\n%YAML 1.1\n---\na: 1\n---\n# Source: y\n---\nb: 2\n';
  const chunks = splitChunks(text);
  assert.deepEqual(
    chunks.map((c) => c.text),
    ['# Source: chart/x.yaml\n%YAML 1.1\n---\na: 1\n', '---\n# Source: y\n', '---\nb: 2\n'],
  );
});

test('a ... line ends the chunk', () => {
  const chunks = splitChunks('a: 1\n...\nb: 2\n...\n');
  assert.deepEqual(
    chunks.map((c) => c.text),
    ['a: 1\n...\n', 'b: 2\n...\n'],
  );
});

test('CRLF files split the same way', () => {
  const text = 'a: 1\r\n---\r\nb: 2\r\n';
  assert.deepEqual(
    splitChunks(text).map((c) => c.text),
    ['a: 1\r\n', '---\r\nb: 2\r\n'],
  );
});

test('the pre-scan reads an unambiguous top-level kind', () => {
  assert.equal(prescanKind('apiVersion: v1\nkind: ConfigMap # c\ndata: {}\n'), 'ConfigMap');
  assert.equal(prescanKind('---\n# x\napiVersion: v1\nkind:   Secret\n'), 'Secret');
  assert.equal(prescanKind('kind: "ConfigMap"\n'), undefined, 'quoted');
  assert.equal(prescanKind('kind: ConfigMap\nkind: Deployment\n'), undefined, 'several');
  assert.equal(prescanKind('kind: ConfigMap\n<<: *x\n'), undefined, 'a merge key could override it');
  assert.equal(prescanKind('{kind: ConfigMap,\nkind: ConfigMap}\n'), undefined);
  assert.equal(prescanKind('- a\nkind: ConfigMap\n'), undefined, 'root is not a block mapping');
  assert.equal(prescanKind('kind: &k ConfigMap\n'), undefined, 'anchored');
  assert.equal(prescanKind('metadata:\n  kind: ConfigMap\n'), undefined, 'not at column 0');
});

test('skipped kinds: never templates, Services or Ingresses', () => {
  for (const kind of ['CustomResourceDefinition', 'ConfigMap', 'ConfigMapList', 'SecretList', 'ClusterRoleBinding', 'RoleBinding', 'PrometheusRule']) {
    assert.equal(isSkippedKind(kind), true, kind);
  }
  for (const kind of ['List', 'Deployment', 'DeploymentList', 'Service', 'Ingress', 'Rollout', 'Config', 'Pod']) {
    assert.equal(isSkippedKind(kind), false, kind);
  }
});

test('CRD chunks are never parsed; workload chunks are parsed on demand', () => {
  const text = `${crd}---\n${deployment('web')}`;
  const file = parseFile(text);
  assert.equal(file.chunks.length, 2);
  assert.equal(file.chunks[0]!.content.skipped, true);
  assert.equal(file.chunks[1]!.content.isParsed, false, 'parseFile itself parses nothing');
  const facts = extractFacts(file);
  assert.deepEqual(
    facts.workloads.map((w) => w.name),
    ['web'],
  );
  assert.equal(file.chunks[0]!.content.isParsed, false);
  assert.equal(file.chunks[0]!.content.parse(), undefined);
  assert.equal(file.chunks[1]!.content.isParsed, true);
});

test('unchanged chunks reuse the previous parse; only the edited one is parsed again', () => {
  const before = `${deployment('a')}---\n${deployment('b')}---\n${deployment('c')}`;
  const first = parseFile(before);
  extractFacts(first);
  const docs = first.chunks.map((c) => c.content.parse()!.doc);

  // Editing the first document shifts the offsets of the other two.
  const after = before.replace('name: a\n', 'name: a-longer\n');
  const second = parseFile(after, first);
  assert.equal(second.chunks[0]!.content.isParsed, false, 'the edited chunk is new');
  assert.equal(second.chunks[1]!.content, first.chunks[1]!.content);
  assert.equal(second.chunks[2]!.content, first.chunks[2]!.content);
  assert.equal(second.chunks[1]!.content.parse()!.doc, docs[1]);
  assert.equal(second.chunks[2]!.content.parse()!.doc, docs[2]);
  assert.equal(second.chunks[2]!.offset, first.chunks[2]!.offset + '-longer'.length);

  // Facts read from a reused parse still carry the new file offsets.
  const facts = extractFacts(second);
  assert.deepEqual(
    facts.workloads.map((w) => at(after, w.nameSpan)),
    ['a-longer', 'b', 'c'],
  );
  assert.deepEqual(
    facts.workloads.map((w) => at(after, w.pod.containers[0]!.nameSpan)),
    ['a-c', 'b-c', 'c-c'],
  );
  assert.notEqual(second.chunks[0]!.content.parse()!.doc, docs[0]);
});

test('a broken document gives one parse error; the good one next to it still gives facts', () => {
  const broken = yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: [x', '  bad: : :', '{{ .Values.x }}');
  const text = `${deployment('good')}---\n${broken}`;
  const facts = factsOf(text);
  assert.deepEqual(
    facts.workloads.map((w) => w.name),
    ['good'],
  );
  assert.equal(facts.parseErrors.length, 1);
  const error = facts.parseErrors[0]!;
  assert.ok(error.span.start >= text.indexOf('---\n'), 'the span is a file offset inside the broken chunk');
  assert.ok(error.span.end <= text.length);
  assert.ok(parseProblems(parseFile(text)).length >= 1);
});

test('an alias to an unknown anchor is a parse error, as go-yaml makes it', () => {
  const text = yaml('apiVersion: v1', 'kind: Pod', 'metadata: {name: p}', 'spec: *nowhere');
  const facts = factsOf(text);
  assert.equal(facts.workloads.length, 0);
  assert.equal(facts.parseErrors.length, 1);
  assert.equal(facts.parseErrors[0]!.message, "Unknown anchor 'nowhere' referenced");
  assert.equal(at(text, facts.parseErrors[0]!.span), '*nowhere');
});

test('documents are read as YAML 1.1 with duplicate keys allowed', () => {
  const file = parseFile('a: yes\nb: on\nc: 1\nc: 2\n');
  const parse = file.chunks[0]!.content.parse()!;
  assert.deepEqual(parse.errors, []);
  assert.ok(isMap(parse.doc.contents));
  const values = parse.doc.contents.items.map((pair) => (isScalar(pair.value) ? pair.value.value : undefined));
  assert.deepEqual(values, [true, true, 1, 2]);
});

test('empty files and comment-only documents give nothing and no errors', () => {
  for (const text of ['', '\n', '---\n# only a comment\n', '---\n---\n']) {
    const facts = factsOf(text);
    assert.deepEqual(facts, { workloads: [], services: [], ingresses: [], related: [], ignoreComments: [], parseErrors: [] }, JSON.stringify(text));
  }
});

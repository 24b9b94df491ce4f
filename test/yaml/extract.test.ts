import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, factsOf, onlyWorkload, yaml } from './helpers';

const podSpec = (indent: string) =>
  [
    `${indent}terminationGracePeriodSeconds: 45`,
    `${indent}containers:`,
    `${indent}  - name: app`,
    `${indent}    image: nginx:1.27`,
  ].join('\n');

test('a Deployment: header, metadata, template, pod spec and one container with spans', () => {
  const text = yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  namespace: shop',
    '  labels: {tier: front, version: 2, canary: true}',
    '  annotations:',
    '    kubegrace/shutdown-seconds: "12"',
    'spec:',
    '  replicas: 3',
    '  strategy:',
    '    type: RollingUpdate',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: web',
    '    spec:',
    podSpec('      '),
  );
  const w = onlyWorkload(text);
  assert.equal(w.apiVersion, 'apps/v1');
  assert.equal(w.kind, 'Deployment');
  assert.equal(w.name, 'web');
  assert.equal(w.namespace, 'shop');
  assert.equal(at(text, w.kindSpan), 'Deployment');
  assert.equal(at(text, w.nameSpan), 'web');
  assert.equal(at(text, w.span), text.trimEnd());
  assert.deepEqual(w.metadata.labels, { tier: 'front', version: '2', canary: 'true' });
  assert.equal(w.metadata.annotations['kubegrace/shutdown-seconds']!.value, '12');
  assert.equal(at(text, w.metadata.annotations['kubegrace/shutdown-seconds']!.span), '"12"');
  assert.equal(at(text, w.metadata.annotations['kubegrace/shutdown-seconds']!.pairSpan), 'kubegrace/shutdown-seconds: "12"');
  assert.equal(at(text, w.metadata.annotationsSpan), 'kubegrace/shutdown-seconds: "12"');
  assert.deepEqual(w.podMetadata.labels, { app: 'web' });
  assert.deepEqual(w.podMetadata.annotations, {});
  assert.ok(at(text, w.templateSpan).startsWith('metadata:\n      labels:'));
  assert.equal(w.strategy, 'RollingUpdate');
  assert.equal(w.replicas, 3);
  assert.equal(at(text, w.pod.span), podSpec('      ').trimStart());
  assert.equal(w.pod.terminationGracePeriodSeconds!.value, 45);
  assert.equal(at(text, w.pod.terminationGracePeriodSeconds!.span), '45');
  assert.equal(at(text, w.pod.terminationGracePeriodSeconds!.pairSpan), 'terminationGracePeriodSeconds: 45');
  assert.equal(at(text, w.pod.containersSpan), '- name: app\n          image: nginx:1.27');
  assert.equal(w.pod.initContainersSpan, undefined);
  assert.deepEqual(w.pod.initContainers, []);
  const c = w.pod.containers[0]!;
  assert.equal(c.name, 'app');
  assert.equal(c.list, 'containers');
  assert.equal(c.index, 0);
  assert.equal(at(text, c.nameSpan), 'app');
  assert.equal(at(text, c.span), 'name: app\n          image: nginx:1.27');
  assert.equal(c.image!.value, 'nginx:1.27');
  assert.equal(at(text, c.image!.pairSpan), 'image: nginx:1.27');
});

test('each built-in kind reads its template path', () => {
  const cases: Array<[string, string, string[]]> = [
    ['v1', 'Pod', ['spec:', podSpec('  ')]],
    ['apps/v1', 'StatefulSet', ['spec:', '  template:', '    spec:', podSpec('      ')]],
    ['apps/v1', 'DaemonSet', ['spec:', '  template:', '    spec:', podSpec('      ')]],
    ['apps/v1', 'ReplicaSet', ['spec:', '  template:', '    spec:', podSpec('      ')]],
    ['v1', 'ReplicationController', ['spec:', '  template:', '    spec:', podSpec('      ')]],
    ['batch/v1', 'Job', ['spec:', '  template:', '    spec:', podSpec('      ')]],
    ['batch/v1', 'CronJob', ['spec:', '  jobTemplate:', '    spec:', '      template:', '        spec:', podSpec('          ')]],
    ['v1', 'PodTemplate', ['template:', '  spec:', podSpec('    ')]],
    ['argoproj.io/v1alpha1', 'Rollout', ['spec:', '  strategy: {canary: {}}', '  template:', '    spec:', podSpec('      ')]],
  ];
  for (const [apiVersion, kind, body] of cases) {
    const text = yaml(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', `  name: x-${kind}`, ...body);
    const w = onlyWorkload(text);
    assert.equal(w.kind, kind);
    assert.equal(w.name, `x-${kind}`);
    assert.equal(w.pod.terminationGracePeriodSeconds?.value, 45, kind);
    assert.equal(at(text, w.pod.containers[0]!.image!.span), 'nginx:1.27', kind);
    assert.equal(w.templateSpan === undefined, kind === 'Pod', kind);
  }
});

test('a Pod shares its metadata with the pod template metadata', () => {
  const text = yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', '  labels: {app: p}', 'spec:', podSpec('  '));
  const w = onlyWorkload(text);
  assert.deepEqual(w.podMetadata.labels, { app: 'p' });
  assert.equal(w.podMetadata, w.metadata);
});

test('StatefulSet and DaemonSet strategy comes from updateStrategy', () => {
  const text = yaml(
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata: {name: db}',
    'spec:',
    '  updateStrategy: {type: OnDelete}',
    '  template:',
    '    spec:',
    podSpec('      '),
  );
  assert.equal(onlyWorkload(text).strategy, 'OnDelete');
});

test('kind: List and *List kinds give their items', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: List',
    'items:',
    '  - apiVersion: v1',
    '    kind: Service',
    '    metadata: {name: s}',
    '    spec: {selector: {app: a}}',
    '  - apiVersion: apps/v1',
    '    kind: Deployment',
    '    metadata: {name: d}',
    '    spec:',
    '      template:',
    '        spec:',
    podSpec('          '),
    '---',
    'apiVersion: apps/v1',
    'kind: DeploymentList',
    'items:',
    '  - apiVersion: apps/v1',
    '    kind: Deployment',
    '    metadata: {name: d2}',
    '    spec: {template: {spec: {containers: [{name: c}]}}}',
  );
  const facts = factsOf(text);
  assert.deepEqual(
    facts.workloads.map((w) => w.name),
    ['d', 'd2'],
  );
  assert.deepEqual(
    facts.services.map((s) => s.name),
    ['s'],
  );
  assert.equal(at(text, facts.workloads[0]!.kindSpan), 'Deployment');
  assert.ok(at(text, facts.workloads[0]!.span).startsWith('apiVersion: apps/v1\n    kind: Deployment'));
});

test('custom resources count only with a containers sequence at spec.template.spec', () => {
  const text = yaml(
    'apiVersion: argoproj.io/v1alpha1',
    'kind: ApplicationSet',
    'metadata: {name: apps}',
    'spec:',
    '  template:',
    '    spec:',
    '      source: {repoURL: x}',
    '---',
    'apiVersion: apps.openshift.io/v1',
    'kind: DeploymentConfig',
    'metadata: {name: dc}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers: [{name: c, image: i}]',
  );
  assert.deepEqual(
    factsOf(text).workloads.map((w) => `${w.kind}/${w.name}`),
    ['DeploymentConfig/dc'],
  );
});

test('non-Kubernetes YAML gives nothing', () => {
  const helmValues = yaml(
    'controller:',
    '  kind: Deployment',
    '  terminationGracePeriodSeconds: 300',
    '  lifecycle:',
    '    preStop:',
    '      exec:',
    '        command: [/wait-shutdown]',
    '  template:',
    '    spec:',
    '      containers: [{name: x}]',
  );
  const compose = yaml('services:', '  web:', '    image: nginx', '    stop_grace_period: 30s', '    healthcheck: {test: [CMD, true]}');
  const kustomization = yaml('resources:', '  - deploy.yaml', 'namespace: x');
  const skaffold = yaml('apiVersion: skaffold/v4beta1', 'kind: Config', 'build: {artifacts: [{image: x}]}');
  const kindWithoutApiVersion = yaml('kind: Deployment', 'spec: {template: {spec: {containers: [{name: c}]}}}');
  const numericKind = yaml('apiVersion: v1', 'kind: 42', 'spec: {template: {spec: {containers: [{name: c}]}}}');
  const crd = yaml(
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata: {name: x.example.com}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers: [{name: trap}]',
  );
  for (const text of [helmValues, compose, kustomization, skaffold, kindWithoutApiVersion, numericKind, crd]) {
    const facts = factsOf(text);
    assert.deepEqual([facts.workloads, facts.services, facts.ingresses, facts.parseErrors], [[], [], [], []], text);
  }
});

test('built-in workloads without a pod spec give no workload', () => {
  const text = yaml('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: d}', 'spec:', '  template:', '    metadata: {labels: {a: b}}');
  assert.deepEqual(factsOf(text).workloads, []);
});

test('workloads without metadata have an empty name and no name span', () => {
  const w = onlyWorkload(yaml('apiVersion: v1', 'kind: Pod', 'spec: {containers: [{image: x}]}'));
  assert.equal(w.name, '');
  assert.equal(w.nameSpan, undefined);
  assert.equal(w.namespace, undefined);
  assert.equal(w.metadata.span, undefined);
  assert.equal(w.pod.containers[0]!.name, '');
});

/**
 * Fix intents rendered as text edits, driven through the real pipeline: analyse a manifest, take
 * the finding's fix, apply its edits, compare the whole text, and analyse the result again. Every
 * case runs with LF and with CRLF line endings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile } from '../../server/engine/analyze';
import { applyEdits, fixEdits } from '../../server/yaml/edits';
import type { FixIntent } from '../../shared/model/output';
import type { FixId, RuleId } from '../../shared/rules';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import type { Settings } from '../../shared/settings';

const lines = (...all: string[]): string => `${all.join('\n')}\n`;
const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

const service = ['---', 'apiVersion: v1', 'kind: Service', 'metadata: {name: web}', 'spec: {selector: {app: web}}'];

/** A Deployment whose pods a Service selects; `spec` lines sit under `spec.template.spec`. */
const deployment = (...spec: string[]): string =>
  lines('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  template:', '    metadata: {labels: {app: web}}', '    spec:', ...spec, ...service);

interface Case {
  rule: RuleId;
  fix: FixId;
  /** The finding's container; omit for workload-level findings. */
  container?: string;
  settings?: Partial<Settings>;
  before: string;
  after: string;
}

function settingsOf(c: Case): Settings {
  return { ...DEFAULT_SETTINGS, ...c.settings };
}

function findFix(text: string, c: Case): FixIntent {
  const findings = analyzeFile(text, settingsOf(c)).workloads.flatMap((w) => w.analysis.findings);
  const finding = findings.find((f) => f.rule === c.rule && f.container === c.container);
  assert.ok(finding, `expected a ${c.rule} finding; got ${findings.map((f) => f.rule).join(', ')}`);
  const fix = finding.fixes.find((f) => f.id === c.fix);
  assert.ok(fix, `expected a ${c.fix} fix; got ${finding.fixes.map((f) => f.id).join(', ')}`);
  return fix;
}

function check(c: Case, eol: 'LF' | 'CRLF'): void {
  const before = eol === 'CRLF' ? crlf(c.before) : c.before;
  const expected = eol === 'CRLF' ? crlf(c.after) : c.after;
  const edits = fixEdits(before, findFix(before, c));
  assert.equal(applyEdits(before, edits), expected);
  // Edits come sorted and never overlap.
  for (const [i, edit] of edits.entries()) assert.ok(i === 0 || edit.start >= edits[i - 1]!.end, 'edits overlap');
  const again = analyzeFile(expected, settingsOf(c));
  assert.deepEqual(again.parseErrors, []);
  const left = again.workloads.flatMap((w) => w.analysis.findings).filter((f) => f.rule === c.rule && f.container === c.container);
  assert.deepEqual(left.map((f) => f.message), []);
}

function fixCase(name: string, c: Case): void {
  test(`${name} (LF)`, () => check(c, 'LF'));
  test(`${name} (CRLF)`, () => check(c, 'CRLF'));
}

// ── insert-prestop-sleep ─────────────────────────────────────────────────────────────────────────

fixCase('insert-prestop-sleep: block container without lifecycle, indented sequence', {
  rule: 'prestop-missing',
  fix: 'insert-prestop-sleep',
  container: 'web',
  before: deployment(
    '      containers:',
    '        - name: web',
    '          image: nginx',
    '          readinessProbe: {tcpSocket: {port: 80}}',
  ),
  after: deployment(
    '      containers:',
    '        - name: web',
    '          image: nginx',
    '          readinessProbe: {tcpSocket: {port: 80}}',
    '          lifecycle:',
    '            preStop:',
    '              sleep:',
    '                seconds: 5',
  ),
});

fixCase('insert-prestop-sleep: lifecycle with postStart gets a preStop beside it', {
  rule: 'prestop-missing',
  fix: 'insert-prestop-sleep',
  container: 'web',
  before: deployment(
    '      containers:',
    '      - name: web',
    '        image: nginx',
    '        lifecycle:',
    '          postStart:',
    '            exec:',
    '              command: ["sh", "-c", "echo started"]',
    '        readinessProbe: {tcpSocket: {port: 80}}',
  ),
  after: deployment(
    '      containers:',
    '      - name: web',
    '        image: nginx',
    '        lifecycle:',
    '          postStart:',
    '            exec:',
    '              command: ["sh", "-c", "echo started"]',
    '          preStop:',
    '            sleep:',
    '              seconds: 5',
    '        readinessProbe: {tcpSocket: {port: 80}}',
  ),
});

fixCase('insert-prestop-sleep: flow-style container', {
  rule: 'prestop-missing',
  fix: 'insert-prestop-sleep',
  container: 'web',
  before: deployment('      containers:', '      - {name: web, image: nginx, ports: [{containerPort: 80}]}'),
  after: deployment('      containers:', '      - {name: web, image: nginx, ports: [{containerPort: 80}], lifecycle: {preStop: {sleep: {seconds: 5}}}}'),
});

fixCase('insert-prestop-sleep: Kubernetes 1.29 gets exec sleep with a quoted "5"', {
  rule: 'prestop-missing',
  fix: 'insert-prestop-sleep',
  container: 'web',
  settings: { kubernetesVersion: '1.29' },
  before: deployment('      containers:', '      - name: web', '        image: nginx'),
  after: deployment(
    '      containers:',
    '      - name: web',
    '        image: nginx',
    '        lifecycle:',
    '          preStop:',
    '            exec:',
    '              command:',
    '              - sleep',
    '              - "5"',
  ),
});

fixCase('insert-prestop-sleep: a too-short grace period is raised in place', {
  rule: 'prestop-missing',
  fix: 'insert-prestop-sleep',
  container: 'web',
  before: deployment('      terminationGracePeriodSeconds: 10', '      containers:', '      - name: web', '        image: nginx'),
  after: deployment(
    '      terminationGracePeriodSeconds: 20',
    '      containers:',
    '      - name: web',
    '        image: nginx',
    '        lifecycle:',
    '          preStop:',
    '            sleep:',
    '              seconds: 5',
  ),
});

fixCase('insert-prestop-sleep: a missing grace period is added after the container and its comments', {
  rule: 'prestop-missing',
  fix: 'insert-prestop-sleep',
  container: 'web',
  settings: { shutdownSeconds: 30 },
  before: deployment('      containers:', '      - name: web', '        image: nginx', '        # env: []'),
  after: deployment(
    '      containers:',
    '      - name: web',
    '        image: nginx',
    '        lifecycle:',
    '          preStop:',
    '            sleep:',
    '              seconds: 5',
    '        # env: []',
    '      terminationGracePeriodSeconds: 40',
  ),
});

fixCase('insert-prestop-sleep: a too-short preStop is replaced, the comment above it stays', {
  rule: 'prestop-too-short',
  fix: 'insert-prestop-sleep',
  container: 'web',
  before: deployment(
    '      containers:',
    '      - name: web',
    '        image: nginx',
    '        lifecycle:',
    '          # wait for the endpoints to update',
    '          preStop:',
    '            exec:',
    '              command: [sleep, "1"] # too short',
    '        ports: [{containerPort: 80}]',
  ),
  after: deployment(
    '      containers:',
    '      - name: web',
    '        image: nginx',
    '        lifecycle:',
    '          # wait for the endpoints to update',
    '          preStop:',
    '            sleep:',
    '              seconds: 5',
    '        ports: [{containerPort: 80}]',
  ),
});

// ── raise-grace-period ───────────────────────────────────────────────────────────────────────────

fixCase('raise-grace-period: an existing value is replaced', {
  rule: 'grace-zero',
  fix: 'raise-grace-period',
  before: deployment('      terminationGracePeriodSeconds: 0 # fast', '      containers:', '      - name: web', '        image: nginx', '        lifecycle: {preStop: {sleep: {seconds: 5}}}'),
  after: deployment('      terminationGracePeriodSeconds: 15 # fast', '      containers:', '      - name: web', '        image: nginx', '        lifecycle: {preStop: {sleep: {seconds: 5}}}'),
});

fixCase('raise-grace-period: a missing value is added to the pod spec', {
  rule: 'prestop-exceeds-grace',
  fix: 'raise-grace-period',
  container: 'web',
  before: deployment('      containers:', '      - name: web', '        image: nginx', '        lifecycle: {preStop: {sleep: {seconds: 40}}}'),
  after: deployment('      containers:', '      - name: web', '        image: nginx', '        lifecycle: {preStop: {sleep: {seconds: 40}}}', '      terminationGracePeriodSeconds: 55'),
});

// ── convert-native-sidecar ───────────────────────────────────────────────────────────────────────

fixCase('convert-native-sidecar: unindented sequence, no initContainers, comments travel', {
  rule: 'legacy-sidecar',
  fix: 'convert-native-sidecar',
  container: 'istio-proxy',
  before: deployment(
    '      # the workload',
    '      containers:',
    '      - name: web',
    '        image: nginx',
    '      # mesh sidecar, injected by hand',
    '      - name: istio-proxy',
    '        image: istio/proxyv2 # pinned below',
    '        args: [proxy, sidecar]',
    '        # resources: {}',
    '      - name: worker',
    '        image: busybox',
  ),
  after: deployment(
    '      initContainers:',
    '      # mesh sidecar, injected by hand',
    '      - name: istio-proxy',
    '        image: istio/proxyv2 # pinned below',
    '        args: [proxy, sidecar]',
    '        restartPolicy: Always',
    '        # resources: {}',
    '      # the workload',
    '      containers:',
    '      - name: web',
    '        image: nginx',
    '      - name: worker',
    '        image: busybox',
  ),
});

fixCase('convert-native-sidecar: appended to existing initContainers, re-indented', {
  rule: 'legacy-sidecar',
  fix: 'convert-native-sidecar',
  container: 'istio-proxy',
  before: deployment(
    '      initContainers:',
    '        - name: init',
    '          image: busybox',
    '',
    '      containers:',
    '      # mesh',
    '      - name: istio-proxy',
    '        image: istio/proxyv2',
    '        command:',
    '        - |',
    '          pilot-agent proxy sidecar',
    '',
    '      - name: web',
    '        image: nginx',
  ),
  after: deployment(
    '      initContainers:',
    '        - name: init',
    '          image: busybox',
    '        # mesh',
    '        - name: istio-proxy',
    '          image: istio/proxyv2',
    '          command:',
    '          - |',
    '            pilot-agent proxy sidecar',
    '          restartPolicy: Always',
    '',
    '      containers:',
    '      - name: web',
    '        image: nginx',
  ),
});

fixCase('convert-native-sidecar: flow sequence', {
  rule: 'legacy-sidecar',
  fix: 'convert-native-sidecar',
  container: 'istio-proxy',
  before: deployment('      containers: [{name: web, image: nginx}, {name: istio-proxy, image: istio/proxyv2}]'),
  after: deployment('      initContainers: [{name: istio-proxy, image: istio/proxyv2, restartPolicy: Always}]', '      containers: [{name: web, image: nginx}]'),
});

// ── hook replacements ────────────────────────────────────────────────────────────────────────────

fixCase('exec-to-sleep-action: an exec sleep in a distroless image', {
  rule: 'exec-hook-unavailable',
  fix: 'exec-to-sleep-action',
  container: 'web',
  before: deployment(
    '      containers:',
    '      - name: web',
    '        image: gcr.io/distroless/static',
    '        lifecycle:',
    '          preStop:',
    '            exec:',
    '              command:',
    '              - /bin/sh',
    '              - -c',
    '              - sleep 5',
  ),
  after: deployment(
    '      containers:',
    '      - name: web',
    '        image: gcr.io/distroless/static',
    '        lifecycle:',
    '          preStop:',
    '            sleep:',
    '              seconds: 5',
  ),
});

fixCase('exec-to-sleep-action: a flow-style hook stays flow-style', {
  rule: 'exec-hook-unavailable',
  fix: 'exec-to-sleep-action',
  container: 'web',
  before: deployment('      containers:', '      - name: web', '        image: gcr.io/distroless/static', '        lifecycle: {preStop: {exec: {command: [sleep, "5"]}}}'),
  after: deployment('      containers:', '      - name: web', '        image: gcr.io/distroless/static', '        lifecycle: {preStop: {sleep: {seconds: 5}}}'),
});

fixCase('sleep-action-to-exec: Kubernetes 1.28 has no sleep action', {
  rule: 'sleep-action-unavailable',
  fix: 'sleep-action-to-exec',
  container: 'web',
  settings: { kubernetesVersion: '1.28' },
  before: deployment('      containers:', '        - name: web', '          image: nginx', '          lifecycle:', '            preStop:', '              sleep:', '                seconds: 7'),
  after: deployment(
    '      containers:',
    '        - name: web',
    '          image: nginx',
    '          lifecycle:',
    '            preStop:',
    '              exec:',
    '                command:',
    '                  - sleep',
    '                  - "7"',
  ),
});

fixCase('replace-tcpsocket-hook: the tcpSocket handler becomes a sleep', {
  rule: 'prestop-tcpsocket',
  fix: 'replace-tcpsocket-hook',
  container: 'web',
  before: deployment(
    '      containers:',
    '      - name: web',
    '        image: nginx',
    '        lifecycle:',
    '          preStop:',
    '            tcpSocket:',
    '              port: 80 # does nothing',
    '          postStart: {exec: {command: [touch, /tmp/started]}}',
  ),
  after: deployment(
    '      containers:',
    '      - name: web',
    '        image: nginx',
    '        lifecycle:',
    '          preStop:',
    '            sleep:',
    '              seconds: 5',
    '          postStart: {exec: {command: [touch, /tmp/started]}}',
  ),
});

// ── exec-final-command ───────────────────────────────────────────────────────────────────────────

fixCase('exec-final-command: a double-quoted script keeps its quotes and escapes', {
  rule: 'shell-pid1',
  fix: 'exec-final-command',
  container: 'web',
  before: deployment('      containers:', '      - name: web', '        image: nginx', '        command: ["sh", "-c", "echo \\"starting\\"; nginx -g \'daemon off;\'"]'),
  after: deployment('      containers:', '      - name: web', '        image: nginx', '        command: ["sh", "-c", "echo \\"starting\\"; exec nginx -g \'daemon off;\'"]'),
});

fixCase('exec-final-command: a literal block script', {
  rule: 'shell-pid1',
  fix: 'exec-final-command',
  container: 'web',
  before: deployment(
    '      containers:',
    '      - name: web',
    '        image: nginx',
    '        command: [/bin/sh, -c]',
    '        args:',
    '        - |',
    '          echo starting',
    '          nginx -g "daemon off;"',
    '        ports: [{containerPort: 80}]',
  ),
  after: deployment(
    '      containers:',
    '      - name: web',
    '        image: nginx',
    '        command: [/bin/sh, -c]',
    '        args:',
    '        - |',
    '          echo starting',
    '          exec nginx -g "daemon off;"',
    '        ports: [{containerPort: 80}]',
  ),
});

fixCase('exec-final-command: a folded block script', {
  rule: 'shell-pid1',
  fix: 'exec-final-command',
  container: 'web',
  before: deployment('      containers:', '      - name: web', '        image: nginx', '        command: [sh]', '        args:', '        - -c', '        - >-', '          echo starting &&', '          nginx -g "daemon off;"'),
  after: deployment('      containers:', '      - name: web', '        image: nginx', '        command: [sh]', '        args:', '        - -c', '        - >-', '          echo starting &&', '          exec nginx -g "daemon off;"'),
});

fixCase('exec-final-command: a plain script', {
  rule: 'shell-pid1',
  fix: 'exec-final-command',
  container: 'web',
  before: deployment('      containers:', '      - name: web', '        image: nginx', '        command: [sh, -c, echo starting && nginx]'),
  after: deployment('      containers:', '      - name: web', '        image: nginx', '        command: [sh, -c, echo starting && exec nginx]'),
});

test('exec-final-command inserts only `exec `', () => {
  const text = deployment('      containers:', '      - name: web', '        image: nginx', '        command: ["sh", "-c", "echo hi; nginx"]');
  const edits = fixEdits(text, findFix(text, { rule: 'shell-pid1', fix: 'exec-final-command', container: 'web', before: text, after: '' }));
  const at = text.indexOf('nginx"');
  assert.deepEqual(edits, [{ start: at, end: at, newText: 'exec ' }]);
});

// ── insert-readiness-probe ───────────────────────────────────────────────────────────────────────

fixCase('insert-readiness-probe: on the named port', {
  rule: 'readiness-probe-missing',
  fix: 'insert-readiness-probe',
  container: 'web',
  before: deployment('      containers:', '      - name: web', '        image: nginx', '        ports:', '        - name: http', '          containerPort: 8080'),
  after: deployment(
    '      containers:',
    '      - name: web',
    '        image: nginx',
    '        ports:',
    '        - name: http',
    '          containerPort: 8080',
    '        readinessProbe:',
    '          tcpSocket:',
    '            port: http',
  ),
});

// ── ignore-rule ──────────────────────────────────────────────────────────────────────────────────

const withMetadata = (...metadata: string[]): string =>
  lines('apiVersion: apps/v1', 'kind: Deployment', ...metadata, 'spec:', '  template:', '    metadata: {labels: {app: web}}', '    spec:', '      containers:', '      - name: web', '        image: nginx', ...service);

fixCase('ignore-rule: no annotations yet', {
  rule: 'prestop-missing',
  fix: 'ignore-rule',
  container: 'web',
  before: withMetadata('metadata:', '  name: web', '  labels:', '    app: web'),
  after: withMetadata('metadata:', '  name: web', '  labels:', '    app: web', '  annotations:', '    kubegrace/ignore: prestop-missing'),
});

fixCase('ignore-rule: annotations exist', {
  rule: 'prestop-missing',
  fix: 'ignore-rule',
  container: 'web',
  before: withMetadata('metadata:', '  name: web', '  annotations:', '    team: "payments" # owner'),
  after: withMetadata('metadata:', '  name: web', '  annotations:', '    team: "payments" # owner', '    kubegrace/ignore: prestop-missing'),
});

fixCase('ignore-rule: kubegrace/ignore exists, the rule is appended', {
  rule: 'prestop-missing',
  fix: 'ignore-rule',
  container: 'web',
  before: withMetadata('metadata:', '  name: web', '  annotations:', '    kubegrace/ignore: readiness-probe-missing', '    team: payments'),
  after: withMetadata('metadata:', '  name: web', '  annotations:', '    kubegrace/ignore: readiness-probe-missing,prestop-missing', '    team: payments'),
});

fixCase('ignore-rule: flow metadata', {
  rule: 'prestop-missing',
  fix: 'ignore-rule',
  container: 'web',
  before: withMetadata('metadata: {name: web}'),
  after: withMetadata('metadata: {name: web, annotations: {kubegrace/ignore: prestop-missing}}'),
});

fixCase('ignore-rule: no metadata at all', {
  rule: 'prestop-missing',
  fix: 'ignore-rule',
  container: 'web',
  before: withMetadata(),
  after: lines(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'spec:',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec:',
    '      containers:',
    '      - name: web',
    '        image: nginx',
    'metadata:',
    '  annotations:',
    '    kubegrace/ignore: prestop-missing',
    ...service,
  ),
});

// ── surroundings ─────────────────────────────────────────────────────────────────────────────────

fixCase('comments and blank lines around the edited container survive', {
  rule: 'prestop-missing',
  fix: 'insert-prestop-sleep',
  container: 'web',
  before: deployment(
    '      # grace: default',
    '',
    '      containers:',
    '        # the app',
    '',
    '        - name: web # main',
    '          # image pinned by CI',
    '          image: "nginx:1.27"',
    '',
    '          ports: [{containerPort: 80}] # http',
    '          # env: []',
    '',
    '        # logging agent',
    '        - name: log',
    '          image: busybox',
    '',
    '      # end of pod spec',
  ),
  after: deployment(
    '      # grace: default',
    '',
    '      containers:',
    '        # the app',
    '',
    '        - name: web # main',
    '          # image pinned by CI',
    '          image: "nginx:1.27"',
    '',
    '          ports: [{containerPort: 80}] # http',
    '          lifecycle:',
    '            preStop:',
    '              sleep:',
    '                seconds: 5',
    '          # env: []',
    '',
    '        # logging agent',
    '        - name: log',
    '          image: busybox',
    '',
    '      # end of pod spec',
  ),
});

fixCase('the edited workload is the second document', {
  rule: 'prestop-missing',
  fix: 'insert-prestop-sleep',
  container: 'api',
  before: lines(
    '# first',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: config}',
    'data: {a: "1"}',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: api}',
    'spec:',
    '  template:',
    '    metadata: {labels: {app: api}}',
    '    spec:',
    '      terminationGracePeriodSeconds: 10',
    '      containers:',
    '      - name: api',
    '        image: api:1',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: api}',
    'spec: {selector: {app: api}}',
  ),
  after: lines(
    '# first',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: config}',
    'data: {a: "1"}',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: api}',
    'spec:',
    '  template:',
    '    metadata: {labels: {app: api}}',
    '    spec:',
    '      terminationGracePeriodSeconds: 20',
    '      containers:',
    '      - name: api',
    '        image: api:1',
    '        lifecycle:',
    '          preStop:',
    '            sleep:',
    '              seconds: 5',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: api}',
    'spec: {selector: {app: api}}',
  ),
});

// ── hand-made intents: rendering details ─────────────────────────────────────────────────────────

function intent(...changes: FixIntent['changes']): FixIntent {
  return { id: 'raise-grace-period', title: 'test', safe: true, changes };
}

/** The span of the first `needle` in `text`. */
function spanOf(text: string, needle: string): { start: number; end: number } {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, `${needle} not in text`);
  return { start, end: start + needle.length };
}

const applied = (text: string, fix: FixIntent): string => applyEdits(text, fixEdits(text, fix));

test('a replaced string keeps its quoting style, and quotes what YAML 1.1 would not read as a string', () => {
  const text = lines('plain: old', 'double: "old"', 'single: \'old\'');
  const replaceAll = (value: string) =>
    applied(
      text,
      intent(
        { op: 'replace', at: spanOf(text, 'old'), value },
        { op: 'replace', at: spanOf(text, '"old"'), value },
        { op: 'replace', at: spanOf(text, "'old'"), value },
      ),
    );
  assert.equal(replaceAll('new-value'), lines('plain: new-value', 'double: "new-value"', "single: 'new-value'"));
  for (const value of ['yes', 'on', 'y', '1.0', '08', '0x1f', '1:20', 'true', 'null', '~', '2024-01-01', 'a: b', 'x #y', '- x', '*x', '']) {
    assert.equal(replaceAll(value), lines(`plain: ${JSON.stringify(value)}`, `double: ${JSON.stringify(value)}`, `single: '${value}'`), value);
  }
  assert.equal(replaceAll('it\'s "quoted"\n'), lines('plain: "it\'s \\"quoted\\"\\n"', 'double: "it\'s \\"quoted\\"\\n"', 'single: "it\'s \\"quoted\\"\\n"'));
});

test('a plain string in a flow sequence is quoted when it holds flow indicators', () => {
  const text = lines('args: [old, x]');
  assert.equal(applied(text, intent({ op: 'replace', at: spanOf(text, 'old'), value: 'a,b' })), lines('args: ["a,b", x]'));
  assert.equal(applied(text, intent({ op: 'replace', at: spanOf(text, 'old'), value: 'a b' })), lines('args: [a b, x]'));
});

test('set: an empty or null intermediate key gets the block below it; an empty flow mapping is filled', () => {
  const empty = lines('spec:', '  lifecycle:', '  name: web');
  assert.equal(
    applied(empty, intent({ op: 'set', at: spanOf(empty, 'lifecycle:\n  name: web'), path: ['lifecycle', 'preStop'], value: { sleep: { seconds: 5 } } })),
    lines('spec:', '  lifecycle:', '    preStop:', '      sleep:', '        seconds: 5', '  name: web'),
  );
  const nulled = lines('spec:', '  name: web', '  lifecycle: null # none yet');
  assert.equal(
    applied(nulled, intent({ op: 'set', at: spanOf(nulled, 'name: web\n  lifecycle: null'), path: ['lifecycle', 'preStop'], value: { sleep: { seconds: 5 } } })),
    lines('spec:', '  name: web', '  lifecycle: # none yet', '    preStop:', '      sleep:', '        seconds: 5'),
  );
  const flow = lines('spec:', '  name: web', '  lifecycle: {}');
  assert.equal(
    applied(flow, intent({ op: 'set', at: spanOf(flow, 'name: web\n  lifecycle: {}'), path: ['lifecycle', 'preStop'], value: { sleep: { seconds: 5 } } })),
    lines('spec:', '  name: web', '  lifecycle: {preStop: {sleep: {seconds: 5}}}'),
  );
});

test('set: an existing final key has its value replaced', () => {
  const text = lines('spec:', '  grace: 10 # seconds', '  name: web');
  assert.equal(applied(text, intent({ op: 'set', at: spanOf(text, 'grace: 10 # seconds\n  name: web'), path: ['grace'], value: 30 })), lines('spec:', '  grace: 30 # seconds', '  name: web'));
});

test('set: nested values use the file\'s indentation step and sequence style', () => {
  const text = lines('spec:', '    list:', '    - a', '    name: web');
  assert.equal(
    applied(text, intent({ op: 'set', at: spanOf(text, 'list:\n    - a\n    name: web'), path: ['probe'], value: { exec: { command: ['cat', '8080', 'yes'] }, port: 'http' } })),
    lines('spec:', '    list:', '    - a', '    name: web', '    probe:', '        exec:', '            command:', '            - cat', '            - "8080"', '            - "yes"', '        port: http'),
  );
});

test('set: a text without a final line break gets one before the new lines, in its line ending', () => {
  const text = 'spec:\r\n  name: web';
  assert.equal(applied(text, intent({ op: 'set', at: spanOf(text, 'name: web'), path: ['port'], value: 80 })), 'spec:\r\n  name: web\r\n  port: 80');
});

test('set: a keep-chomped block scalar keeps its trailing lines', () => {
  const text = lines('spec:', '  script: |+', '    run', '', '', 'other: 1');
  assert.equal(
    applied(text, intent({ op: 'set', at: spanOf(text, 'script: |+\n    run'), path: ['port'], value: 80 })),
    lines('spec:', '  script: |+', '    run', '', '', '  port: 80', 'other: 1'),
  );
});

test('set inside a merged mapping edits the anchor it comes from', () => {
  const text = lines('base: &base', '  lifecycle:', '    postStart: {exec: {command: [x]}}', 'item:', '  <<: *base', '  name: web');
  assert.equal(
    applied(text, intent({ op: 'set', at: spanOf(text, '<<: *base\n  name: web'), path: ['lifecycle', 'preStop'], value: { sleep: { seconds: 5 } } })),
    lines('base: &base', '  lifecycle:', '    postStart: {exec: {command: [x]}}', '    preStop:', '      sleep:', '        seconds: 5', 'item:', '  <<: *base', '  name: web'),
  );
});

test('intents that cannot be applied give no edits', () => {
  const text = lines('spec:', '  name: web');
  // A span that is no node.
  assert.deepEqual(fixEdits(text, intent({ op: 'replace', at: { start: 1, end: 4 }, value: 1 })), []);
  // `set` on something that is not a mapping.
  assert.deepEqual(fixEdits(text, intent({ op: 'set', at: spanOf(text, 'web'), path: ['a'], value: 1 })), []);
  // A span outside the text.
  assert.deepEqual(fixEdits(text, intent({ op: 'replace', at: { start: 100, end: 120 }, value: 1 })), []);
  // A container that is an alias cannot be moved out of the list.
  const alias = lines('x: &side {name: proxy}', 'spec:', '  containers:', '  - name: web', '  - *side');
  assert.deepEqual(fixEdits(alias, intent({ op: 'move-to-init-containers', item: spanOf(alias, '{name: proxy}'), podSpec: spanOf(alias, 'containers:\n  - name: web\n  - *side'), set: { restartPolicy: 'Always' } })), []);
  // The only container stays.
  const only = lines('spec:', '  containers:', '  - name: web');
  assert.deepEqual(fixEdits(only, intent({ op: 'move-to-init-containers', item: spanOf(only, 'name: web'), podSpec: spanOf(only, 'containers:\n  - name: web'), set: { restartPolicy: 'Always' } })), []);
});

test('move: a block container into an existing flow initContainers is written as a flow mapping', () => {
  const text = lines('spec:', '  initContainers: [{name: init}]', '  containers:', '  - name: web', '  - name: proxy', '    args: [run]');
  assert.equal(
    applied(text, intent({ op: 'move-to-init-containers', item: spanOf(text, 'name: proxy\n    args: [run]'), podSpec: spanOf(text, 'initContainers: [{name: init}]\n  containers:\n  - name: web\n  - name: proxy\n    args: [run]'), set: { restartPolicy: 'Always' } })),
    lines('spec:', '  initContainers: [{name: init}, {name: proxy, args: [run], restartPolicy: Always}]', '  containers:', '  - name: web'),
  );
});

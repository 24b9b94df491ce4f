/**
 * Feature gates from the command line and `.kubegrace.yaml` (issue 14): `--feature-gates` in
 * Kubernetes' own spelling (Name=true,Other=false; repeatable), `featureGates:` in the file merged per
 * gate under the flags, and `explain` saying when a result rests on a gate the user set.
 * Stages: KEP-4960 kep.yaml (kubernetes/enhancements keps/sig-node/4960-container-stop-signals/kep.yaml,
 * beta "v1.38") and kubernetes/kubernetes pkg/features (ContainerStopSignals: 1.33 alpha only).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/cli/main';

function cli(args: string[]) {
  let out = '';
  let err = '';
  const status = main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), stdin: () => '', env: {}, isTty: false });
  return { status, out, err };
}

// nginx told to stop with SIGTERM (its fast shutdown, nginx.org/en/docs/control.html) by lifecycle.stopSignal.
const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      os: {name: linux}
      containers:
        - name: web
          image: nginx:1.27
          ports: [{containerPort: 80}]
          readinessProbe: {httpGet: {path: /, port: 80}}
          lifecycle:
            stopSignal: SIGTERM
            preStop: {sleep: {seconds: 5}}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`;

const repo = mkdtempSync(join(tmpdir(), 'kubegrace-gates-'));
mkdirSync(join(repo, '.git'));
const file = join(repo, 'web.yaml');
writeFileSync(file, MANIFEST);

function rules(out: string): string[] {
  return JSON.parse(out).files.flatMap((f: { findings: Array<{ rule: string }> }) => f.findings.map((x) => x.rule));
}

test('--feature-gates turns the 1.37 alpha gate on: the stopSignal is honoured and reported', () => {
  const plain = cli(['check', '--no-config', '--format', 'json', '--kubernetes-version', '1.37', file]);
  assert.deepEqual(rules(plain.out), ['stop-signal-invalid'], 'dropped by default in 1.37 (alpha)');
  const on = cli(['check', '--no-config', '--format', 'json', '--kubernetes-version', '1.37', '--feature-gates', 'ContainerStopSignals=true', file]);
  assert.deepEqual(rules(on.out), ['abrupt-stop-signal']);
  // Repeatable, later values win, as the kube components read --feature-gates.
  const both = cli(['check', '--no-config', '--format', 'json', '--kubernetes-version', '1.37', '--feature-gates', 'ContainerStopSignals=true', '--feature-gates', 'ContainerStopSignals=false', file]);
  assert.deepEqual(rules(both.out), ['stop-signal-invalid']);
});

test('--kubernetes-version 1.38 is accepted with its planned default, and explain says it is planned', () => {
  const r = cli(['explain', '--no-config', '--kubernetes-version', '1.38', file]);
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /assumed: Kubernetes 1\.38 is not released: its defaults are the planned ones \(ContainerStopSignals on by default\)/);
  assert.match(r.out, /web: lifecycle\.stopSignal SIGTERM is honoured because ContainerStopSignals is planned to be on by default in this version\./);
});

test('featureGates in .kubegrace.yaml, merged per gate under --feature-gates; explain names the gate', () => {
  writeFileSync(join(repo, '.kubegrace.yaml'), 'kubernetesVersion: "1.36"\nfeatureGates:\n  ContainerStopSignals: true\n  SidecarContainers: false\n');
  const r = cli(['explain', file]);
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /assumed: feature gate ContainerStopSignals=true as you set it/);
  assert.match(r.out, /assumed: feature gate SidecarContainers=false ignored: it is GA and always on in 1\.36/);
  assert.match(r.out, /honoured because the ContainerStopSignals feature gate is on, as you set it/);
  const over = cli(['check', '--format', 'json', '--feature-gates', 'ContainerStopSignals=false', file]);
  assert.deepEqual(rules(over.out), ['stop-signal-invalid']);
});

test('bad --feature-gates values stop the run with one line naming the option', () => {
  for (const [value, message] of [
    ['ContainerStopSignals', /^kubegrace: --feature-gates: "ContainerStopSignals" must be written Name=true or Name=false/],
    ['ContainerStopSignals=on', /^kubegrace: --feature-gates: ContainerStopSignals must be true or false, not " ?on"/],
  ] as const) {
    const r = cli(['check', '--no-config', '--feature-gates', value, file]);
    assert.equal(r.status, 2);
    assert.match(r.err, message);
  }
});

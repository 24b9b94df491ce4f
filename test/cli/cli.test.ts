/** The bundled CLI (dist/cli.js, built by `npm test` before the tests): formats, exit codes, usage errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../robust/helpers';

// Plain text whatever the CI's environment asks for (FORCE_COLOR would colour even into a pipe).
delete process.env.FORCE_COLOR;

const run = (...args: string[]) => runCli(args);

const dir = mkdtempSync(join(tmpdir(), 'kubegrace-cli-'));
const bad = join(dir, 'bad.yaml');
writeFileSync(
  bad,
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: web}',
    'spec:',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec:',
    '      terminationGracePeriodSeconds: 30',
    '      containers:',
    '        - name: web',
    '          image: example/web',
    '          readinessProbe: {tcpSocket: {port: 8080}}',
    '          lifecycle: {preStop: {sleep: {seconds: 40}}}',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: web}',
    'spec: {selector: {app: web}}',
    '',
  ].join('\n'),
);
const good = join(dir, 'good.yml');
writeFileSync(good, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: Never\n  containers: [{name: c, image: busybox}]\n');
mkdirSync(join(dir, 'nested'));
writeFileSync(join(dir, 'nested', 'values.yaml'), 'replicaCount: 1\nlifecycle:\n  preStop: {}\n');
writeFileSync(join(dir, 'nested', 'notes.txt'), 'kind: Deployment\n');

test('check: text output is path:line:col: severity rule: message, exit 1 on an error', () => {
  const r = run('check', bad);
  assert.equal(r.status, 1);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 2);
  assert.equal(lines[1], '1 error in 1 of 1 file', 'the summary line');
  assert.equal(lines[0]!.startsWith(`${bad}:13:50: error prestop-exceeds-grace: sleep.seconds 40 is more than terminationGracePeriodSeconds 30`), true, lines[0]);
});

test('check: exit 0 on a clean file; --fail-on decides what fails', () => {
  assert.equal(run('check', good).status, 0);
  const deployment = join(dir, 'warn.yaml');
  writeFileSync(deployment, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: 0\n      containers: [{name: w, image: x}]\n');
  // The gate fails on warnings by default (issue 18): they are the findings KubeGrace exists for.
  assert.equal(run('check', deployment).status, 1, 'a warning fails by default');
  assert.equal(run('check', '--fail-on', 'error', deployment).status, 0);
});

test('check --format json keeps the documented shape, 0-based UTF-16 ranges', () => {
  const r = run('check', '--format', 'json', bad);
  const json = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(json), ['files']);
  assert.equal(json.files[0].path, bad);
  assert.deepEqual(json.files[0].errors, []);
  assert.deepEqual(json.files[0].findings[0], {
    rule: 'prestop-exceeds-grace',
    severity: 'error',
    message: json.files[0].findings[0].message,
    range: { start: { line: 12, character: 49 }, end: { line: 12, character: 51 } },
    object: 'Deployment/web',
    container: 'web',
    fixes: ['raise-grace-period', 'ignore-rule'],
  });
});

test('directories give their .yaml and .yml files only; non-Kubernetes YAML is quiet', () => {
  const r = run('check', '--format', 'json', dir);
  const paths = JSON.parse(r.stdout).files.map((f: { path: string }) => f.path);
  assert.deepEqual(paths, [bad, good, join(dir, 'nested', 'values.yaml'), join(dir, 'warn.yaml')].sort());
});

test('settings flags change the analysis', () => {
  const r = run('check', '--format', 'json', '--kubernetes-version', '1.28', bad);
  const rules = JSON.parse(r.stdout).files[0].findings.map((f: { rule: string }) => f.rule);
  assert.ok(rules.includes('sleep-action-unavailable'), rules.join());
});

test('usage errors and unreadable paths exit 2 with a message', () => {
  for (const args of [['lint', bad], ['check'], ['check', '--format', 'xml', bad], ['check', '--fail-on', 'hint', bad], ['check', '--kubernetes-version', 'latest', bad], ['check', '--bogus', bad]]) {
    const r = run(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^kubegrace: /);
  }
  const missing = run('check', join(dir, 'nope.yaml'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read .*nope\.yaml/);
});

test('--help and --version', () => {
  assert.match(run('--help').stdout, /kubegrace check/);
  assert.match(run('--version').stdout.trim(), /^\d+\.\d+\.\d+$/);
});

test('explain: text timeline with a chart, and the documented JSON', () => {
  const text = run('explain', bad);
  assert.equal(text.status, 1);
  assert.match(text.stdout, /Deployment\/web/);
  assert.match(text.stdout, /SIGKILL/);
  assert.match(text.stdout, /web\s+=+/, 'a preStop lane in the chart');
  const json = JSON.parse(run('explain', '--format', 'json', bad).stdout);
  assert.deepEqual(json, {
    workloads: [
      {
        path: bad,
        object: 'Deployment/web',
        gracePeriodSeconds: 30,
        graceDefaulted: false,
        serviceOutSeconds: 5,
        serviceOutSources: [{ description: 'endpointPropagationSeconds estimate', seconds: 5, setting: 'endpointPropagationSeconds' }],
        shutdownSeconds: 10,
        shutdownSource: 'setting',
        containers: [
          {
            name: 'web',
            role: 'main',
            preStopSeconds: 40,
            preStopExact: true,
            preStopEnd: 30,
            stopSignal: 'SIGTERM',
            sigtermAt: 30,
            sigkillAt: 32,
            drainSeconds: 2,
            estimatedExitAt: 32,
            killed: true,
          },
        ],
        // The budget chain (issue 16): the endpoints are gone by SIGTERM, but the hook leaves no drain.
        // Each term with where its number comes from (1-based lines of this file, a setting).
        budgetChain: [
          {
            holds: true,
            text: 'traffic stops ≈5 s ≤ preStop delay 30 s of web',
            terms: [
              { side: 'left', text: 'traffic stops ≈5 s', sources: [{ setting: 'endpointPropagationSeconds' }, { path: bad, line: 17, what: 'Service/web' }] },
              { side: 'right', text: 'preStop delay 30 s of web', sources: [{ path: bad, line: 13, what: 'preStop' }] },
            ],
          },
          {
            holds: false,
            text: 'preStop 30 s + drain ≈10 s ≤ grace period 30 s',
            terms: [
              { side: 'left', text: 'preStop 30 s', sources: [{ path: bad, line: 13, what: 'preStop' }] },
              { side: 'left', text: 'drain ≈10 s', sources: [{ setting: 'shutdownSeconds' }] },
              { side: 'right', text: 'grace period 30 s', sources: [{ path: bad, line: 8, what: 'terminationGracePeriodSeconds' }] },
            ],
          },
        ],
      },
    ],
  });
});

test('ranges: CRLF lines and non-ASCII text before the node, in UTF-16 characters', () => {
  const path = join(dir, 'crlf.yaml');
  const lines = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: web, annotations: {note: "café 😀"}}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers: [{name: web, image: x}, {name: "😀-log", image: fluent/fluent-bit:3.0}]',
    '      terminationGracePeriodSeconds: 0',
    '',
  ];
  writeFileSync(path, lines.join('\r\n'));
  const findings = JSON.parse(run('check', '--format', 'json', path).stdout).files[0].findings;
  const grace = findings.find((f: { rule: string }) => f.rule === 'grace-zero');
  assert.deepEqual(grace.range, { start: { line: 7, character: 37 }, end: { line: 7, character: 38 } });
  const sidecar = findings.find((f: { rule: string }) => f.rule === 'legacy-sidecar');
  const column = lines[6]!.indexOf('"😀-log"');
  assert.deepEqual(sidecar.range, { start: { line: 6, character: column }, end: { line: 6, character: column + '"😀-log"'.length } });
});

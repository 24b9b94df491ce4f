/**
 * The GitHub Action's entry point (action/main.mjs) run as a runner runs it: `node` with the INPUT_*
 * variables (names upper-cased, hyphens kept), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, in the
 * checked-out repository as working directory. The CLI is the bundled dist/cli.js.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(__dirname, '../..');
const entry = join(root, 'action', 'main.mjs');
const cliJs = join(root, 'dist', 'cli.js');

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubegrace-action-'));
  mkdirSync(join(dir, '.git'));
  mkdirSync(join(dir, 'k8s'));
  cpSync(join(root, 'examples', 'bad', 'prestop-missing.yaml'), join(dir, 'k8s', 'checkout.yaml'));
  cpSync(join(root, 'examples', 'good', 'web.yaml'), join(dir, 'k8s', 'web.yaml'));
  return dir;
}

function runAction(cwd: string, inputs: Record<string, string>, extraEnv: Record<string, string> = {}) {
  const outputs = join(cwd, '..', `${cwd.split('/').at(-1)}-outputs`);
  const summary = join(cwd, '..', `${cwd.split('/').at(-1)}-summary`);
  writeFileSync(outputs, '');
  writeFileSync(summary, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: cwd, ...extraEnv };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const r = spawnSync(process.execPath, [entry], { cwd, env, encoding: 'utf8' });
  const parsed = Object.fromEntries(readFileSync(outputs, 'utf8').trim().split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs: parsed, summary: readFileSync(summary, 'utf8') };
}

test('defaults: SARIF written, warnings annotated, the step passes on warnings (fail-on error)', () => {
  const cwd = workspace();
  const r = runAction(cwd, { cli: `node ${cliJs}`, paths: 'k8s', 'fail-on': 'error', 'sarif-file': 'kubegrace.sarif' }, { GITHUB_ACTION_REPOSITORY: 'kubegrace/kubegrace', GITHUB_ACTION_REF: 'v0.1.0', GITHUB_SERVER_URL: 'https://github.com' });
  assert.equal(r.status, 0, r.stderr);
  const sarif = JSON.parse(readFileSync(join(cwd, 'kubegrace.sarif'), 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  assert.deepEqual(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId), ['prestop-missing']);
  assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'k8s/checkout.yaml');
  assert.equal(sarif.runs[0].tool.driver.rules[0].helpUri, 'https://github.com/kubegrace/kubegrace/blob/v0.1.0/docs/rules/prestop-missing.md');
  assert.deepEqual(r.outputs, { 'sarif-file': 'kubegrace.sarif', summary: '1 warning in 1 of 2 files', 'exit-code': '0' });
  assert.match(r.summary, /1 warning in 1 of 2 files/);
  // The problem matcher is registered and matches the warning line the log shows.
  const matcher = /^::add-matcher::(.+)$/m.exec(r.stdout)![1]!;
  const pattern = JSON.parse(readFileSync(matcher, 'utf8')).problemMatcher[0].pattern[0];
  const line = r.stdout.split('\n').find((l) => l.startsWith('k8s/checkout.yaml:'))!;
  const m = new RegExp(pattern.regexp).exec(line)!;
  assert.deepEqual([m[pattern.file], m[pattern.line], m[pattern.severity], m[pattern.code]], ['k8s/checkout.yaml', '19', 'warning', 'prestop-missing']);
  assert.match(r.stdout, /^::remove-matcher owner=kubegrace::$/m);
});

test('fail-on: warning fails the step, none never does; the SARIF file is written either way', () => {
  const cwd = workspace();
  const failing = runAction(cwd, { cli: `node ${cliJs}`, paths: 'k8s', 'fail-on': 'warning', 'sarif-file': 'report.sarif' });
  assert.equal(failing.status, 1);
  assert.equal(failing.outputs['exit-code'], '1');
  assert.ok(JSON.parse(readFileSync(join(cwd, 'report.sarif'), 'utf8')).runs[0].results.length === 1);
  assert.equal(runAction(cwd, { cli: `node ${cliJs}`, paths: 'k8s', 'fail-on': 'none' }).status, 0);
});

test('kubegrace on PATH is found; settings and context inputs reach the CLI; bad inputs fail with an error annotation', () => {
  const cwd = workspace();
  const bin = mkdtempSync(join(tmpdir(), 'kubegrace-bin-'));
  symlinkSync(cliJs, join(bin, 'kubegrace'));
  const path = `${bin}:${process.env.PATH}`;
  const deployment = readFileSync(join(cwd, 'k8s', 'checkout.yaml'), 'utf8').split('\n---\n')[0]!;
  mkdirSync(join(cwd, 'changed'));
  writeFileSync(join(cwd, 'changed', 'checkout.yaml'), deployment);
  const r = runAction(cwd, { paths: 'changed/checkout.yaml', context: '.', 'kubernetes-version': '1.28', args: '--shutdown-seconds 20', 'fail-on': 'warning' }, { PATH: path });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  // prestop-missing is a warning when a Service selects the pod (information otherwise).
  assert.match(r.stdout, /changed\/checkout\.yaml:\d+:\d+: warning prestop-missing: /, 'the Service from the context counts');
  const bad = runAction(cwd, { paths: 'k8s', 'fail-on': 'sometimes' }, { PATH: path });
  assert.equal(bad.status, 2);
  assert.match(bad.stdout, /^::error title=kubegrace::kubegrace: --fail-on must be error, warning, information or none, not "sometimes"$/m);
});

test('action.yml declares exactly the inputs the entry reads, and runs it on a current runtime', () => {
  const manifest = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as { inputs: Record<string, { description: string }>; outputs: Record<string, unknown>; runs: { using: string; main: string } };
  const source = readFileSync(entry, 'utf8');
  const read = [...source.matchAll(/input\('([a-z-]+)'\)/g)].map((m) => m[1]!);
  assert.deepEqual([...new Set(read)].sort(), Object.keys(manifest.inputs).sort());
  const written = [...source.matchAll(/output\('([a-z-]+)'/g)].map((m) => m[1]!);
  assert.deepEqual([...new Set(written)].sort(), Object.keys(manifest.outputs).sort());
  assert.equal(manifest.runs.using, 'node24');
  assert.equal(join(root, manifest.runs.main), entry);
  for (const [name, value] of Object.entries(manifest.inputs)) assert.ok(value.description, name);
});

/**
 * The GitHub Action's entry point (action/main.mjs) run as a runner runs it: `node` with the INPUT_*
 * variables (names upper-cased, hyphens kept), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files and
 * GITHUB_WORKSPACE, in the checked-out repository. The CLI is the one the action bundles
 * (action/dist/cli.js), as at a release tag: nothing comes from a registry.
 * Output and command formats: docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 * (multi-line outputs with a delimiter, escaping of data and properties, stop-commands).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const root = resolve(__dirname, '../..');
const entry = join(root, 'action', 'main.mjs');

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubegrace-action-'));
  mkdirSync(join(dir, '.git'));
  mkdirSync(join(dir, 'k8s'));
  cpSync(join(root, 'examples', 'bad', 'prestop-missing.yaml'), join(dir, 'k8s', 'checkout.yaml'));
  cpSync(join(root, 'examples', 'good', 'web.yaml'), join(dir, 'k8s', 'web.yaml'));
  return dir;
}

/** GITHUB_OUTPUT in either form the runner reads: `name=value` or `name<<DELIMITER` … `DELIMITER`. */
function readOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i]!.includes('=')) out[lines[i]!.slice(0, lines[i]!.indexOf('='))] = lines[i]!.slice(lines[i]!.indexOf('=') + 1);
  }
  return out;
}

function runAction(cwd: string, inputs: Record<string, string>, extraEnv: Record<string, string> = {}) {
  const files = mkdtempSync(join(tmpdir(), 'kubegrace-runner-'));
  const outputs = join(files, 'outputs');
  const summary = join(files, 'summary');
  writeFileSync(outputs, '');
  writeFileSync(summary, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GITHUB_OUTPUT: outputs, GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: cwd, ...extraEnv };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const r = spawnSync(process.execPath, [entry], { cwd, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs: readOutputs(readFileSync(outputs, 'utf8')), summary: readFileSync(summary, 'utf8') };
}

const RELEASE = { GITHUB_ACTION_REPOSITORY: 'kubegrace/kubegrace', GITHUB_ACTION_REF: 'v0.2.0', GITHUB_SERVER_URL: 'https://github.com' };

test('defaults: the bundled CLI runs once, fails the step on the Service without preStop, writes SARIF, annotates', () => {
  const cwd = workspace();
  // No inputs but paths, as in the documented workflow; no `kubegrace` on PATH and no registry.
  const r = runAction(cwd, { paths: 'k8s' }, { ...RELEASE, PATH: '/nonexistent', npm_config_offline: 'true' });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const sarif = JSON.parse(readFileSync(join(cwd, 'kubegrace.sarif'), 'utf8'));
  assert.deepEqual(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId), ['prestop-missing']);
  assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'k8s/checkout.yaml');
  assert.equal(sarif.runs[0].tool.driver.rules[0].helpUri, 'https://github.com/kubegrace/kubegrace/blob/v0.2.0/docs/rules/prestop-missing.md');
  assert.deepEqual(r.outputs, { 'sarif-file': 'kubegrace.sarif', summary: '1 warning in 1 of 2 files', 'exit-code': '1' });
  assert.match(r.summary, /1 warning in 1 of 2 files/);
  assert.match(r.summary, /fails on: warning/);
  assert.match(r.stdout, /^::warning file=k8s\/checkout\.yaml,line=19,col=17,endLine=19,endColumn=\d+,title=kubegrace prestop-missing::checkout gets SIGTERM/m);
  // The CLI's own output sits between stop-commands markers, so none of it can act as a command.
  const token = /^::stop-commands::(.+)$/m.exec(r.stdout)![1]!;
  const inside = r.stdout.slice(r.stdout.indexOf(`::stop-commands::${token}`), r.stdout.indexOf(`::${token}::`));
  assert.match(inside, /k8s\/checkout\.yaml:19:17: warning prestop-missing/);
});

test('fail-on: error and none pass on a warning; the SARIF file is written either way', () => {
  const cwd = workspace();
  for (const failOn of ['error', 'none']) {
    const r = runAction(cwd, { paths: 'k8s', 'fail-on': failOn, 'sarif-file': `${failOn}.sarif` });
    assert.equal(r.status, 0, failOn);
    assert.equal(r.outputs['exit-code'], '0');
    assert.equal(JSON.parse(readFileSync(join(cwd, `${failOn}.sarif`), 'utf8')).runs[0].results.length, 1);
  }
});

test('bad inputs stop the step with exit 2 and an error annotation, and still leave a SARIF file to upload', () => {
  const cwd = workspace();
  for (const [inputs, message] of [
    [{ 'fail-on': 'warn' }, 'fail-on must be error, warning, information or none, not "warn"'],
    [{ 'kubernetes-version': 'latest' }, 'kubernetes-version must look like 1.30, not "latest"'],
    [{ 'working-directory': 'nowhere' }, 'working-directory nowhere is not a folder of the workspace'],
    [{ args: '--bogus' }, 'kubegrace: unknown option --bogus'],
  ] as Array<[Record<string, string>, string]>) {
    const sarif = `bad-${Object.keys(inputs)[0]}.sarif`;
    // A report from an earlier run is not left to pass for this one.
    writeFileSync(join(cwd, sarif), '{"stale": true}');
    const r = runAction(cwd, { paths: 'k8s', 'sarif-file': sarif, ...inputs });
    assert.equal(r.status, 2, message);
    assert.ok(r.stdout.includes(`::error title=kubegrace::${message}`), r.stdout);
    assert.equal(r.outputs['exit-code'], '2');
    assert.ok(r.outputs.summary, 'the summary says why');
    assert.match(r.summary, /did not run/);
    const log = JSON.parse(readFileSync(join(cwd, sarif), 'utf8'));
    assert.deepEqual([log.version, log.runs[0].results], ['2.1.0', []]);
  }
});

test('working-directory and config: paths from the subfolder, SARIF URIs from the repository root', () => {
  const cwd = workspace();
  mkdirSync(join(cwd, 'deploy'));
  cpSync(join(cwd, 'k8s'), join(cwd, 'deploy', 'k8s'), { recursive: true });
  writeFileSync(join(cwd, 'deploy', 'strict.yaml'), 'rules:\n  prestop-missing: error\n');
  const r = runAction(cwd, { 'working-directory': 'deploy', paths: 'k8s', config: 'strict.yaml' });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const run = JSON.parse(readFileSync(join(cwd, 'kubegrace.sarif'), 'utf8')).runs[0];
  assert.equal(run.results[0].level, 'error', 'the config input reached the CLI');
  assert.equal(run.results[0].locations[0].physicalLocation.artifactLocation.uri, 'deploy/k8s/checkout.yaml');
  assert.equal(run.originalUriBaseIds.SRCROOT.uri, `file://${cwd}/`);
  assert.match(r.stdout, /^::error file=deploy\/k8s\/checkout\.yaml,line=19,/m);
});

test('workflow-command data is escaped: a file name with , : and % stays one property', () => {
  const cwd = workspace();
  cpSync(join(cwd, 'k8s', 'checkout.yaml'), join(cwd, 'k8s', 'a,b:c%d.yaml'));
  const r = runAction(cwd, { paths: 'k8s/a,b:c%d.yaml' });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^::warning file=k8s\/a%2Cb%3Ac%25d\.yaml,line=19,col=17,/m);
});

test('action.yml declares exactly the inputs the entry reads, and runs it on a current runtime', () => {
  const manifest = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as { inputs: Record<string, { description: string; default: string }>; outputs: Record<string, unknown>; runs: { using: string; main: string } };
  const source = readFileSync(entry, 'utf8');
  const read = [...source.matchAll(/input\('([a-z-]+)'\)/g)].map((m) => m[1]!);
  assert.deepEqual([...new Set(read)].sort(), Object.keys(manifest.inputs).sort());
  const written = [...source.matchAll(/output\('([a-z-]+)'/g)].map((m) => m[1]!);
  assert.deepEqual([...new Set(written)].sort(), Object.keys(manifest.outputs).sort());
  assert.equal(manifest.runs.using, 'node24');
  assert.equal(join(root, manifest.runs.main), entry);
  assert.equal(manifest.inputs['fail-on']!.default, 'warning', 'the same gate as the CLI');
  for (const [name, value] of Object.entries(manifest.inputs)) assert.ok(value.description, name);
});

test('the committed action/dist/cli.js is the bundle of the committed sources', () => {
  // npm run build (run before the tests) writes both; the copy drops only the source map comment.
  const bundled = readFileSync(join(root, 'action', 'dist', 'cli.js'), 'utf8');
  assert.equal(bundled, readFileSync(join(root, 'dist', 'cli.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n'));
  // In a checkout, the build must not have changed the committed file: sources changed without it.
  if (existsSync(join(root, '.git'))) {
    assert.equal(spawnSync('git', ['ls-files', '--error-unmatch', 'action/dist/cli.js'], { cwd: root }).status, 0, 'action/dist/cli.js is committed');
    const diff = spawnSync('git', ['diff', '--quiet', 'HEAD', '--', 'action/dist/cli.js'], { cwd: root });
    assert.equal(diff.status, 0, 'action/dist/cli.js differs from the build: run npm run build and commit it');
  }
});

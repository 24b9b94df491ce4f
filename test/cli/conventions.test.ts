/**
 * Issue 18: the gate's default, input that used to be dropped in silence, and the conventions people
 * reach for from other linters (ESLint's -q/--quiet and -o/--output-file, several formats in one
 * run, a rule's severity from the command line, `rules ID`). The bundled dist/cli.js is run as a
 * program in a temporary repository, from the folder a user would run it in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const cliJs = join(root, 'dist', 'cli.js');

/** A repository with k8s/sub/checkout.yaml: a Deployment behind a Service, without preStop (a warning). */
function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubegrace-conventions-'));
  mkdirSync(join(dir, '.git'));
  mkdirSync(join(dir, 'k8s', 'sub'), { recursive: true });
  cpSync(join(root, 'examples', 'bad', 'prestop-missing.yaml'), join(dir, 'k8s', 'sub', 'checkout.yaml'));
  return dir;
}

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cliJs, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

test('the default gate fails on a Deployment behind a Service with no preStop', () => {
  const r = run(repo(), 'check', 'k8s');
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /warning prestop-missing/);
  assert.equal(run(repo(), 'check', '--fail-on', 'error', 'k8s').status, 0, 'the old gate is one flag away');
});

test('no arguments print the usage (exit 2); the language server without a transport says how to start it', () => {
  const r = run(repo());
  assert.equal(r.status, 2);
  assert.match(r.err, /^Usage: kubegrace COMMAND/);
  const server = spawnSync(process.execPath, [join(root, 'dist', 'server.js')], { encoding: 'utf8', timeout: 20000 });
  assert.equal(server.status, 2);
  assert.match(server.stderr, /--stdio/);
  assert.ok(server.stderr.length < 400, `a short message, not the bundle's source (${server.stderr.length} characters)`);
});

test('a quoted glob PATH is expanded; one matching nothing is a clear error', () => {
  const dir = repo();
  const r = run(dir, 'check', 'k8s/**/*.yaml');
  assert.equal(r.status, 1, r.err);
  assert.match(r.out, /^k8s\/sub\/checkout\.yaml:19:17: warning prestop-missing/m);
  const none = run(dir, 'check', 'k8s/**/*.yml');
  assert.equal(none.status, 2);
  assert.match(none.err, /no file matches k8s\/\*\*\/\*\.yml/);
});

test('-f and --set without a chart among the PATHs are an error, not a file left unchecked', () => {
  const r = run(repo(), 'check', '-f', 'k8s/sub/checkout.yaml', 'k8s');
  assert.equal(r.status, 2);
  assert.match(r.err, /-f\/--values k8s\/sub\/checkout\.yaml is for a Helm chart, and no PATH is a chart folder.*name it without -f/);
  assert.equal(run(repo(), 'check', '--set', 'a=b', 'k8s').status, 2);
});

test('several formats in one run: --format F=FILE, -o for the one on standard output; files written when the run fails', () => {
  const dir = repo();
  const r = run(dir, 'check', '--format', 'sarif=out.sarif', '--format', 'json', '-o', 'out.json', '--format', 'junit=out.xml', 'k8s');
  assert.equal(r.status, 1);
  assert.equal(r.out, '', 'every format went to its file');
  assert.equal(JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')).runs[0].results[0].ruleId, 'prestop-missing');
  assert.equal(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')).files[0].findings[0].rule, 'prestop-missing');
  assert.match(readFileSync(join(dir, 'out.xml'), 'utf8'), /<testsuites name="kubegrace"/);
  const both = run(dir, 'check', '--format', 'text', '--format', 'json', 'k8s');
  assert.equal(both.status, 2);
  assert.match(both.err, /only one --format can go to standard output/);
});

test('-q reports errors only; --rule changes a severity or turns a rule off; a misspelt rule is named', () => {
  const dir = repo();
  const quiet = run(dir, 'check', '-q', 'k8s');
  assert.equal(quiet.status, 0, 'a warning is neither printed nor counted');
  assert.match(quiet.out, /^no problems in 1 file$/m);
  const error = run(dir, 'check', '-q', '--rule', 'prestop-missing=error', 'k8s');
  assert.equal(error.status, 1);
  assert.match(error.out, /error prestop-missing/);
  assert.equal(run(dir, 'check', '--rule', 'prestop-missing=off', '--rule', 'readiness-probe-missing=off', 'k8s').status, 0);
  const typo = run(dir, 'check', '--rule', 'prestop-mising=off', 'k8s');
  assert.equal(typo.status, 2);
  assert.match(typo.err, /unknown rule "prestop-mising" \(did you mean "prestop-missing"\?\)/);
  assert.equal(run(dir, 'check', '--rule', 'prestop-missing', 'k8s').status, 2);
  const help = run(dir, 'help', 'check').out;
  for (const option of ['-q, --quiet', '-o, --output-file FILE', '--rule RULE=S', '--format F=FILE', 'warning (default']) assert.ok(help.includes(option), option);
});

test('rules ID prints the rule page; an unknown ID is a usage error', () => {
  const r = run(repo(), 'rules', 'grace-zero');
  assert.equal(r.status, 0);
  assert.equal(r.out, `${readFileSync(join(root, 'docs', 'rules', 'grace-zero.md'), 'utf8').trimEnd()}\n`);
  assert.equal(run(repo(), 'rules', 'grace-none').status, 2);
});

test('SARIF from a subfolder: URIs relative to the repository, SRCROOT declared; helpUri on the published pages', () => {
  const dir = repo();
  const r = run(join(dir, 'k8s'), 'check', '--format', 'sarif', 'sub');
  const sarif = JSON.parse(r.out);
  assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'k8s/sub/checkout.yaml');
  assert.equal(sarif.runs[0].originalUriBaseIds.SRCROOT.uri, `file://${dir}/`);
  assert.match(sarif.runs[0].tool.driver.rules[0].helpUri, /^https:\/\/github\.com\/kubegrace\/kubegrace\/blob\/v\d+\.\d+\.\d+\/docs\/rules\/prestop-missing\.md$/);
});

test('.kubegrace.yml is read; an unquoted kubernetesVersion keeps the digits written', () => {
  const dir = repo();
  // 1.30 unquoted is the number 1.3 to YAML; 1.3 would be outside the modelled versions (an error).
  writeFileSync(join(dir, '.kubegrace.yml'), 'kubernetesVersion: 1.30\nrules:\n  prestop-missing: error\n');
  const r = run(dir, 'check', 'k8s');
  assert.equal(r.status, 1, r.err);
  assert.match(r.out, /error prestop-missing/);
  const json = JSON.parse(run(dir, 'explain', '--format', 'json', 'k8s').out);
  assert.ok(json.workloads.length > 0);
  writeFileSync(join(dir, '.kubegrace.yml'), 'kubernetesVersion: 1.28\n');
  const sleep = join(dir, 'k8s', 'sleep.yaml');
  writeFileSync(sleep, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: x, lifecycle: {preStop: {sleep: {seconds: 5}}}}]\n');
  assert.match(run(dir, 'check', 'k8s/sleep.yaml').out, /sleep-action-unavailable/, 'the version from .kubegrace.yml applies');
});

test('ignore: follows .gitignore: *.yaml at any depth, folder/ patterns, !negation', () => {
  const dir = repo();
  cpSync(join(dir, 'k8s', 'sub', 'checkout.yaml'), join(dir, 'k8s', 'sub', 'keep.yaml'));
  writeFileSync(join(dir, '.kubegrace.yaml'), 'ignore:\n  - "*.yaml"\n  - "!keep.yaml"\n');
  const r = run(dir, 'check', '--format', 'json', '.');
  assert.deepEqual(JSON.parse(r.out).files.map((f: { path: string }) => f.path), ['k8s/sub/keep.yaml']);
  writeFileSync(join(dir, '.kubegrace.yaml'), 'ignore:\n  - sub/\n');
  assert.deepEqual(JSON.parse(run(dir, 'check', '--format', 'json', '.').out).files, []);
});

test('suppressions that do nothing are named: a misspelt rule in a comment or annotation, a comment that silences no finding', () => {
  const dir = repo();
  const file = join(dir, 'k8s', 'sub', 'checkout.yaml');
  const text = readFileSync(file, 'utf8');
  // A typo above the container: the finding stays, and the notice names the rule meant.
  writeFileSync(file, text.replace(/^(\s+)- name: checkout$/m, '$1# kubegrace-ignore prestop-mising\n$&'));
  const typo = run(dir, 'check', 'k8s');
  assert.equal(typo.status, 1);
  assert.match(typo.err, /checkout\.yaml:\d+ \(the # kubegrace-ignore above it\): no rule is called "prestop-mising" \(did you mean "prestop-missing"\?\)/);
  // The right name silences the finding, and is not reported.
  writeFileSync(file, text.replace(/^(\s+)- name: checkout$/m, '$1# kubegrace-ignore prestop-missing\n$&'));
  const used = run(dir, 'check', 'k8s');
  assert.equal(used.status, 0, used.out);
  assert.doesNotMatch(used.err, /kubegrace-ignore/);
  // A comment left above a line with no finding any more.
  writeFileSync(file, text.replace(/^(\s+)- name: checkout$/m, '$1# kubegrace-ignore grace-zero\n$&'));
  assert.match(run(dir, 'check', 'k8s').err, /\(the # kubegrace-ignore above it\): silences no finding of grace-zero/);
  // The annotation: a typo there is named too.
  writeFileSync(file, text.replace(/^kind: Deployment\nmetadata:\n/m, '$&  annotations: {kubegrace/ignore: "prestop-mising"}\n'));
  const annotation = run(dir, 'check', 'k8s');
  assert.match(annotation.err, /kubegrace\/ignore names no rule "prestop-mising" \(did you mean "prestop-missing"\?\)/, annotation.err);
  assert.equal(run(dir, 'check', '-q', 'k8s').err, '', '-q leaves notices out');
});

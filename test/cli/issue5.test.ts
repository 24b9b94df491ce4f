/** The CLI in CI (issue 5): SARIF validated against the 2.1.0 schema, stdin with Helm output, the config file, --fix. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import { main } from '../../server/cli/main';
import { open, WEB } from '../server/harness';
import { RULE_IDS } from '../../shared/rules';

// Plain text whatever the CI's environment asks for (FORCE_COLOR would colour even into a pipe).
delete process.env.FORCE_COLOR;

// The OASIS SARIF 2.1.0 schema (errata 01), a copy: see test/schemas/SOURCES.md.
const SCHEMA = JSON.parse(readFileSync(resolve(__dirname, '../schemas/sarif-schema-2.1.0.json'), 'utf8'));
const HELM = readFileSync(resolve(__dirname, '../fixtures/helm-rendered.yaml'), 'utf8');

function cli(args: string[], stdin = '') {
  let out = '';
  let err = '';
  const status = main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), stdin: () => stdin });
  return { status, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'kubegrace-issue5-'));
mkdirSync(join(dir, '.git'));
const deployment = WEB.split('---\n')[0]!;
const service = WEB.split('---\n')[1]!;
writeFileSync(join(dir, 'deployment.yaml'), deployment);
writeFileSync(join(dir, 'service.yaml'), service);

test('SARIF output is valid SARIF 2.1.0 with rules, 1-based regions, related locations and fixes', () => {
  const { status, out } = cli(['check', '--no-config', '--fail-on', 'error', '--format', 'sarif', join(dir, 'deployment.yaml'), join(dir, 'service.yaml')]);
  assert.equal(status, 0);
  // biome-ignore lint/suspicious/noExplicitAny: the results are validated against the schema, then read loosely
  const log = JSON.parse(out) as { runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string; helpUri: string; defaultConfiguration: { level: string }; shortDescription: { text: string }; fullDescription: { text: string } }> } }; results: any[] }> };
  const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(SCHEMA);
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'kubegrace');
  assert.equal(run.tool.driver.rules.length, RULE_IDS.length);
  const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'prestop-missing')!;
  assert.equal(rule.defaultConfiguration.level, 'warning');
  // The published page (main under tsx, the release tag in the bundle), never a path on the runner (issue 18).
  assert.match(rule.helpUri, /^https:\/\/github\.com\/kubegrace\/kubegrace\/blob\/(main|v[\d.]+)\/docs\/rules\/prestop-missing\.md$/);
  assert.ok(rule.shortDescription.text && rule.fullDescription.text);
  const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'prestop-missing');
  assert.equal(result.level, 'warning');
  assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 14, startColumn: 17, endLine: 14, endColumn: 20 });
  assert.equal(result.fixes[0].description.text, 'Add a 5 s preStop delay for web');
  const service = result.relatedLocations.find((r: { message: { text: string } }) => r.message.text === 'Service/web selects this pod');
  assert.match(service.physicalLocation.artifactLocation.uri, /service\.yaml$/, 'the related Service is in the other file');
  assert.deepEqual(service.physicalLocation.region, { startLine: 4, startColumn: 9, endLine: 4, endColumn: 12 });
});

test('SARIF: the severity levels map to error/warning/note and helpUri can point at published docs', () => {
  const bad = join(dir, 'zero.yaml');
  writeFileSync(bad, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  terminationGracePeriodSeconds: 0\n  containers: [{name: c, image: x, lifecycle: {preStop: {}}}]\n');
  const log = JSON.parse(cli(['check', '--no-config', '--format', 'sarif', '--help-uri-base', 'https://docs.example.org/rules/', bad]).out);
  assert.deepEqual(log.runs[0].results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level]).sort(), [['api-validation', 'error'], ['grace-zero', 'warning']]);
  assert.equal(log.runs[0].tool.driver.rules[0].helpUri, 'https://docs.example.org/rules/prestop-missing.md');
});

// Issue 17: a template path with a line of the rendered stream was a wrong path:line pair (SARIF
// annotated the wrong lines). The stream keeps its own lines under <stdin>; the message names the template.
test('stdin: Helm output keeps the stream\'s lines, each finding names the template it was rendered from', () => {
  const { status, out } = cli(['check', '--no-config', '--fail-on', 'error', '--format', 'json', '-'], HELM);
  assert.equal(status, 0);
  const files = JSON.parse(out).files as Array<{ path: string; findings: Array<{ rule: string; severity: string; message: string; range: { start: { line: number } } }> }>;
  assert.deepEqual(files.map((f) => f.path), ['<stdin>']);
  const findings = files[0]!.findings;
  assert.deepEqual(findings.map((f) => [f.rule, f.severity]), [['prestop-missing', 'warning']], 'a warning: the Service is in another template');
  // Line 52 of the stream is the container's `- name: shop` in the deployment's document.
  assert.equal(findings[0]!.range.start.line + 1, 52);
  assert.equal(HELM.split('\n')[51]!.trim(), '- name: shop');
  assert.match(findings[0]!.message, /\(rendered from shop\/templates\/deployment\.yaml; the line is the rendered output's\)$/);
  const text = cli(['check', '--no-config', '-'], HELM).out;
  assert.match(text, /^<stdin>:52:\d+: warning prestop-missing: .*rendered from shop\/templates\/deployment\.yaml/);
});

test('stdin without Helm comments (kustomize build) is one <stdin> source', () => {
  const { out } = cli(['check', '--no-config', '-'], WEB);
  assert.match(out, /^<stdin>:14:17: warning prestop-missing:/);
});

test('the config file sets version, estimates and severities; flags override it; ignore skips paths', () => {
  const repo = mkdtempSync(join(tmpdir(), 'kubegrace-config-'));
  mkdirSync(join(repo, '.git'));
  mkdirSync(join(repo, 'charts'));
  writeFileSync(join(repo, 'app.yaml'), WEB.replace('readinessProbe: {httpGet: {path: /ready, port: 8080}}', 'readinessProbe: {httpGet: {path: /ready, port: 8080}}\n          lifecycle: {preStop: {sleep: {seconds: 5}}}'));
  writeFileSync(join(repo, 'charts', 'broken.yaml'), WEB);
  writeFileSync(join(repo, '.kubegrace.yaml'), 'kubernetesVersion: "1.29"\nrules:\n  sleep-action-unavailable: error\n  prestop-missing: off\nignore:\n  - charts/\n');
  const cwd = process.cwd();
  process.chdir(repo);
  try {
    const fromFile = cli(['check', '--format', 'json', '.']);
    const files = JSON.parse(fromFile.out).files as Array<{ path: string; findings: Array<{ rule: string; severity: string }> }>;
    assert.deepEqual(files.map((f) => f.path), ['app.yaml'], 'charts/ is ignored');
    assert.deepEqual(files[0]!.findings.map((f) => [f.rule, f.severity]), [['sleep-action-unavailable', 'error']]);
    assert.equal(fromFile.status, 1);
    const flagged = cli(['check', '--format', 'json', '--kubernetes-version', '1.30', '.']);
    assert.deepEqual(JSON.parse(flagged.out).files[0].findings, [], 'the flag overrides the file');
    writeFileSync(join(repo, '.kubegrace.yaml'), 'kubernetesVersion: latest\nbogus: 1\n');
    assert.match(cli(['check', '.']).err, /kubernetesVersion "latest".*\n.*unknown setting "bogus"|unknown setting "bogus"[\s\S]*kubernetesVersion "latest"/);
  } finally {
    process.chdir(cwd);
  }
});

test('--fix applies the safe fixes in place: the same text as the editor\'s fix-all, and then nothing is left', async () => {
  const repo = mkdtempSync(join(tmpdir(), 'kubegrace-fix-'));
  const file = join(repo, 'web.yaml');
  const text = `${WEB}---\n${WEB.replace(/web/g, 'api')}`.replace(/\n/g, '\r\n');
  writeFileSync(file, text);
  const fixed = cli(['check', '--no-config', '--fix', '--format', 'json', file]);
  assert.equal(fixed.status, 0);
  assert.deepEqual(JSON.parse(fixed.out).files[0].findings, []);
  assert.match(fixed.err, /web\.yaml: fixed Deployment\/web: Add a 5 s preStop delay for web\n/);
  const onDisk = readFileSync(file, 'utf8');
  const editor = open(text);
  const [action] = await editor.service.codeActions({ textDocument: { uri: editor.uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.kubegrace'] } });
  const edits = (action!.edit!.documentChanges![0] as TextDocumentEdit).edits as TextEdit[];
  assert.equal(onDisk, TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 1, text), edits));
  assert.ok(!/[^\r]\n/.test(onDisk), 'line endings kept');
  assert.equal(cli(['check', '--no-config', '--fix', '-'], WEB).status, 2, '--fix cannot fix stdin');
});

test('ignore patterns: folders, globs and ** match relative to the config file', async () => {
  const { isIgnored, parseConfig } = await import('../../server/engine/config');
  const config = parseConfig('ignore:\n  - charts/\n  - "**/testdata/**"\n  - "*.tmpl.yaml"\n', '/repo/.kubegrace.yaml');
  assert.equal(isIgnored(config, '/repo/charts/app/templates/x.yaml'), true);
  assert.equal(isIgnored(config, '/repo/k8s/testdata/a.yaml'), true);
  assert.equal(isIgnored(config, '/repo/web.tmpl.yaml'), true);
  assert.equal(isIgnored(config, '/repo/k8s/web.yaml'), false);
  assert.equal(isIgnored(config, '/elsewhere/charts/x.yaml'), false);
});

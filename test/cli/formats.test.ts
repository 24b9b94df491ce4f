/** The CI output formats: GitLab Code Quality (checked against GitLab's documented fields) and JUnit XML. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { main } from '../../server/cli/main';

// Plain text whatever the CI's environment asks for (FORCE_COLOR would colour even into a pipe).
delete process.env.FORCE_COLOR;

const examples = resolve(__dirname, '../../examples');
const SCHEMA = JSON.parse(readFileSync(resolve(__dirname, '../fixtures/gitlab-codequality.schema.json'), 'utf8'));

function cli(args: string[]) {
  let out = '';
  let err = '';
  const status = main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { status, out, err };
}

test('gitlab: the documented Code Quality fields, relative paths, unique fingerprints, lines as in the text output', () => {
  const r = cli(['check', '--no-config', '--format', 'gitlab', join(examples, 'bad')]);
  assert.equal(r.status, 1, 'the format does not change the exit status');
  const issues = JSON.parse(r.out);
  const validate = new Ajv({ allErrors: true }).compile(SCHEMA);
  const valid: boolean = validate(r.out && JSON.parse(r.out));
  assert.ok(valid, JSON.stringify(validate.errors));
  assert.ok(issues.length >= 14);
  assert.equal(new Set(issues.map((i: { fingerprint: string }) => i.fingerprint)).size, issues.length, 'one fingerprint per issue');
  const text = cli(['check', '--no-config', join(examples, 'bad')]).out;
  const missing = issues.find((i: { check_name: string }) => i.check_name === 'prestop-missing');
  assert.equal(missing.location.path, 'examples/bad/prestop-missing.yaml', 'relative to the working directory (the repository root in CI)');
  assert.equal(missing.severity, 'major');
  assert.ok(text.includes(`prestop-missing.yaml:${missing.location.lines.begin}:`), 'the same line as the text output');
  const api = issues.find((i: { check_name: string }) => i.check_name === 'api-validation');
  assert.equal(api.severity, 'critical');
});

test('gitlab: a fingerprint survives lines added above the finding', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubegrace-gitlab-'));
  const file = join(dir, 'app.yaml');
  cpSync(join(examples, 'bad', 'prestop-missing.yaml'), file);
  const before = JSON.parse(cli(['check', '--no-config', '--format', 'gitlab', file]).out);
  writeFileSync(file, `# a comment\n# another\n${readFileSync(file, 'utf8')}`);
  const after = JSON.parse(cli(['check', '--no-config', '--format', 'gitlab', file]).out);
  assert.equal(after[0].fingerprint, before[0].fingerprint);
  assert.equal(after[0].location.lines.begin, before[0].location.lines.begin + 2);
  assert.deepEqual(JSON.parse(cli(['check', '--no-config', '--format', 'gitlab', join(examples, 'good')]).out), []);
});

/** Well-formedness by a real XML parser: xmllint or Python's, whichever this machine has. */
function xmlParses(xml: string): { ok: boolean; by: string; message: string } | undefined {
  const file = join(mkdtempSync(join(tmpdir(), 'kubegrace-junit-')), 'report.xml');
  writeFileSync(file, xml);
  const xmllint = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });
  if (!xmllint.error) return { ok: xmllint.status === 0, by: 'xmllint', message: xmllint.stderr };
  const python = spawnSync('python3', ['-c', 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])', file], { encoding: 'utf8' });
  if (!python.error) return { ok: python.status === 0, by: 'python3', message: python.stderr };
  return undefined;
}

test('junit: one suite per file, failures at or above --fail-on, the rest pass with their text', (t) => {
  const r = cli(['check', '--no-config', '--format', 'junit', '--fail-on', 'error', join(examples, 'bad'), join(examples, 'good')]);
  assert.equal(r.status, 1);
  const xml = r.out;
  const json = JSON.parse(cli(['check', '--no-config', '--format', 'json', join(examples, 'bad'), join(examples, 'good')]).out);
  const errors = json.files.flatMap((f: { findings: Array<{ severity: string }> }) => f.findings).filter((f: { severity: string }) => f.severity === 'error').length;
  assert.ok(errors > 0);
  assert.match(xml, new RegExp(`^<\\?xml version="1\\.0" encoding="UTF-8"\\?>\\n<testsuites name="kubegrace" tests="\\d+" failures="${errors}" errors="0">`));
  assert.equal((xml.match(/<testsuite /g) ?? []).length, json.files.length);
  assert.match(xml, /<testcase classname="[^"]*api-validation\.yaml" name="api-validation Deployment\/[^"]+ \(line 29\)"><failure message="The API server rejects this: [^"]*" type="error">/);
  assert.match(xml, /<testcase classname="[^"]*web\.yaml" name="no problems"\/>/);
  assert.match(xml, /name="prestop-missing [^"]*"><system-out>[^<]*warning prestop-missing: [^<]*\nSee [^<]*prestop-missing\.md<\/system-out>/);
  const strict = cli(['check', '--no-config', '--format', 'junit', '--fail-on', 'warning', join(examples, 'bad')]).out;
  assert.match(strict, /<testsuites name="kubegrace" tests="\d+" failures="1[0-9]"/);
  assert.match(cli(['check', '--no-config', '--format', 'junit', '--fail-on', 'none', join(examples, 'bad')]).out, /failures="0"/);
  const parsed = xmlParses(xml);
  if (!parsed) return t.diagnostic('neither xmllint nor python3 is installed: the XML parser check is left out');
  assert.ok(parsed.ok, `${parsed.by}: ${parsed.message}`);
});

test('junit: text that XML cannot carry is escaped or dropped; invalid YAML is an error case', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kubegrace-junit-'));
  const file = join(dir, 'a&b <x>.yaml');
  writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata: {name: "p\\u0001<&>"}\nspec:\n  terminationGracePeriodSeconds: 0\n  containers: [{name: c, image: x}]\n---\nkind: [\n');
  const xml = cli(['check', '--no-config', '--format', 'junit', file]).out;
  assert.match(xml, /classname="[^"]*a&amp;b &lt;x&gt;\.yaml"/);
  assert.match(xml, /<error message="[^"]*document skipped[^"]*" type="parse-error"\/>/);
  assert.doesNotMatch(xml, /\u0001/);
  const parsed = xmlParses(xml);
  if (!parsed) return t.diagnostic('neither xmllint nor python3 is installed: the XML parser check is left out');
  assert.ok(parsed.ok, `${parsed.by}: ${parsed.message}`);
});

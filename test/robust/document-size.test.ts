/**
 * One YAML document larger than Kubernetes can store (MAX_DOCUMENT_BYTES, 1.5 MiB: etcd's default
 * request limit) is not parsed: one information notice on its first line, in the server and the
 * CLI, and the other documents of the file are analysed as usual. Many small documents are not
 * affected, however large the file (within maxFileSizeMB).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { open } from '../server/harness';
import { documentSizeNotice, MAX_DOCUMENT_BYTES } from '../../shared/size';
import { deployment, runCli, tempDir } from './helpers';

/** A Deployment with grace period 0 (a finding when analysed) and an env list making it `bytes` long. */
function bigDeployment(bytes: number, name = 'big'): string {
  const head = deployment({ tgps: '0' }).replace('name: web}', `name: ${name}}`).replace(/\n$/, '');
  const lines = [`${head}\n          env:\n`];
  for (let i = 0, size = lines[0]!.length; size < bytes; i++) {
    const line = `            - {name: VAR_${i}, value: "value number ${i} of the environment"}\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}

const SMALL = `---\n${deployment({ tgps: '0' }).replace('name: web}', 'name: small}')}`;

test('a document over 1.5 MiB: one information diagnostic on its first line, not analysed; the others are', async () => {
  const big = bigDeployment(MAX_DOCUMENT_BYTES + 1000);
  const o = open(`${big}${SMALL}`);
  const diagnostics = await o.service.diagnostics(o.uri);
  const notices = diagnostics.filter((d) => d.code === undefined);
  assert.equal(notices.length, 1);
  assert.equal(notices[0]!.range.start.line, 0);
  assert.equal(notices[0]!.severity, DiagnosticSeverity.Information);
  assert.match(String(notices[0]!.message), /^Not checked: this document is 1,573,\d{3} bytes, more than the 1,572,864 \(1\.5 MiB\) a Kubernetes object can have/);
  assert.doesNotMatch(String(notices[0]!.message), /\b[A-Z]{1,2}\d+\b|\n\s+at /);
  // Only the small document's finding: the big one (same finding) was not analysed.
  const bigLines = big.split('\n').length - 1;
  const findings = diagnostics.filter((d) => d.code !== undefined);
  assert.ok(findings.length > 0);
  for (const d of findings) assert.ok(d.range.start.line >= bigLines, `finding in the big document at line ${d.range.start.line}`);
  // Within the bound, the same document is analysed and gets findings of its own.
  const within = open(bigDeployment(MAX_DOCUMENT_BYTES - 50_000));
  const inside = await within.service.diagnostics(within.uri);
  assert.ok(inside.length > 0);
  assert.ok(inside.every((d) => d.code !== undefined));
});

test('many small documents adding up to more than 1.5 MiB are all analysed', async () => {
  const docs = Array.from({ length: 400 }, (_, i) => bigDeployment(5000, `web${i}`));
  const text = docs.join('---\n');
  assert.ok(text.length > MAX_DOCUMENT_BYTES);
  const o = open(text);
  const diagnostics = await o.service.diagnostics(o.uri);
  assert.ok(diagnostics.every((d) => d.code !== undefined));
  // Every document's grace period of 0 is reported.
  assert.equal(diagnostics.filter((d) => d.code === 'grace-zero').length, 400);
});

test('the bound counts UTF-8 bytes', () => {
  assert.equal(documentSizeNotice('a'.repeat(MAX_DOCUMENT_BYTES)), undefined);
  assert.match(documentSizeNotice('a'.repeat(MAX_DOCUMENT_BYTES + 1)) ?? '', /^Not checked/);
  assert.match(documentSizeNotice('é'.repeat(MAX_DOCUMENT_BYTES / 2 + 1)) ?? '', /^Not checked/);
});

test('CLI: the same notice on standard error, other documents checked, exit status unaffected', () => {
  const dir = tempDir('docsize');
  const file = join(dir, 'big.yaml');
  writeFileSync(file, `${bigDeployment(MAX_DOCUMENT_BYTES + 1000)}${SMALL}`);
  const r = runCli(['check', '--fail-on', 'none', '--fail-on-parse-error', file]);
  assert.match(r.stderr, /big\.yaml:1:1: information: Not checked: this document is 1,573,\d{3} bytes, more than the 1,572,864 \(1\.5 MiB\) a Kubernetes object can have/);
  assert.doesNotMatch(r.stderr, /document skipped|\n\s+at /);
  // The small document's findings, none of the big one's (which has the same).
  const bigLines = bigDeployment(MAX_DOCUMENT_BYTES + 1000).split('\n').length - 1;
  const lines = [...r.stdout.matchAll(/big\.yaml:(\d+):\d+: \w+ grace-zero/g)].map((m) => Number(m[1]));
  assert.equal(lines.length, 1);
  assert.ok(lines[0]! > bigLines);
  assert.equal(r.status, 0);
  const json = JSON.parse(runCli(['check', '--format', 'json', '--fail-on', 'none', file]).stdout);
  assert.equal(json.files[0].notices.length, 1);
  assert.deepEqual(json.files[0].errors, []);
});

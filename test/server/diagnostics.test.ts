import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { open, WEB } from './harness';

test('diagnostics: source, code, range, severity, rule page link, related Service and grace period', async () => {
  const { service, uri } = open(WEB);
  const diagnostics = await service.diagnostics(uri);
  const d = diagnostics.find((x) => x.code === 'prestop-missing')!;
  assert.ok(d, diagnostics.map((x) => x.code).join());
  assert.equal(d.source, 'kubegrace');
  assert.equal(d.severity, DiagnosticSeverity.Warning);
  assert.deepEqual(d.range, { start: { line: 13, character: 16 }, end: { line: 13, character: 19 } });
  assert.match(d.codeDescription!.href, /docs\/rules\/prestop-missing\.md$/);
  assert.ok(existsSync(fileURLToPath(d.codeDescription!.href)), 'the rule page exists where the link points');
  assert.deepEqual(
    d.relatedInformation!.map((r) => [r.location.uri, r.location.range.start.line, r.message]),
    [
      [uri, 21, 'Service/web selects this pod'],
      [uri, 11, 'grace period 30 s'],
    ],
  );
  assert.deepEqual(Object.keys(d.data as object).sort(), ['key']);
});

test('no diagnostics for a document that does not parse, or for YAML that is not Kubernetes', async () => {
  assert.deepEqual(await open('apiVersion: apps/v1\nkind: Deployment\nspec: {template: [\n').service.diagnostics('file:///work/app.yaml'), []);
  assert.deepEqual(await open('replicaCount: 1\nlifecycle:\n  preStop: {}\nterminationGracePeriodSeconds: 0\n').service.diagnostics('file:///work/app.yaml'), []);
});

test('kubegrace.enable false turns everything off for that resource', async () => {
  const { service, uri, caret } = open(WEB, { enable: false });
  assert.deepEqual(await service.diagnostics(uri), []);
  assert.equal(await service.hover({ textDocument: { uri }, position: caret }), null);
  assert.deepEqual(await service.codeLenses(uri), []);
});

test('settings change the diagnostics (kubernetesVersion, rules)', async () => {
  const text = WEB.replace('readinessProbe: {httpGet: {path: /ready, port: 8080}}', 'readinessProbe: {httpGet: {path: /ready, port: 8080}}\n          lifecycle: {preStop: {sleep: {seconds: 5}}}');
  const codes = async (settings: object) => (await open(text, settings).service.diagnostics('file:///work/app.yaml')).map((d) => d.code);
  assert.deepEqual(await codes({}), []);
  assert.deepEqual(await codes({ kubernetesVersion: '1.29' }), ['sleep-action-unavailable']);
  assert.deepEqual(await codes({ kubernetesVersion: '1.29', rules: { 'sleep-action-unavailable': 'off' } }), []);
});

test('the analysis is computed once per version and reused across features', async () => {
  const o = open(WEB);
  await o.service.diagnostics(o.uri);
  const first = o.service.cache.get(o.doc, o.resource.settings);
  await o.service.hover({ textDocument: { uri: o.uri }, position: { line: 1, character: 7 } });
  await o.service.codeLenses(o.uri);
  assert.equal(o.service.cache.get(o.doc, o.resource.settings), first);
  o.update(o.text.replace('name: web\n          image', 'name: api\n          image'));
  const second = o.service.cache.get(o.doc, o.resource.settings);
  assert.notEqual(second, first);
  assert.equal(second.analysis.parsed.chunks[1]!.content, first.analysis.parsed.chunks[1]!.content, 'the unchanged Service document is not re-parsed');
});

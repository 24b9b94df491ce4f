/**
 * Issue 16 through the language service (the editor's incremental analysis): the hover on an
 * Istio-injected Deployment shows the implied proxy lane and the other disruption paths, and the
 * quick fix sets the drain annotation. Expected times: rule book K1/SC2 (example (d)) and the Istio
 * default terminationDrainDuration of 5 s (istio/istio pkg/config/mesh/mesh.go; docs/research.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { MarkupContent, TextDocumentEdit, TextEdit } from 'vscode-languageserver';
import { open, WEB, withCaret } from './harness';

const INJECTED = WEB.replace('      labels: {app: web}\n', '      labels: {app: web}\n      annotations:\n        sidecar.istio.io/inject: "true"\n').replace(
  'readinessProbe: {httpGet: {path: /ready, port: 8080}}',
  'readinessProbe: {httpGet: {path: /ready, port: 8080}}\n          livenessProbe: {httpGet: {path: /live, port: 8080}, terminationGracePeriodSeconds: 5}\n          lifecycle:\n            preStop:\n              sleep: {seconds: 10}',
);
const PDB = '---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  maxUnavailable: 0\n  selector: {matchLabels: {app: web}}\n';

test('the hover shows the injected istio-proxy lane, the probe restart and the drain path', async () => {
  const o = open(withCaret(`${INJECTED}${PDB}`, 'Deployment\nmetadata'), { kubernetesVersion: '1.31' });
  const hover = await o.service.hover({ textDocument: { uri: o.uri }, position: o.caret });
  const value = (hover!.contents as MarkupContent).value;
  assert.match(value, /`istio-proxy: SIGTERM 0 s → SIGKILL 30 s`/);
  assert.match(value, /istio-proxy is added by Istio \(pod template sidecar\.istio\.io\/inject: "true"\) as a regular container/);
  assert.match(value, /Liveness probe failure of web: restart with 5 s/);
  assert.match(value, /Node drain: PodDisruptionBudget\/web \(maxUnavailable: 0\) allows no eviction/);
  assert.match(value, /proxy-exits-early/);
  assert.match(value, /istio-proxy\s+\|#+x/, 'the chart has the proxy lane');
});

test('the quick fix sets proxy.istio.io/config, and the diagnostic goes away', async () => {
  const o = open(INJECTED, { kubernetesVersion: '1.31' });
  const diagnostic = (await o.service.diagnostics(o.uri)).find((d) => d.code === 'proxy-exits-early');
  assert.ok(diagnostic);
  const actions = await o.service.codeActions({ textDocument: { uri: o.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  const fix = actions.find((a) => a.title.includes('terminationDrainDuration'))!;
  assert.ok(fix, actions.map((a) => a.title).join('; '));
  const change = fix.edit!.documentChanges![0] as TextDocumentEdit;
  const after = TextDocument.applyEdits(TextDocument.create(o.uri, 'yaml', 1, INJECTED), change.edits as TextEdit[]);
  assert.equal(after, INJECTED.replace('        sidecar.istio.io/inject: "true"\n', '        sidecar.istio.io/inject: "true"\n        proxy.istio.io/config: "terminationDrainDuration: 20s"\n'));
  o.update(after);
  assert.equal((await o.service.diagnostics(o.uri)).some((d) => d.code === 'proxy-exits-early'), false);
});

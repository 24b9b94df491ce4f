/**
 * The hover says when a result rests on a gate the user set, on a planned default, or on an
 * assumption about the image's tag (issue 14). Gate stages: KEP-4960 kep.yaml (kubernetes/enhancements
 * keps/sig-node/4960-container-stop-signals/kep.yaml: beta "v1.38"); pkg/features (1.33 alpha only).
 * nginx history: nginxinc/docker-nginx 4d1f7f8 (STOPSIGNAL SIGQUIT from 1.12.0).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver';
import type { Settings } from '../../shared/settings';
import { open, WEB, withCaret } from './harness';

const SIGNAL = WEB.replace('readinessProbe: {httpGet: {path: /ready, port: 8080}}', 'readinessProbe: {httpGet: {path: /ready, port: 8080}}\n          lifecycle:\n            stopSignal: SIGTERM\n            preStop:\n              sleep: {seconds: 5}').replace(
  '    spec:\n',
  '    spec:\n      os: {name: linux}\n',
);

async function hover(text: string, settings: Partial<Settings>): Promise<string> {
  const o = open(withCaret(text, 'Deployment\nmetadata'), settings);
  const h = await o.service.hover({ textDocument: { uri: o.uri }, position: o.caret });
  return (h!.contents as MarkupContent).value;
}

test('a gate the user set shows in the hover: on the stopSignal line and in the assumptions', async () => {
  const value = await hover(SIGNAL, { kubernetesVersion: '1.36', featureGates: { ContainerStopSignals: true } });
  assert.match(value, /web: lifecycle\.stopSignal SIGTERM is honoured because the ContainerStopSignals feature gate is on, as you set it\./);
  assert.match(value, /feature gate ContainerStopSignals=true as you set it \(kubegrace\.featureGates, kubegrace\.kubernetesVersion\)/);
  const dropped = await hover(SIGNAL, { kubernetesVersion: '1.36' });
  assert.match(dropped, /lifecycle\.stopSignal SIGTERM is dropped \(this Kubernetes version drops it unless the ContainerStopSignals feature gate is on\)/);
  assert.doesNotMatch(dropped, /as you set it/);
});

test('1.38 names its defaults as planned', async () => {
  const value = await hover(SIGNAL, { kubernetesVersion: '1.38' });
  assert.match(value, /Kubernetes 1\.38 is not released: its defaults are the planned ones \(ContainerStopSignals on by default\)/);
});

test('an image tag that names no version, or an old one, says what was assumed', async () => {
  const latest = await hover(WEB.replace('example/web:1.0', 'nginx'), {});
  assert.match(latest, /web: no tag \(latest\), so today's nginx image is assumed \(SIGQUIT since 1\.12\.0; older builds sent SIGTERM\)\./);
  const old = await hover(WEB.replace('example/web:1.0', 'nginx:1.10.3'), {});
  assert.match(old, /web: nginx 1\.10\.3 was built without today's STOPSIGNAL/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver';
import { open, WEB, withCaret } from './harness';
import type { LanguageService } from '../../server/service';

async function hoverAt(before: string, text = WEB, markdown = true): Promise<string | undefined> {
  const o = open(withCaret(text, before));
  (o.service as LanguageService).markdownHover = markdown;
  const h = await o.service.hover({ textDocument: { uri: o.uri }, position: o.caret });
  return h ? (h.contents as MarkupContent).value : undefined;
}

test('hover on the kind: the timeline with events, chart, assumptions and findings', async () => {
  const value = (await hoverAt('Deployment\nmetadata'))!;
  assert.match(value, /^\*\*Deployment\/web\*\* — termination timeline/);
  assert.match(value, /web: no preStop delay → SIGTERM at 0 s → SIGKILL at 30 s; endpoints gone ≈5 s/);
  assert.match(value, /\| 0 s \| web: SIGTERM \|/);
  assert.match(value, /\| 30 s \| web: SIGKILL deadline \|/);
  assert.match(value, /```text\n[\s\S]*web\s+\|#+x/);
  assert.match(value, /kubegrace\.shutdownSeconds setting/);
  assert.match(value, /endpointPropagationSeconds/);
  assert.match(value, /- \*\*prestop-missing\*\* \(warning\)/);
});

test('hover on a container name, lifecycle/preStop and terminationGracePeriodSeconds', async () => {
  const withHook = WEB.replace('readinessProbe: {httpGet: {path: /ready, port: 8080}}', 'readinessProbe: {httpGet: {path: /ready, port: 8080}}\n          lifecycle:\n            preStop:\n              sleep: {seconds: 5}');
  assert.match((await hoverAt('web\n          image', withHook))!, /web: preStop 0–5 s → SIGTERM at 5 s → SIGKILL at 30 s/);
  assert.match((await hoverAt('lifecycle:', withHook))!, /termination timeline/);
  assert.match((await hoverAt('preStop:', withHook))!, /\| 5 s \| web: preStop ends \|/);
  assert.match((await hoverAt('terminationGracePeriodSeconds'))!, /grace period 30 s/);
  assert.match((await hoverAt('30\n      containers'))!, /termination timeline/);
});

test('no hover elsewhere, nor on the Service', async () => {
  assert.equal(await hoverAt('example/web'), undefined);
  assert.equal(await hoverAt('Service'), undefined);
  assert.equal(await hoverAt('matchLabels'), undefined);
});

test('plain text hover for clients without markdown', async () => {
  const value = (await hoverAt('Deployment\nmetadata', WEB, false))!;
  assert.doesNotMatch(value, /\*\*|```|\| ---/);
  assert.match(value, /container\s+role\s+preStop\s+SIGTERM/);
  assert.match(value, /warning prestop-missing:/);
});

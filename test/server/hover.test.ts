import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver';
import { open, WEB, withCaret } from './harness';
import type { LanguageService } from '../../server/lsp/service';

async function hoverAt(before: string, text = WEB, markdown = true): Promise<string | undefined> {
  const o = open(withCaret(text, before));
  (o.service as LanguageService).markdownHover = markdown;
  const h = await o.service.hover({ textDocument: { uri: o.uri }, position: o.caret });
  return h ? (h.contents as MarkupContent).value : undefined;
}

test('hover on the kind: the timeline with events, chart, assumptions and findings', async () => {
  const value = (await hoverAt('Deployment\nmetadata'))!;
  assert.match(value, /^\*\*Deployment\/web\*\* — termination timeline {2}\n`web: SIGTERM 0 s → SIGKILL 30 s`\n\n- \*\*prestop-missing\*\*/);
  assert.match(value, /Endpoints gone ≈5 s/);
  assert.match(value, /\| 0 s \| web: SIGTERM \|/);
  assert.match(value, /\| 30 s \| web: SIGKILL deadline \|/);
  assert.match(value, /```text\n[\s\S]*web\s+\|#+x/);
  assert.match(value, /kubegrace\.shutdownSeconds setting/);
  assert.match(value, /endpointPropagationSeconds/);
  assert.match(value, /- \*\*prestop-missing\*\* \(warning\)/);
});

test('hover on a container name, lifecycle/preStop and terminationGracePeriodSeconds', async () => {
  const withHook = WEB.replace('readinessProbe: {httpGet: {path: /ready, port: 8080}}', 'readinessProbe: {httpGet: {path: /ready, port: 8080}}\n          lifecycle:\n            preStop:\n              sleep: {seconds: 5}');
  assert.match((await hoverAt('web\n          image', withHook))!, /`web: preStop 0–5 s → SIGTERM 5 s → SIGKILL 30 s`/);
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

test('hover answers on the keys too: `kind:`, a container\'s `name:`, `lifecycle:`, `preStop:`, the grace key', async () => {
  const withHook = WEB.replace('readinessProbe: {httpGet: {path: /ready, port: 8080}}', 'readinessProbe: {httpGet: {path: /ready, port: 8080}}\n          lifecycle:\n            preStop:\n              sleep: {seconds: 5}');
  for (const before of ['kind: Deployment', 'ind: Deployment', 'name: web\n          image', 'ame: web\n          image', 'lifecycle:', 'preStop:', 'sleep: {seconds', 'terminationGracePeriodSeconds']) {
    assert.match((await hoverAt(before, withHook)) ?? '', /termination timeline/, `hover at ${JSON.stringify(before)}`);
  }
  // The Service's kind and the Deployment's metadata name are not hover targets.
  assert.equal(await hoverAt('kind: Service', withHook), undefined);
});

test('the first screen: one-line timeline, then the findings, then the details after a rule', async () => {
  const value = (await hoverAt('kind: Deployment'))!;
  const lines = value.split('\n');
  assert.equal(lines[1], '`web: SIGTERM 0 s → SIGKILL 30 s`');
  assert.match(lines[3]!, /^- \*\*prestop-missing\*\* \(warning\)/);
  assert.ok(value.indexOf('---') > value.indexOf('prestop-missing'), 'details come after the findings');
  assert.ok(value.indexOf('| time | event |') > value.indexOf('---'));
  const plain = (await hoverAt('kind: Deployment', WEB, false))!.split('\n');
  assert.deepEqual(plain.slice(0, 4), ['Deployment/web — termination timeline', 'web: SIGTERM 0 s → SIGKILL 30 s', '', plain[3]]);
  assert.match(plain[3]!, /^warning prestop-missing:/);
});

test('the hover shows the signal actually sent and what the program does with it', async () => {
  const nginx = WEB.replace('example/web:1.0', 'nginx:1.27');
  const value = (await hoverAt('kind: Deployment', nginx))!;
  assert.match(value, /`web: SIGQUIT 0 s → SIGKILL 30 s`/);
  assert.match(value, /web \(nginx\): SIGQUIT \(image STOPSIGNAL\) → graceful shutdown: stops accepting, finishes in-flight requests/);
  assert.ok(value.indexOf('web (nginx)') < value.indexOf('---'), 'on the first screen');
  assert.match(value, /\| 0 s \| web: SIGQUIT \(image STOPSIGNAL\) \|/);
});

test('every sourced row of the program table shows in the hover with the signal sent and its meaning', async () => {
  const { PROGRAMS } = await import('../../shared/model/data/programs');
  // One container per row: its official image, or a plain base image running it by command.
  const samples: Record<string, { image: string; command?: string; signal: string; meaning: RegExp }> = {
    nginx: { image: 'nginx:1.27', signal: 'SIGQUIT', meaning: /graceful shutdown/ },
    httpd: { image: 'httpd:2.4', signal: 'SIGWINCH', meaning: /graceful stop/ },
    haproxy: { image: 'haproxy:2.8', signal: 'SIGUSR1', meaning: /soft stop/ },
    // Measured by the conformance lab: SIGQUIT cuts in-flight requests while process_control_timeout is 0.
    'php-fpm': { image: 'php:8.3-fpm', signal: 'SIGQUIT', meaning: /process_control_timeout is 0/ },
    postgres: { image: 'postgres:17', signal: 'SIGINT', meaning: /fast shutdown: rolls back/ },
    redis: { image: 'redis:7', signal: 'SIGTERM', meaning: /saves the dataset/ },
    envoy: { image: 'envoyproxy/envoy:v1.31-latest', signal: 'SIGTERM', meaning: /listeners close at once/ },
    node: { image: 'node:22', command: '[node, server.js]', signal: 'SIGTERM', meaning: /ignored: as PID 1/ },
    gunicorn: { image: 'python:3.12', command: '[gunicorn, app:app]', signal: 'SIGTERM', meaning: /graceful shutdown/ },
    uWSGI: { image: 'python:3.12', command: '[uwsgi, --http, ":8080"]', signal: 'SIGTERM', meaning: /brutally reloads/ },
  };
  assert.deepEqual(Object.keys(samples).sort(), PROGRAMS.map((r) => r.program).sort(), 'a sample for every row');
  for (const [program, s] of Object.entries(samples)) {
    const text = WEB.replace('example/web:1.0', s.image + (s.command ? `\n          command: ${s.command}` : ''));
    const value = (await hoverAt('kind: Deployment', text)) ?? '';
    const escaped = s.signal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    assert.match(value, new RegExp(`\`web: ${escaped} 0 s → SIGKILL 30 s\``), program);
    // The program line, or the abrupt-stop-signal finding that says the same.
    const line = value.split('\n').find((l) => l.startsWith(`web (${program}): ${s.signal} (`) || l.includes(`(warning): web (${program}) gets ${s.signal}`) || l.includes(`(information): web (${program}) gets ${s.signal}`));
    assert.ok(line, `${program}: program line in\n${value.slice(0, 400)}`);
    assert.match(line, s.meaning, program);
    assert.ok(value.indexOf(line) < value.indexOf('---'), `${program}: on the first screen`);
  }
});

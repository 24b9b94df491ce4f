/**
 * The server-program table and abrupt-stop-signal. Vectors come from the official images' build
 * files (STOPSIGNAL) and the programs' documentation, as cited in shared/model/data/programs.ts:
 * nginx control.html (TERM fast, QUIT graceful), httpd stopping.html (TERM stop now, WINCH
 * graceful-stop), HAProxy (USR1 soft stop), php-fpm(8) (QUIT graceful), PostgreSQL
 * server-shutdown (INT fast), Envoy draining docs (listeners close at once), docker-node
 * BestPractices (PID 1), gunicorn signals (TERM graceful), uWSGI Management (TERM brutal reload).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile } from '../../server/engine/analyze';
import { deployment, rule, settings, timelines } from './helpers';
import { signalLines } from '../../shared/timeline-text';
import { main } from '../../server/cli/main';
import { resolve } from 'node:path';

/** A served `web` container with a 5 s preStop sleep; a `stopSignal: …` extra goes inside `lifecycle`. */
function web(image: string, container = '', pod = ''): string {
  const extra = container.startsWith('stopSignal') ? `\n  ${container}` : container ? `\n${container}` : '';
  const lifecycle = `lifecycle:\n  preStop:\n    sleep: {seconds: 5}${extra}`;
  return deployment({ container: lifecycle, pod }).replace('example/web:1.0', image);
}

function signal(image: string, version = '1.33', container = '', pod = ''): [string, string | undefined, string | undefined, string | undefined] {
  const c = timelines(web(image, container, pod), { kubernetesVersion: version })[0]!.containers[0]!;
  return [c.stopSignal, c.stopSignalSource, c.program?.name, c.program?.meaning];
}

test('the official images set their STOPSIGNAL, and it is the graceful one', () => {
  assert.deepEqual(signal('nginx:1.27'), ['SIGQUIT', 'image', 'nginx', 'graceful']);
  assert.deepEqual(signal('docker.io/library/nginx:1.27-alpine'), ['SIGQUIT', 'image', 'nginx', 'graceful']);
  assert.deepEqual(signal('httpd:2.4'), ['SIGWINCH', 'image', 'httpd', 'graceful']);
  assert.deepEqual(signal('php:8.3-apache'), ['SIGWINCH', 'image', 'httpd', 'graceful']);
  // php-fpm's SIGQUIT is graceful only with process_control_timeout set in php-fpm.conf; its default 0
  // cuts in-flight requests (measured by the conformance lab, docs/conformance.md; php-src
  // sapi/fpm/fpm/fpm_pctl.c). The official image does not set it (docker-library/php 8.2/bookworm/fpm).
  assert.deepEqual(signal('php:8.3-fpm-alpine'), ['SIGQUIT', 'image', 'php-fpm', 'fast']);
  assert.deepEqual(signal('haproxy:2.8'), ['SIGUSR1', 'image', 'haproxy', 'graceful']);
  assert.deepEqual(signal('postgres:17'), ['SIGINT', 'image', 'postgres', 'graceful']);
  assert.deepEqual(signal('redis:7'), ['SIGTERM', 'default', 'redis', 'graceful']);
});

test('unrecognised images say nothing: php CLI, another registry, an unknown image running nginx', () => {
  assert.deepEqual(signal('php:8.3-cli'), ['SIGTERM', 'default', undefined, undefined]);
  assert.deepEqual(signal('quay.io/example/nginx:1.27'), ['SIGTERM', 'default', undefined, undefined]);
  assert.deepEqual(signal('example/web:1.0', '1.33', 'command: [nginx, -g, "daemon off;"]'), ['SIGTERM', 'default', undefined, undefined]);
  assert.deepEqual(rule('abrupt-stop-signal', web('example/web:1.0', 'command: [nginx, -g, "daemon off;"]')), []);
});

test('a stopSignal the version drops is not sent: nginx gets its image STOPSIGNAL, and the explain lines say so', () => {
  const container = 'stopSignal: SIGTERM';
  assert.deepEqual(signal('nginx:1.27', '1.34', container, 'os: {name: linux}'), ['SIGQUIT', 'image', 'nginx', 'graceful']);
  const lines = signalLines(timelines(web('nginx:1.27', container, 'os: {name: linux}'), { kubernetesVersion: '1.34' })[0]!.containers[0]!);
  assert.deepEqual(lines, [
    'web (nginx): SIGQUIT (image STOPSIGNAL) → graceful shutdown: stops accepting, finishes in-flight requests',
    'web: lifecycle.stopSignal SIGTERM is dropped (this Kubernetes version drops it unless the ContainerStopSignals feature gate is on), so SIGQUIT is sent (image STOPSIGNAL).',
  ]);
  assert.deepEqual(rule('abrupt-stop-signal', web('nginx:1.27', container, 'os: {name: linux}'), { kubernetesVersion: '1.34' }), []);
  // 1.37 is still alpha (KEP-4960 kep.yaml: beta "v1.38"; pkg/features: 1.33 alpha only): dropped.
  assert.deepEqual(signal('nginx:1.27', '1.37', container, 'os: {name: linux}'), ['SIGQUIT', 'image', 'nginx', 'graceful']);
  // 1.38's planned beta honours it, and SIGTERM is nginx's fast shutdown; the explain line says it is planned.
  assert.deepEqual(signal('nginx:1.27', '1.38', container, 'os: {name: linux}'), ['SIGTERM', 'stopSignal', 'nginx', 'fast']);
  const planned = signalLines(timelines(web('nginx:1.27', container, 'os: {name: linux}'), { kubernetesVersion: '1.38' })[0]!.containers[0]!);
  assert.equal(planned[1], 'web: lifecycle.stopSignal SIGTERM is honoured because ContainerStopSignals is planned to be on by default in this version.');
});

test('feature gates: set-stop-signal is offered only where the gate is on, and says whose gate it is', () => {
  const text = web('nginx:1.27', 'stopSignal: SIGTERM', 'os: {name: linux}');
  const titles = (extra: Parameters<typeof settings>[0]) =>
    analyzeFile(text, settings(extra)).workloads[0]!.analysis.findings.filter((f) => f.rule === 'abrupt-stop-signal').flatMap((f) => f.fixes.map((x) => x.title));
  // Default 1.37: the field is dropped, nginx gets SIGQUIT from its image, nothing to report.
  assert.deepEqual(titles({ kubernetesVersion: '1.37' }), []);
  assert.ok(titles({ kubernetesVersion: '1.35', featureGates: { ContainerStopSignals: true } }).includes('Set lifecycle.stopSignal to SIGQUIT for web (ContainerStopSignals gate on, as you set it)'));
  assert.ok(titles({ kubernetesVersion: '1.38' }).includes('Set lifecycle.stopSignal to SIGQUIT for web (needs the planned 1.38 default)'));
  const t = timelines(text, { kubernetesVersion: '1.35', featureGates: { ContainerStopSignals: true } })[0]!;
  assert.deepEqual(t.versionNotes, ['feature gate ContainerStopSignals=true as you set it']);
  assert.deepEqual(timelines(text, { kubernetesVersion: '1.38' })[0]!.versionNotes, ['Kubernetes 1.38 is not released: its defaults are the planned ones (ContainerStopSignals on by default)']);
});

test('abrupt-stop-signal: nginx told to stop with SIGTERM, with both fixes', () => {
  const text = web('nginx:1.27', 'stopSignal: SIGTERM', 'os: {name: linux}');
  const found = rule('abrupt-stop-signal', text, { kubernetesVersion: '1.37', featureGates: { ContainerStopSignals: true } });
  assert.equal(found.length, 1);
  assert.equal(found[0]!.severity, 'warning');
  assert.equal(found[0]!.at, 'nginx:1.27');
  assert.match(found[0]!.message, /web \(nginx\) gets SIGTERM at 5 s \(its lifecycle\.stopSignal, honoured because you set the ContainerStopSignals gate on\): fast shutdown.*nginx stops gracefully on SIGQUIT \(nginx -s quit\)/);
  assert.deepEqual(found[0]!.fixes, ['graceful-prestop-hook', 'set-stop-signal', 'ignore-rule']);
  const fixes = analyzeFile(text, settings({ kubernetesVersion: '1.37', featureGates: { ContainerStopSignals: true } })).workloads[0]!.analysis.findings.find((f) => f.rule === 'abrupt-stop-signal')!.fixes;
  const hook = fixes.find((f) => f.id === 'graceful-prestop-hook')!;
  assert.deepEqual(hook.changes[0]!.op === 'replace' && hook.changes[0]!.value, { exec: { command: ['sh', '-c', 'sleep 5; nginx -s quit; sleep 10'] } });
  // 5 + 10 + the 2 s floor fit in the default 30 s: the grace period stays.
  assert.equal(hook.changes.length, 1);
  const stop = fixes.find((f) => f.id === 'set-stop-signal')!;
  assert.deepEqual(stop.changes.map((c) => c.op === 'replace' && c.value), ['SIGQUIT']);
});

test('abrupt-stop-signal: the graceful hook raises a grace period too short for it, and adds spec.os.name with stopSignal', () => {
  const text = deployment({ pod: 'terminationGracePeriodSeconds: 10', container: 'lifecycle: {stopSignal: SIGTERM}' }).replace('example/web:1.0', 'httpd:2.4');
  const finding = analyzeFile(text, settings({ kubernetesVersion: '1.37', featureGates: { ContainerStopSignals: true } })).workloads[0]!.analysis.findings.find((f) => f.rule === 'abrupt-stop-signal')!;
  const hook = finding.fixes.find((f) => f.id === 'graceful-prestop-hook')!;
  assert.deepEqual(hook.changes.map((c) => (c.op === 'set' ? [c.op, c.path, c.value] : [c.op, c.op === 'replace' ? c.value : undefined])), [
    ['set', ['lifecycle', 'preStop'], { exec: { command: ['sh', '-c', 'sleep 5; apachectl -k graceful-stop; sleep 10'] } }],
    ['replace', 20],
  ]);
  const stop = finding.fixes.find((f) => f.id === 'set-stop-signal')!;
  assert.deepEqual(stop.changes.map((c) => (c.op === 'set' ? c.path : c.op)), ['replace', ['os', 'name']]);
});

test('abrupt-stop-signal: quiet when the preStop hook already stops the program gracefully (the Apache recipe)', () => {
  const recipe = 'lifecycle:\n  stopSignal: SIGTERM\n  preStop:\n    exec: {command: ["sh", "-c", "sleep 3; apachectl -k graceful-stop; sleep 30"]}';
  const text = deployment({ pod: 'terminationGracePeriodSeconds: 40\nos: {name: linux}', container: recipe }).replace('example/web:1.0', 'httpd:2.4');
  assert.deepEqual(rule('abrupt-stop-signal', text, { kubernetesVersion: '1.37', featureGates: { ContainerStopSignals: true } }), []);
});

test('abrupt-stop-signal: Envoy closes its listeners at once on SIGTERM; no graceful command to offer', () => {
  const found = rule('abrupt-stop-signal', web('envoyproxy/envoy:v1.31-latest'));
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /web \(envoy\) gets SIGTERM at 5 s \(no stopSignal or image STOPSIGNAL\): shuts down: listeners close at once/);
  assert.deepEqual(found[0]!.fixes, ['ignore-rule']);
});

test('Node.js as PID 1 ignores SIGTERM (information: the app may handle it); an init makes it die at once instead', () => {
  const pid1 = rule('abrupt-stop-signal', web('node:22-slim', 'command: [node, server.js]'));
  assert.equal(pid1.length, 1);
  assert.equal(pid1[0]!.severity, 'information');
  assert.match(pid1[0]!.message, /ignored: as PID 1.*cut by SIGKILL at 30 s, unless the app handles the signal itself/);
  assert.deepEqual(signal('node:22', '1.33', 'args: [server.js]').slice(2), ['node', 'ignored']);
  assert.deepEqual(signal('node:22', '1.33', 'command: [tini, --, node, server.js]').slice(2), ['node', 'fast']);
  assert.deepEqual(signal('node:22', '1.33', 'command: [node, server.js]', 'shareProcessNamespace: true').slice(2), ['node', 'fast']);
  // A shell in front is shell-pid1's business.
  assert.deepEqual(signal('node:22', '1.33', 'command: [sh, -c, "node server.js"]').slice(2), [undefined, undefined]);
});

test('Python servers on the python image: gunicorn drains on SIGTERM, uWSGI reloads', () => {
  assert.deepEqual(signal('python:3.12-slim', '1.33', 'command: [gunicorn, -b, "0.0.0.0:8080", app:app]').slice(2), ['gunicorn', 'graceful']);
  assert.deepEqual(signal('python:3.12-slim', '1.33', 'command: [uwsgi, --http, ":8080"]').slice(2), ['uWSGI', 'reload']);
  // With --die-on-term uWSGI stops on SIGTERM; how gracefully is not documented, so nothing is said.
  assert.deepEqual(signal('python:3.12-slim', '1.33', 'command: [uwsgi, --http, ":8080", --die-on-term]').slice(2), [undefined, undefined]);
  const found = rule('abrupt-stop-signal', web('python:3.12-slim', 'command: [uwsgi, --http, ":8080"]'));
  assert.match(found[0]!.message, /brutally reloads.*until SIGKILL/);
});

test('abrupt-stop-signal: not for containers without traffic, nor for Jobs', () => {
  const worker = deployment({ service: false }).replace('example/web:1.0', 'envoyproxy/envoy:v1.31-latest').replace('          ports: [{containerPort: 8080}]\n', '');
  assert.deepEqual(rule('abrupt-stop-signal', worker), []);
});

test('explain prints the signal sent and what the program does with it', () => {
  let out = '';
  const status = main(['explain', '--no-config', resolve(__dirname, '../../examples/good/nginx.yaml')], { out: (t) => (out += t), err: () => {} });
  assert.equal(status, 0);
  assert.match(out, /web \(nginx\): SIGQUIT \(image STOPSIGNAL\) → graceful shutdown: stops accepting, finishes in-flight requests/);
  assert.match(out, /5 s \(SIGQUIT, image STOPSIGNAL\)/);
});

test('graceful-prestop-hook is not offered when `kill … 1` would reach the pause process (shareProcessNamespace)', () => {
  const text = web('haproxy:2.8', 'stopSignal: SIGTERM', 'os: {name: linux}\nshareProcessNamespace: true');
  const found = rule('abrupt-stop-signal', text, { kubernetesVersion: '1.37', featureGates: { ContainerStopSignals: true } });
  assert.deepEqual(found[0]!.fixes, ['set-stop-signal', 'ignore-rule']);
  const own = rule('abrupt-stop-signal', web('haproxy:2.8', 'stopSignal: SIGTERM', 'os: {name: linux}'), { kubernetesVersion: '1.37', featureGates: { ContainerStopSignals: true } });
  assert.deepEqual(own[0]!.fixes, ['graceful-prestop-hook', 'set-stop-signal', 'ignore-rule']);
});

test('the timeline draws the program\'s reaction: a fast stop exits at its signal, an ignored one runs until SIGKILL', () => {
  const envoy = timelines(web('envoyproxy/envoy:v1.31-latest'))[0]!.containers[0]!;
  assert.deepEqual([envoy.exitAt, envoy.killed], [5, false]);
  const node = timelines(web('node:22', 'command: [node, server.js]'))[0]!.containers[0]!;
  assert.deepEqual([node.exitAt, node.killed], [30, true]);
  // The setting's estimate (10 s) still applies to a graceful stop.
  const nginx = timelines(web('nginx:1.27'))[0]!.containers[0]!;
  assert.deepEqual([nginx.exitAt, nginx.killed], [15, false]);
  // kubegrace/shutdown-seconds describes the app itself (say, a Node.js app with a SIGTERM handler).
  const annotated = timelines(web('node:22', 'command: [node, server.js]').replace('  name: web\n', '  name: web\n  annotations: {kubegrace/shutdown-seconds: "3"}\n'))[0]!.containers[0]!;
  assert.deepEqual([annotated.exitAt, annotated.killed], [8, false]);
});

test('php-fpm behind a Service is reported with what to set, and no edit (no signal is graceful by default)', () => {
  const findings = rule('abrupt-stop-signal', web('php:8.3-fpm'));
  assert.equal(findings.length, 1);
  assert.match(findings[0]!.message, /process_control_timeout/);
  // Only the ignore: setting process_control_timeout is a php-fpm.conf change, not a manifest edit.
  assert.deepEqual(findings[0]!.fixes, ['ignore-rule']);
});

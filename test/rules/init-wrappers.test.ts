/**
 * Init wrappers and `sh -c "… exec prog"` (rule book §15, issue 14). Expected values come from the
 * wrappers' own option parsers and the programs' documentation:
 * - Yelp/dumb-init dumb-init.c (5ccca9c): getopt_long "+hvVcr:"; `--rewrite s:r` passes r for s, `s:0`
 *   drops it; without --single-child the signal goes to the child's whole session/process group.
 * - krallin/tini src/tini.c (369448a): OPT_STRING "p:hvwgle:s" (`-p SIG` and `-e CODE` take an
 *   argument), `-g` signals the process group.
 * - openSUSE/catatonit catatonit.c (00f6c0f): getopt_long "ghLPV".
 * - nginx.org/en/docs/control.html: QUIT graceful, TERM fast; nodejs/docker-node docs/BestPractices.md:
 *   Node.js as PID 1 does not react to SIGTERM without its own handler (otherwise it dies at once).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unwrapInit } from '../../shared/model/data/inits';
import { signalLines } from '../../shared/timeline-text';
import { deployment, rule, timelines } from './helpers';

function web(image: string, command: string, pod = ''): string {
  return deployment({ container: `${command}\nlifecycle: {preStop: {sleep: {seconds: 5}}}`, pod }).replace('example/web:1.0', image);
}

function program(image: string, command: string, pod = '') {
  const c = timelines(web(image, command, pod))[0]!.containers[0]!;
  return [c.stopSignal, c.program?.name, c.program?.meaning, c.program?.via];
}

test('init options are read as each init parses them, and the program comes after them', () => {
  assert.deepEqual(unwrapInit(['dumb-init', '--rewrite', '15:3', 'nginx', '-g', 'daemon off;']), {
    init: 'dumb-init', argv: ['nginx', '-g', 'daemon off;'], rewrite: { SIGTERM: 'SIGQUIT' }, group: true, source: 'Yelp/dumb-init dumb-init.c (5ccca9c)',
  });
  assert.deepEqual(unwrapInit(['/usr/bin/dumb-init', '-c', '-r15:0', '--', 'node', 'app.js'])?.argv, ['node', 'app.js']);
  assert.deepEqual(unwrapInit(['dumb-init', '--single-child', '--rewrite=15:28', 'httpd-foreground'])?.rewrite, { SIGTERM: 'SIGWINCH' });
  assert.equal(unwrapInit(['dumb-init', '--single-child', 'x'])?.group, false);
  assert.deepEqual(unwrapInit(['tini', '-g', '-p', 'SIGKILL', '--', 'node', 'server.js']), { init: 'tini', argv: ['node', 'server.js'], rewrite: {}, group: true, source: 'krallin/tini src/tini.c (369448a)' });
  assert.deepEqual(unwrapInit(['/sbin/tini', '-sge', '143', 'nginx'])?.argv, ['nginx']);
  assert.deepEqual(unwrapInit(['docker-init', '--', 'nginx'])?.argv, ['nginx']);
  assert.deepEqual(unwrapInit(['catatonit', '-g', '--', 'nginx'])?.group, true);
  assert.equal(unwrapInit(['dumb-init', '--rewrite', 'TERM:QUIT', 'nginx']), undefined, 'dumb-init rejects a non-numeric rewrite');
  assert.equal(unwrapInit(['nginx']), undefined);
});

test('dumb-init --rewrite 15:3 nginx: nginx gets SIGQUIT, its graceful stop, so nothing to report', () => {
  assert.deepEqual(program('nginx:1.27', 'command: [dumb-init, --rewrite, "15:3", nginx, -g, "daemon off;"]', 'os: {name: linux}'), [
    'SIGQUIT', 'nginx', 'graceful', 'dumb-init passes it on to the process group',
  ]);
  // Sent SIGTERM (a stopSignal the 1.38 plan honours), rewritten to SIGQUIT on the way.
  const text = deployment({ container: 'command: [dumb-init, --rewrite, "15:3", nginx, -g, "daemon off;"]\nlifecycle: {stopSignal: SIGTERM, preStop: {sleep: {seconds: 5}}}', pod: 'os: {name: linux}' }).replace('example/web:1.0', 'nginx:1.27');
  const c = timelines(text, { kubernetesVersion: '1.38' })[0]!.containers[0]!;
  assert.deepEqual([c.stopSignal, c.program?.meaning, c.program?.via], ['SIGTERM', 'graceful', 'dumb-init passes SIGTERM on as SIGQUIT to the process group']);
  assert.deepEqual(rule('abrupt-stop-signal', text, { kubernetesVersion: '1.38' }), []);
  // A signal rewritten to 0 is dropped: nginx runs on until SIGKILL.
  assert.deepEqual(program('nginx:1.27', 'command: [dumb-init, -r, "3:0", nginx, -g, "daemon off;"]').slice(1, 3), ['nginx', 'ignored']);
});

test('sh -c "… exec nginx …": nginx is PID 1 and its row applies, like nginx without the shell', () => {
  const direct = program('nginx:1.27', 'command: [nginx, -g, "daemon off;"]');
  const shelled = program('nginx:1.27', `command: [sh, -c, "envsubst < /t > /etc/nginx/nginx.conf; exec nginx -g 'daemon off;'"]`);
  assert.deepEqual(direct.slice(0, 3), ['SIGQUIT', 'nginx', 'graceful']);
  assert.deepEqual(shelled, ['SIGQUIT', 'nginx', 'graceful', "sh exec'd nginx, so it is PID 1 and gets the signal itself"]);
  // exec "$@" runs the arguments after the script ($0 first).
  assert.deepEqual(program('nginx:1.27', 'command: [/bin/sh, -ec, "envsubst < /t > /c; exec \\"$@\\"", --, nginx, -g, "daemon off;"]').slice(1, 3), ['nginx', 'graceful']);
  // With SIGTERM as the stop signal, the same program is reported whether or not a shell exec'd it.
  const sigterm = (command: string) => rule('abrupt-stop-signal', web('nginx:1.10', command)).length;
  assert.equal(sigterm('command: [nginx, -g, "daemon off;"]'), 1);
  assert.equal(sigterm(`command: [sh, -c, "exec nginx -g 'daemon off;'"]`), 1);
  // A shell that stays PID 1 is left to shell-pid1.
  assert.deepEqual(program('nginx:1.27', `command: [sh, -c, "nginx -g 'daemon off;' | tee /log"]`).slice(1), [undefined, undefined, undefined]);
});

test('Node.js under an init or beside the pause process is not PID 1: it dies on SIGTERM, and the explain line says why', () => {
  const [, , meaning, via] = program('node:22', 'command: [tini, --, node, server.js]');
  assert.equal(meaning, 'fast');
  assert.equal(via, 'tini passes it on; node is not PID 1 (tini), so without a handler it dies at once instead of ignoring the signal');
  const shared = timelines(web('node:22', 'command: [node, server.js]', 'shareProcessNamespace: true'))[0]!.containers[0]!;
  assert.match(signalLines(shared)[0]!, /node is not PID 1 \(the pause process is, shareProcessNamespace\)/);
  assert.equal(program('node:22', 'command: [node, server.js]')[2], 'ignored', 'as PID 1 it ignores SIGTERM');
});

/**
 * A preStop hook that stops the program abruptly is not a drain (rule book M1, refined by issue 14).
 * Expected meanings come from the programs' own documentation, as cited in
 * shared/model/data/stop-commands.ts and programs.ts:
 * - nginx.org/en/docs/beginners_guide.html: `-s stop` fast shutdown, `-s quit` graceful shutdown;
 *   control.html: TERM fast, QUIT graceful.
 * - httpd.apache.org/docs/2.4/stopping.html: `-k stop` (TERM) stops now, `-k graceful-stop` (WINCH).
 * - postgresql.org/docs/current/app-pg-ctl.html: `-m immediate` (SIGQUIT, no clean shutdown); default fast.
 * - Envoy admin (envoyproxy/envoy source/server/admin/admin.cc): /drain_listeners and
 *   /healthcheck/fail mutate server state and answer GET with 405 "POST required".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execTiming } from '../../shared/model/process/hooks';
import { PROGRAMS } from '../../shared/model/data/programs';
import { deployment, rule, timelines } from './helpers';

/** A served `web` container of `image` with the given preStop handler (one YAML flow mapping). */
function web(image: string, handler: string, extra = ''): string {
  return deployment({ container: `lifecycle:\n  preStop: ${handler}${extra ? `\n${extra}` : ''}` }).replace('example/web:1.0', image);
}

test('hook commands are classified with the program table: fast stops do not drain, graceful ones do', () => {
  const stop = (argv: string[], pid1?: string) => {
    const t = execTiming(argv, 'GNU coreutils', PROGRAMS.find((r) => r.program === pid1));
    return [t.drains, t.stop?.program, t.stop?.signal, t.stop?.meaning];
  };
  assert.deepEqual(stop(['nginx', '-s', 'stop']), [false, 'nginx', 'SIGTERM', 'fast']);
  assert.deepEqual(stop(['/usr/sbin/nginx', '-s', 'quit']), [true, 'nginx', 'SIGQUIT', 'graceful']);
  assert.deepEqual(stop(['sh', '-c', 'sleep 5; nginx -s stop; sleep 3']), [false, 'nginx', 'SIGTERM', 'fast']);
  assert.deepEqual(stop(['sh', '-c', 'sleep 5 && exec nginx -s quit']), [true, 'nginx', 'SIGQUIT', 'graceful']);
  assert.deepEqual(stop(['apachectl', '-k', 'stop']), [false, 'httpd', 'SIGTERM', 'fast']);
  assert.deepEqual(stop(['apachectl', 'graceful-stop']), [true, 'httpd', 'SIGWINCH', 'graceful']);
  assert.deepEqual(stop(['pg_ctl', 'stop', '-m', 'immediate']), [false, 'postgres', 'SIGQUIT', 'fast']);
  assert.deepEqual(stop(['pg_ctl', 'stop', '-mi']), [false, 'postgres', 'SIGQUIT', 'fast']);
  assert.deepEqual(stop(['pg_ctl', 'stop']), [true, 'postgres', 'SIGINT', 'graceful'], 'pg_ctl: "The default is fast" (SIGINT, a clean shutdown)');
  // kill to PID 1: the program running there decides.
  assert.deepEqual(stop(['kill', '-TERM', '1'], 'nginx'), [false, 'nginx', 'SIGTERM', 'fast']);
  assert.deepEqual(stop(['sh', '-c', 'kill -QUIT 1'], 'nginx'), [true, 'nginx', 'SIGQUIT', 'graceful']);
  assert.deepEqual(stop(['kill', '-s', 'USR1', '1'], 'haproxy'), [true, 'haproxy', 'SIGUSR1', 'graceful']);
  // An unknown PID 1 gets SIGTERM early: the app still drains after it, so the hook is no drain.
  assert.deepEqual(stop(['kill', '1']), [false, undefined, 'SIGTERM', 'signal']);
  // Not stop commands: M1 as before (any other command is taken as the drain).
  assert.deepEqual(stop(['sh', '-c', 'curl -s localhost/drain']), [true, undefined, undefined, undefined]);
  assert.deepEqual(stop(['kill', '-TERM', '42']), [true, undefined, undefined, undefined]);
});

test('abrupt-stop-signal reports a hook that stops nginx abruptly, and offers the graceful hook', () => {
  const found = rule('abrupt-stop-signal', web('nginx:1.27', '{exec: {command: [sh, -c, "sleep 5; nginx -s stop"]}}'));
  assert.equal(found.length, 1);
  assert.equal(found[0]!.severity, 'warning');
  assert.equal(
    found[0]!.message,
    "web's preStop hook runs nginx -s stop, which sends nginx SIGTERM: fast shutdown: exits at once; in-flight requests are cut. The hook stops it abruptly instead of draining it. nginx stops gracefully with nginx -s quit.",
  );
  assert.deepEqual(found[0]!.fixes, ['graceful-prestop-hook', 'ignore-rule']);
  // The graceful form is the drain (M1): nothing to report.
  assert.deepEqual(rule('abrupt-stop-signal', web('nginx:1.27', '{exec: {command: [sh, -c, "sleep 5; nginx -s quit; sleep 10"]}}')), []);
  // The command names the program: a custom image running nginx is reported too.
  assert.equal(rule('abrupt-stop-signal', web('example/web:1.0', '{exec: {command: [apachectl, -k, stop]}}')).length, 1);
});

test('kill -TERM 1 in the official nginx image is nginx\'s fast shutdown; in an unknown image it is not reported', () => {
  assert.match(rule('abrupt-stop-signal', web('nginx:1.27', '{exec: {command: [kill, -TERM, "1"]}}'))[0]!.message, /runs kill -TERM 1, which sends nginx SIGTERM: fast shutdown/);
  assert.deepEqual(rule('abrupt-stop-signal', web('example/web:1.0', '{exec: {command: [kill, -TERM, "1"]}}')), []);
  // Not a drain, so the app's drain after the signal is measured against the grace period again.
  const [t] = timelines(web('example/web:1.0', '{exec: {command: [sh, -c, "sleep 5; kill 1"]}}'));
  assert.equal(t!.containers[0]!.preStop.drains, false);
});

test('an httpGet hook on Envoy\'s POST-only admin endpoint does nothing: Envoy gets SIGTERM and closes at once', () => {
  const text = web('envoyproxy/envoy:v1.31.0', '{httpGet: {path: /drain_listeners?graceful, port: 9901}}');
  const [t] = timelines(text);
  assert.deepEqual([t!.containers[0]!.preStop.drains, t!.containers[0]!.preStop.getIgnored], [false, '/drain_listeners']);
  const found = rule('abrupt-stop-signal', text);
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /Its preStop GET \/drain_listeners does nothing: that endpoint acts only on POST\./);
  // Any other path is still taken as the drain (H1: the status code is ignored, the call may drain).
  assert.deepEqual(rule('abrupt-stop-signal', web('envoyproxy/envoy:v1.31.0', '{httpGet: {path: /shutdown, port: 8080}}')), []);
});

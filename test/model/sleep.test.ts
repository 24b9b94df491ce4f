/**
 * What `sleep` really sleeps (H6), per family. Vectors:
 * - GNU coreutils sleep(1) manual and src/sleep.c: operands are added up, each a number with an
 *   optional s/m/h/d suffix or `inf`/`infinity`; any invalid operand → usage, exit 1, no sleep.
 * - BusyBox coreutils/sleep.c (commit edca770d1 "sleep: support \"inf\"", 2019): a first operand
 *   starting with "inf" (strncasecmp 3) sleeps forever; fancy build adds operands with s/m/h/d;
 *   libbb/duration.c rejects other words (so `sleep 5 inf` fails).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageSleepFamily, sleepOperands } from '../../shared/model/process/sleep';
import { execTiming, scriptTiming } from '../../shared/model/process/hooks';

const gnu = (args: string[]) => sleepOperands(args, 'GNU coreutils', false);
const busybox = (args: string[]) => sleepOperands(args, 'BusyBox', false);

test('GNU sleep: suffixes, fractions, several operands summed, inf/infinity', () => {
  assert.deepEqual(gnu(['20', '20']), { seconds: 40, exact: true, fails: false });
  assert.equal(gnu(['1d']).seconds, 86400);
  assert.equal(gnu(['1m', '30s']).seconds, 90);
  assert.equal(gnu(['0.5']).seconds, 0.5);
  assert.equal(gnu(['inf']).seconds, Infinity);
  assert.equal(gnu(['INFINITY']).seconds, Infinity);
  assert.equal(gnu(['5', 'inf']).seconds, Infinity);
});

test('GNU sleep: a bad or missing operand fails at once, even next to a good one', () => {
  assert.equal(gnu(['5x']).fails, true);
  assert.equal(gnu(['5', 'x']).fails, true);
  assert.equal(gnu([]).fails, true);
  assert.equal(gnu(['$(DELAY)']).fails, true);
  assert.equal(gnu(['info']).fails, true);
});

test('BusyBox sleep: inf only as the first operand, and any word starting with inf', () => {
  assert.equal(busybox(['inf']).seconds, Infinity);
  assert.equal(busybox(['info']).seconds, Infinity);
  assert.equal(busybox(['5', 'inf']).fails, true);
  assert.equal(busybox(['1d', '2h']).seconds, 93600);
});

test('exec argv: `sleep 20 20` is 40 s, `sleep inf` never ends, `sh -c "sleep inf"` the same', () => {
  assert.equal(execTiming(['sleep', '20', '20']).seconds, 40);
  assert.equal(execTiming(['/bin/sleep', 'infinity']).seconds, Infinity);
  assert.equal(execTiming(['sh', '-c', 'sleep inf']).seconds, Infinity);
  assert.equal(execTiming(['sh', '-c', 'sleep 1d']).seconds, 86400);
  assert.equal(execTiming(['sh', '-c', 'sleep 5 5; sleep 2']).seconds, 12);
});

test('$(VAR) in a hook is not expanded (kubernetes/kubernetes#129502): sleep fails, nothing drains', () => {
  const direct = execTiming(['sleep', '$(DELAY)']);
  assert.deepEqual([direct.fails, direct.unexpanded, direct.drains, direct.seconds], [true, true, false, 0]);
  // In a shell `$(DELAY)` is a command substitution of a missing command: the word vanishes.
  const shell = execTiming(['sh', '-c', 'sleep $(DELAY)']);
  assert.deepEqual([shell.fails, shell.unexpanded, shell.drains], [true, true, false]);
  assert.equal(execTiming(['sh', '-c', 'sleep 5 $(EXTRA)']).seconds, 5);
  // A shell variable is expanded by the shell: unknown, but still only a delay.
  const variable = scriptTiming('sleep $DELAY');
  assert.deepEqual([variable.exact, variable.drains, variable.fails], [false, false, false]);
  // Without a shell, `$DELAY` is literal text too.
  assert.equal(execTiming(['sleep', '$DELAY']).fails, true);
});

test('the image tells the sleep family when its reference says so', () => {
  assert.equal(imageSleepFamily('alpine:3.20'), 'BusyBox');
  assert.equal(imageSleepFamily('busybox'), 'BusyBox');
  assert.equal(imageSleepFamily('nginx:1.27-alpine'), 'BusyBox');
  assert.equal(imageSleepFamily('debian:bookworm'), 'GNU coreutils');
  assert.equal(imageSleepFamily('python:3.12-slim-bookworm'), 'GNU coreutils');
  assert.equal(imageSleepFamily('example/web:1.0'), undefined);
});

test('an empty or comment-only script is no failure, just no delay', () => {
  for (const script of ['', '# nothing to do', '  ']) {
    const t = scriptTiming(script);
    assert.deepEqual([t.seconds, t.exact, t.fails, t.drains], [0, true, false, false], JSON.stringify(script));
  }
});

test('shell expansions in sleep operands are unknown delays, not failures', () => {
  const braced = (inner: string) => `$${'{'}${inner}}`;
  for (const script of ['sleep $DELAY', `sleep "${braced('DELAY:-5')}"`, `sleep ${braced('DELAY')}s`]) {
    const t = scriptTiming(script);
    assert.deepEqual([t.exact, t.fails, t.drains], [false, false, false], script);
  }
});

test('GNU sleep reads exponents (strtod), BusyBox rejects them (measured: docs/conformance.md)', () => {
  // coreutils src/sleep.c reads each operand with xstrtod; the conformance lab measured `sleep 5e-1`
  // sleeping 0.5 s under GNU coreutils 9.1 and failing at once under BusyBox 1.35.
  assert.deepEqual(gnu(['5e-1']), { seconds: 0.5, exact: true, fails: false });
  assert.deepEqual(gnu(['1e1s']), { seconds: 10, exact: true, fails: false });
  assert.equal(busybox(['5e-1']).fails, true);
});

/** grace-exhausted and grace-zero (M1, G2, G5, G6). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployment, rule } from './helpers';

test('grace-exhausted: sleep 10 in TGPS 15 leaves 5 s, shutdown estimate 10', () => {
  const found = rule('grace-exhausted', deployment({ pod: 'terminationGracePeriodSeconds: 15', container: 'lifecycle: {preStop: {sleep: {seconds: 10}}}' }));
  assert.equal(found.length, 1);
  assert.equal(found[0]!.at, 'web');
  assert.match(found[0]!.message, /SIGTERM at 10 s and SIGKILL at 15 s: 5 s.*need 10 s \(shutdownSeconds setting\)/);
  assert.deepEqual(found[0]!.fixes, ['raise-grace-period', 'ignore-rule']);
});

test('grace-exhausted: the default 30 s covers sleep 5 + 10 s', () => {
  assert.deepEqual(rule('grace-exhausted', deployment({ container: 'lifecycle: {preStop: {sleep: {seconds: 5}}}' })), []);
});

test('grace-exhausted: a draining hook is the drain itself (M1), so nothing is added after SIGTERM', () => {
  const hook = 'lifecycle: {preStop: {exec: {command: ["/wait-shutdown"]}}}';
  assert.deepEqual(rule('grace-exhausted', deployment({ pod: 'terminationGracePeriodSeconds: 5', container: hook })), []);
});

test('grace-exhausted: the annotation raises the estimate for one workload', () => {
  const text = deployment({ annotations: 'kubegrace/shutdown-seconds: "40"', container: 'lifecycle: {preStop: {sleep: {seconds: 5}}}' });
  const found = rule('grace-exhausted', text);
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /need 40 s \(kubegrace\/shutdown-seconds\)/);
});

test('grace-exhausted: not repeated where prestop-exceeds-grace already reports the 2 s floor', () => {
  const text = deployment({ pod: 'terminationGracePeriodSeconds: 30', container: 'lifecycle: {preStop: {sleep: {seconds: 30}}}' });
  assert.deepEqual(rule('grace-exhausted', text), []);
});

test('grace-zero: 0 and negative values, on the value', () => {
  const zero = rule('grace-zero', deployment({ pod: 'terminationGracePeriodSeconds: 0' }));
  assert.equal(zero.length, 1);
  assert.equal(zero[0]!.at, '0');
  assert.match(zero[0]!.message, /removes the pod object at once/);
  const negative = rule('grace-zero', deployment({ pod: 'terminationGracePeriodSeconds: -1' }));
  assert.match(negative[0]!.message, /treated as 1 s/);
  assert.deepEqual(rule('grace-zero', deployment({ pod: 'terminationGracePeriodSeconds: 1' })), []);
  assert.deepEqual(rule('grace-zero', deployment()), []);
});

test('grace-exhausted: a 1 s grace period without a hook leaves the 2 s floor, reported here (G6)', () => {
  const found = rule('grace-exhausted', deployment({ pod: 'terminationGracePeriodSeconds: 1', container: '' }));
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /SIGKILL at 2 s: 2 s/);
});

test('grace-exhausted: an annotation equal to the setting is still named as the source', () => {
  const text = deployment({ pod: 'terminationGracePeriodSeconds: 12', annotations: 'kubegrace/shutdown-seconds: "10"', container: 'lifecycle: {preStop: {sleep: {seconds: 5}}}' });
  assert.match(rule('grace-exhausted', text)[0]!.message, /kubegrace\/shutdown-seconds/);
});

test('grace-exhausted leaves a grace period of 0 to grace-zero', () => {
  const text = deployment({ pod: 'terminationGracePeriodSeconds: 0' });
  assert.deepEqual(rule('grace-exhausted', text), []);
  assert.equal(rule('grace-zero', text).length, 1);
});

/**
 * The lab's pure parts, in `npm test` (no system program needed): how a measurement becomes an
 * effect, which stops a model row asks for, and how a sleep result is named. The lab itself is
 * conformance.test.ts (`npm run test:conformance`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelRow, signalClaim, stopsFor } from './model';
import { classify, signalToPid1 } from './servers';
import { sleepClass } from './sleep';

test('a measurement becomes graceful, fast or runs on; databases by their clean shutdown', () => {
  assert.equal(classify({ killed: true, inFlight: 'completed' }), 'runs on');
  assert.equal(classify({ killed: false, inFlight: 'completed' }), 'graceful');
  assert.equal(classify({ killed: false, inFlight: 'cut' }), 'fast');
  assert.equal(classify({ killed: false, inFlight: 'cut', clean: true }), 'graceful');
  assert.equal(classify({ killed: false, inFlight: 'completed', clean: false }), 'fast');
});

test('the stops of a row: runtime default, image STOPSIGNAL, documented non-reload signals, graceful command', () => {
  const nginx = modelRow('nginx')!;
  assert.deepEqual(stopsFor(nginx).map((s) => `${s.kind} ${s.what}`), ['signal SIGTERM', 'signal SIGQUIT', 'signal SIGINT', 'command nginx -s quit']);
  assert.deepEqual(stopsFor(nginx)[1]!.roles, ['image STOPSIGNAL', 'graceful signal', 'documented']);
  // uWSGI's SIGTERM is a reload: measured as the default signal all the same, claimed as "runs on".
  const uwsgi = modelRow('uWSGI')!;
  assert.deepEqual(stopsFor(uwsgi).map((s) => s.what), ['SIGTERM', 'SIGINT', 'SIGQUIT']);
  assert.equal(signalClaim(uwsgi, 'SIGTERM'), 'runs on');
  assert.equal(signalClaim(modelRow('node')!, 'SIGTERM'), 'runs on');
});

test('sleep results are named alike on both sides', () => {
  assert.equal(sleepClass(true, 0), 'fails');
  assert.equal(sleepClass(false, Infinity), 'long');
  assert.equal(sleepClass(false, 86400), 'long');
  assert.equal(sleepClass(false, 0.8), '0.8 s');
});

test('a stop command that signals PID 1 names the signal the lab waits to be caught', () => {
  assert.equal(signalToPid1('kill -USR1 1'), 'SIGUSR1');
  assert.equal(signalToPid1('kill -s TERM 1'), 'SIGTERM');
  assert.equal(signalToPid1('kill -SIGQUIT 1'), 'SIGQUIT');
  assert.equal(signalToPid1('nginx -s quit'), undefined);
  assert.equal(signalToPid1('kill -USR1 12'), undefined, 'not PID 1');
});

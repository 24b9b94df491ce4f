import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, normalizeSettings, parseMinor } from '../../shared/settings';

test('defaults are the documented ones', () => {
  assert.deepEqual(DEFAULT_SETTINGS, {
    kubernetesVersion: '1.33',
    endpointPropagationSeconds: 5,
    shutdownSeconds: 10,
    albDeregistrationSeconds: 30,
    nlbDeregistrationSeconds: 120,
    maxFileSizeMB: 5,
    platform: { profile: 'none' },
    mesh: {},
    rules: {},
    featureGates: {},
  });
});

test('versions: 1.N, v1.N and 1.N.P are accepted', () => {
  assert.equal(parseMinor('1.29'), 29);
  assert.equal(parseMinor('v1.30'), 30);
  assert.equal(parseMinor('1.31.4'), 31);
  assert.equal(parseMinor('2.1'), undefined);
  assert.equal(parseMinor('latest'), undefined);
});

test('normalizeSettings keeps valid values and reports the rest', () => {
  const { settings, problems } = normalizeSettings({
    kubernetesVersion: 'v1.29.2',
    endpointPropagationSeconds: '12',
    shutdownSeconds: -1,
    rules: { 'prestop-missing': 'error', 'no-such-rule': 'off', 'grace-zero': 'loud' },
  });
  assert.deepEqual(settings, { ...DEFAULT_SETTINGS, kubernetesVersion: '1.29', endpointPropagationSeconds: 12, rules: { 'prestop-missing': 'error' } });
  assert.equal(problems.length, 3);
  assert.match(problems[0]!, /shutdownSeconds/);
});

test('garbage input gives the defaults', () => {
  assert.deepEqual(normalizeSettings(null).settings, DEFAULT_SETTINGS);
  assert.deepEqual(normalizeSettings('x').problems, []);
});

/**
 * The platform setting and grace-capped-by-platform (issue 16; rule book E3). Profile values:
 * GKE Spot and preemptible nodes shut down over 30 s, the last 15 s kept for critical pods
 * (docs.cloud.google.com/kubernetes-engine/docs/concepts/spot-vms, "Termination and graceful
 * shutdown of Spot VMs"); EC2 Spot gives a two-minute interruption notice (AWS EC2 user guide,
 * "Spot Instance interruption notices"). Sources in docs/research.md, "Platforms".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig, mergeSettings } from '../../server/engine/config';
import { parseCli } from '../../server/cli/options';
import { normalizeSettings } from '../../shared/settings';
import { deployment, rule, timelines } from './helpers';

const graced = (grace: number, container = 'lifecycle: {preStop: {sleep: {seconds: 10}}}') => deployment({ container, pod: `terminationGracePeriodSeconds: ${grace}` });

test('GKE Spot: non-critical pods get 30 − 15 = 15 s; a pod that needs 20 s is reported', () => {
  const found = rule('grace-capped-by-platform', graced(60), { platform: { profile: 'gke-spot' } });
  assert.equal(found.length, 1);
  assert.equal(found[0]!.severity, 'warning');
  assert.equal(found[0]!.at, '60');
  assert.match(found[0]!.message, /grace period of 60 s has no effect on GKE Spot: the node goes after 15 s .*web needs until ≈20 s/);
  const path = timelines(graced(60), { platform: { profile: 'gke-spot' } })[0]!.paths!.find((p) => p.kind === 'node-shutdown')!;
  assert.equal(path.graceSeconds, 15);
});

test('quiet without a platform, and when the pod finishes inside the budget', () => {
  assert.deepEqual(rule('grace-capped-by-platform', graced(60)), []);
  assert.equal(timelines(graced(60))[0]!.paths, undefined);
  // No preStop: exits at the 10 s shutdown estimate, inside 15 s.
  assert.deepEqual(rule('grace-capped-by-platform', graced(60, ''), { platform: { profile: 'gke-spot' } }), []);
  // EC2 Spot's 120 s notice covers 20 s.
  assert.deepEqual(rule('grace-capped-by-platform', graced(60), { platform: { profile: 'eks-spot' } }), []);
});

test('overrides: GKE with a 120 s shutdown (1.35+ node pools) and a custom reclaim notice', () => {
  assert.deepEqual(rule('grace-capped-by-platform', graced(60), { platform: { profile: 'gke-spot', nodeShutdownSeconds: 120 } }), []);
  const found = rule('grace-capped-by-platform', graced(200, 'lifecycle: {preStop: {sleep: {seconds: 150}}}'), { platform: { profile: 'eks-spot' } });
  assert.match(found[0]!.message, /EKS on Spot: the node goes after 120 s \(a 120 s reclaim notice\)/);
  const custom = rule('grace-capped-by-platform', graced(60), { platform: { profile: 'none', reclaimNoticeSeconds: 12 } });
  assert.match(custom[0]!.message, /after 12 s/);
});

test('the setting: profile names, numbers and mistakes', () => {
  assert.deepEqual(normalizeSettings({ platform: 'gke-spot' }).settings.platform, { profile: 'gke-spot' });
  assert.deepEqual(normalizeSettings({ platform: { profile: 'eks-spot', reclaimNoticeSeconds: '90' } }).settings.platform, { profile: 'eks-spot', reclaimNoticeSeconds: 90 });
  assert.match(normalizeSettings({ platform: 'gke-spt' }).problems[0]!, /did you mean "gke-spot"/);
  assert.match(normalizeSettings({ platform: { profile: 'none', nodeShutdownSeconds: -1 } }).problems[0]!, /platform\.nodeShutdownSeconds must be a number >= 0/);
  assert.match(normalizeSettings({ platform: { profle: 'none' } }).problems[0]!, /unknown key "profle" in platform/);
});

test('.kubegrace.yaml and --platform', () => {
  const config = parseConfig('platform:\n  profile: gke-spot\n  nodeShutdownSeconds: 60\n', '/repo/.kubegrace.yaml');
  assert.deepEqual(config.problems, []);
  assert.deepEqual(mergeSettings(config, {}).settings.platform, { profile: 'gke-spot', nodeShutdownSeconds: 60 });
  const parsed = parseCli(['check', '--platform', 'eks-spot', 'x.yaml']);
  assert.ok('flags' in parsed);
  assert.equal(parsed.flags.platform, 'eks-spot');
  assert.throws(() => parseCli(['check', '--platform', 'aks', 'x.yaml']), /--platform: platform profile "aks"/);
});

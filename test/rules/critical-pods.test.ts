/**
 * Graceful node shutdown by pod priority (issue 16; rule book E3). Expected values come from the
 * kubelet's node shutdown manager, kubernetes/kubernetes at 09469950fb4e063817527e48728cdbc0e8bb7990,
 * pkg/kubelet/nodeshutdown/nodeshutdown_manager.go: `migrateConfig` turns shutdownGracePeriod and
 * shutdownGracePeriodCriticalPods into two groups, priority 0 with `shutdownGracePeriod −
 * shutdownGracePeriodCriticalPods` seconds and SystemCriticalPriority with the critical seconds, and
 * returns no groups (no graceful shutdown) when the critical part is the longer; `groupByPriority`
 * puts a pod in the highest group whose priority is at most the pod's; each pod gets
 * `min(TGPS, its group's seconds)`. SystemCriticalPriority is 2,000,000,000, and only the system
 * classes reach it (pkg/apis/scheduling/types.go at 056a01553e91d6ad2c3d1e82927ea348f6e84887:
 * values above HighestUserDefinablePriority, 1e9, are reserved; system-cluster-critical = 2e9,
 * system-node-critical = 2e9 + 1000, pkg/apis/scheduling/helpers.go).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployment, rule, timelines } from './helpers';

// preStop 10 s + the 10 s shutdown estimate: the pod needs until ≈20 s.
const pod = (priorityClass?: string) =>
  deployment({ container: 'lifecycle: {preStop: {sleep: {seconds: 10}}}', pod: `terminationGracePeriodSeconds: 60${priorityClass ? `\npriorityClassName: ${priorityClass}` : ''}` });
// 30 s of shutdown, 25 s of them for critical pods: regular pods get 5 s, critical ones 25 s.
const node = { platform: { profile: 'none', nodeShutdownSeconds: 30, nodeShutdownCriticalSeconds: 25 } };

test('a regular pod gets shutdownGracePeriod − shutdownGracePeriodCriticalPods', () => {
  const found = rule('grace-capped-by-platform', pod(), node);
  assert.equal(found.length, 1);
  assert.match(found[0]!.message, /the node goes after 5 s \(graceful node shutdown 30 s, of which 25 s are kept for critical pods\)/);
  assert.equal(timelines(pod(), node)[0]!.paths!.find((p) => p.kind === 'node-shutdown')!.graceSeconds, 5);
});

test('system-cluster-critical and system-node-critical pods get the critical window instead', () => {
  for (const name of ['system-cluster-critical', 'system-node-critical']) {
    assert.deepEqual(rule('grace-capped-by-platform', pod(name), node), [], name);
    // 25 s < the pod's 60 s: the path is listed with the critical window.
    const path = timelines(pod(name), node)[0]!.paths!.find((p) => p.kind === 'node-shutdown')!;
    assert.equal(path.graceSeconds, 25, name);
    assert.match(path.text, new RegExp(`critical pods such as this one \\(priorityClassName ${name}\\)`));
  }
});

test('any other priority class is a regular pod: user classes cannot reach 2e9', () => {
  assert.equal(rule('grace-capped-by-platform', pod('high-priority'), node).length, 1);
  assert.equal(rule('grace-capped-by-platform', pod('system-critical'), node).length, 1, 'only the two system classes exist');
});

test('GKE Spot (30 s, 15 s of it critical): a critical pod needing 20 s is cut at 15 s too', () => {
  const found = rule('grace-capped-by-platform', pod('system-node-critical'), { platform: { profile: 'gke-spot' } });
  assert.match(found[0]!.message, /the node goes after 15 s \(graceful node shutdown 30 s, whose last 15 s are for critical pods/);
});

test('a critical part longer than the whole: the kubelet does no graceful shutdown at all', () => {
  const found = rule('grace-capped-by-platform', pod(), { platform: { profile: 'none', nodeShutdownSeconds: 10, nodeShutdownCriticalSeconds: 20 } });
  assert.match(found[0]!.message, /the node goes after 0 s \(the kubelet skips graceful node shutdown when the critical pods' 20 s exceed the whole 10 s\)/);
});

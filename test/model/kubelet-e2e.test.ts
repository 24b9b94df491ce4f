/**
 * Golden vectors from the kubelet's own node e2e tests: the termination scenarios of
 * kubernetes/kubernetes test/e2e_node/container_lifecycle_test.go (read at commit
 * 01ba738fd074afdfac0aa0e991ccb53152f9f357, the `When("The … exceeded its termination grace period
 * seconds …")` and `When("The restartable init containers exit with non-zero exit code by prestop
 * hook")` cases of "Containers Lifecycle"). Each builds one pod, deletes it with its grace period and
 * asserts every container's final state: exit code 137 (SIGKILL) or 0 (finished after SIGTERM).
 *
 * The same pod goes into the model; the model's `killed` must give the same states. How the e2e's
 * containers are written here: `ExecCommand(name, execCommand{Delay: 600, TerminationSeconds: N})`
 * is a container that runs and, on SIGTERM, takes N seconds to exit → `shutdownSeconds: N`;
 * a preStop `ExecCommand(name, execCommand{Delay: D})` is a hook that runs D seconds → exec `sleep D`
 * (a hook whose duration the model knows exactly, as the kubelet experiences it).
 * Rules exercised: G6 (2-second floor), H2/H4 (hook time counts, an overrunning hook is cut), H3 (a
 * failing hook delays nothing), SC2 (reverse order), SC3 (sidecar hooks at T0), SC4 (one deadline).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeWorkload } from '../../shared/model/analyze';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { type ContainerSpec, input } from './builders';

/** One e2e container: its termination seconds and, when it has one, its preStop hook's delay. */
type E2eContainer = { name: string; terminationSeconds: number; preStopDelay?: number };

function pod(tgps: number, sidecars: E2eContainer[], regular: E2eContainer[]) {
  const spec = (c: E2eContainer, sidecar: boolean): ContainerSpec => ({
    name: c.name,
    shutdownSeconds: c.terminationSeconds,
    ...(sidecar ? { restartPolicy: 'Always' } : {}),
    ...(c.preStopDelay === undefined ? {} : { preStop: { exec: ['sleep', String(c.preStopDelay)] } }),
  });
  // Kind Pod: the e2e creates bare pods (restartPolicy Never).
  const t = analyzeWorkload(
    input({ kind: 'Pod', tgps, restartPolicy: 'Never', initContainers: sidecars.map((c) => spec(c, true)), containers: regular.map((c) => spec(c, false)) }),
    { ...DEFAULT_SETTINGS, kubernetesVersion: '1.33' },
  ).timeline;
  /** The e2e's expectation form: container name → exit code (137 when SIGKILLed, 0 when it finished). */
  return Object.fromEntries(t.containers.map((c) => [c.name, c.killed ? 137 : 0]));
}

test('e2e "The regular container has exceeded its termination grace period seconds": regular and slow sidecars 137, quick sidecar 0 (SC4, G6)', () => {
  const got = pod(5, [
    { name: 'restartable-init-1', terminationSeconds: 20 },
    { name: 'restartable-init-2', terminationSeconds: 1 },
    { name: 'restartable-init-3', terminationSeconds: 20 },
  ], [{ name: 'regular-1', terminationSeconds: 20 }]);
  assert.deepEqual(got, { 'regular-1': 137, 'restartable-init-1': 137, 'restartable-init-2': 0, 'restartable-init-3': 137 });
});

test('e2e "The restartable init containers have exceeded its termination grace period seconds": only the slow sidecar 137 (SC2, G6)', () => {
  const got = pod(5, [
    { name: 'restartable-init-1', terminationSeconds: 1 },
    { name: 'restartable-init-2', terminationSeconds: 20 },
    { name: 'restartable-init-3', terminationSeconds: 1 },
  ], [{ name: 'regular-1', terminationSeconds: 1 }]);
  assert.deepEqual(got, { 'regular-1': 0, 'restartable-init-1': 0, 'restartable-init-2': 137, 'restartable-init-3': 0 });
});

test('e2e "The regular containers have exceeded its termination grace period seconds by prestop hook": regular 137, the slow sidecar 137 (H4, SC4)', () => {
  const got = pod(5, [
    { name: 'restartable-init-1', terminationSeconds: 1 },
    { name: 'restartable-init-2', terminationSeconds: 20 },
    { name: 'restartable-init-3', terminationSeconds: 1 },
  ], [{ name: 'regular-1', terminationSeconds: 20, preStopDelay: 20 }]);
  assert.deepEqual(got, { 'regular-1': 137, 'restartable-init-1': 0, 'restartable-init-2': 137, 'restartable-init-3': 0 });
});

test('e2e "The restartable init containers have exceeded its termination grace period seconds by prestop hook": the sidecar with the 30 s hook 137 (SC3, H4)', () => {
  const got = pod(5, [
    { name: 'restartable-init-1', terminationSeconds: 1, preStopDelay: 1 },
    { name: 'restartable-init-2', terminationSeconds: 20, preStopDelay: 30 },
    { name: 'restartable-init-3', terminationSeconds: 1, preStopDelay: 1 },
  ], [{ name: 'regular-1', terminationSeconds: 1 }]);
  assert.deepEqual(got, { 'regular-1': 0, 'restartable-init-1': 0, 'restartable-init-2': 137, 'restartable-init-3': 0 });
});

test('e2e "The restartable init containers exit with non-zero exit code by prestop hook": TGPS 30, 1 s hooks, every container finishes (H2)', () => {
  // The e2e's hook on restartable-init-2 exits 1 after its delay; per H3 a failed hook only ends the wait.
  const got = pod(30, [
    { name: 'restartable-init-1', terminationSeconds: 1, preStopDelay: 1 },
    { name: 'restartable-init-2', terminationSeconds: 1, preStopDelay: 1 },
    { name: 'restartable-init-3', terminationSeconds: 1, preStopDelay: 1 },
  ], [{ name: 'regular-1', terminationSeconds: 1 }]);
  assert.deepEqual(got, { 'regular-1': 0, 'restartable-init-1': 0, 'restartable-init-2': 0, 'restartable-init-3': 0 });
});

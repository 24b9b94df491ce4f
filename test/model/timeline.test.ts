/** The rule book's worked timelines (§13 a–f) as test vectors of the timeline (§12). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeWorkload } from '../../shared/model/analyze';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import type { WorkloadTimeline } from '../../shared/model/output';
import { input, type WorkloadSpec } from './builders';

function timeline(spec: WorkloadSpec, settings: Partial<Settings> = {}): WorkloadTimeline {
  return analyzeWorkload(input(spec, { service: true }), { ...DEFAULT_SETTINGS, ...settings }).timeline;
}

function times(t: WorkloadTimeline, name: string) {
  const c = t.containers.find((x) => x.name === name)!;
  return { sigterm: c.sigtermAt, sigkill: c.sigkillAt, exit: c.exitAt, drain: c.drainWindow };
}

test('(a) sleep action 10, TGPS 30: SIGTERM 10, SIGKILL 30, drain window 20 (G6)', () => {
  const t = timeline({ tgps: 30, containers: [{ name: 'app', preStop: { sleep: 10 } }] });
  assert.deepEqual(times(t, 'app'), { sigterm: 10, sigkill: 30, drain: 20, exit: 20 });
  assert.equal(t.serviceOutSeconds, 5);
  assert.equal(t.containers[0]!.preStop.kind, 'exact');
});

test('(b) exec sleep 40 with TGPS 30: SIGTERM 30, SIGKILL 32 (H4, G6 floor)', () => {
  const t = timeline({ tgps: 30, containers: [{ name: 'app', preStop: { exec: ['sleep', '40'] } }] });
  assert.deepEqual(times(t, 'app'), { sigterm: 30, sigkill: 32, drain: 2, exit: 32 });
});

test('(b) sleep 30 with TGPS 30 is valid but leaves 2 s', () => {
  const t = timeline({ tgps: 30, containers: [{ name: 'app', preStop: { sleep: 30 } }] });
  assert.deepEqual(times(t, 'app'), { sigterm: 30, sigkill: 32, drain: 2, exit: 32 });
});

test('G6: a hook ending just inside the deadline still gets the 2 s floor (h 29.5 → SIGKILL 31.5)', () => {
  const t = timeline({ tgps: 30, containers: [{ name: 'app', preStop: { exec: ['sh', '-c', 'sleep 29.5'] } }] });
  assert.deepEqual(times(t, 'app'), { sigterm: 29.5, sigkill: 31.5, drain: 2, exit: 31.5 });
});

test('(c) main + native sidecar: hooks from T0, sidecar SIGTERM after main exits (SC2, SC3)', () => {
  const t = timeline({
    tgps: 30,
    containers: [{ name: 'main', preStop: { sleep: 10 }, shutdownSeconds: 3 }],
    initContainers: [{ name: 'proxy', restartPolicy: 'Always', preStop: { sleep: 5 }, shutdownSeconds: 1 }],
  });
  assert.deepEqual(times(t, 'main'), { sigterm: 10, sigkill: 30, drain: 20, exit: 13 });
  assert.deepEqual(times(t, 'proxy'), { sigterm: 13, sigkill: 30, drain: 17, exit: 14 });
  assert.deepEqual(t.containers.find((c) => c.name === 'proxy')!.waitsFor, ['main']);
  assert.equal(t.containers.find((c) => c.name === 'proxy')!.preStopEnd, 5);
});

test('(c) main ignores SIGTERM: sidecar SIGTERM ≈ 30, SIGKILL ≈ 32 (SC4)', () => {
  const t = timeline({
    tgps: 30,
    containers: [{ name: 'main', preStop: { sleep: 10 }, shutdownSeconds: 1000 }],
    initContainers: [{ name: 'proxy', restartPolicy: 'Always', preStop: { sleep: 5 }, shutdownSeconds: 1 }],
  });
  assert.deepEqual(times(t, 'main'), { sigterm: 10, sigkill: 30, drain: 20, exit: 30 });
  assert.equal(t.containers.find((c) => c.name === 'main')!.killed, true);
  assert.deepEqual(times(t, 'proxy'), { sigterm: 30, sigkill: 32, drain: 2, exit: 31 });
});

test('(c) sidecar preStop 20: its SIGTERM at 20 even though main exited at 13 (SC3)', () => {
  const t = timeline({
    tgps: 30,
    containers: [{ name: 'main', preStop: { sleep: 10 }, shutdownSeconds: 3 }],
    initContainers: [{ name: 'proxy', restartPolicy: 'Always', preStop: { sleep: 20 }, shutdownSeconds: 1 }],
  });
  assert.equal(times(t, 'proxy').sigterm, 20);
});

test('(c) two sidecars sc1, sc2 stop main → sc2 → sc1 (reverse declaration order)', () => {
  const t = timeline({
    tgps: 30,
    containers: [{ name: 'main', preStop: { sleep: 10 }, shutdownSeconds: 3 }],
    initContainers: [
      { name: 'sc1', restartPolicy: 'Always', shutdownSeconds: 1 },
      { name: 'sc2', restartPolicy: 'Always', shutdownSeconds: 1 },
    ],
  });
  assert.deepEqual(times(t, 'sc2'), { sigterm: 13, sigkill: 30, drain: 17, exit: 14 });
  assert.deepEqual(times(t, 'sc1'), { sigterm: 14, sigkill: 30, drain: 16, exit: 15 });
  assert.deepEqual(t.containers.find((c) => c.name === 'sc1')!.waitsFor, ['sc2']);
});

test('SC1: before 1.29 native sidecars stop like regular containers, at T0', () => {
  const t = timeline(
    { tgps: 30, containers: [{ name: 'main', preStop: { sleep: 10 } }], initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] },
    { kubernetesVersion: '1.28' },
  );
  assert.equal(t.orderedSidecars, false);
  assert.equal(times(t, 'proxy').sigterm, 0);
});

test('(d) legacy sidecar proxy gets SIGTERM at 0 while main serves until 10 (K1)', () => {
  const t = timeline({
    tgps: 30,
    containers: [
      { name: 'main', image: 'example/app:1', preStop: { sleep: 10 } },
      { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.22.0' },
    ],
  });
  const proxy = t.containers.find((c) => c.name === 'istio-proxy')!;
  assert.equal(proxy.role, 'legacy-sidecar');
  assert.equal(proxy.sigtermAt, 0);
  assert.equal(times(t, 'main').sigterm, 10);
});

test('(f) Apache graceful-stop hook, TGPS 40: ≥ 33 s hook drains, SIGTERM ≥ 33, SIGKILL 40 (M1)', () => {
  const t = timeline({ tgps: 40, containers: [{ name: 'apache', preStop: { exec: ['sh', '-c', 'sleep 3; apachectl -k graceful-stop; sleep 30'] } }] });
  const c = t.containers[0]!;
  assert.equal(c.preStop.kind, 'at-least');
  assert.equal(c.preStop.seconds, 33);
  assert.equal(c.preStop.drains, true);
  assert.deepEqual(times(t, 'apache'), { sigterm: 33, sigkill: 40, drain: 7, exit: 33 });
});

test('(f) the same hook with TGPS 30 is cut at 30: SIGTERM at 30 with 2 s left', () => {
  const t = timeline({ tgps: 30, containers: [{ name: 'apache', preStop: { exec: ['sh', '-c', 'sleep 3; apachectl -k graceful-stop; sleep 30'] } }] });
  assert.deepEqual(times(t, 'apache'), { sigterm: 30, sigkill: 32, drain: 2, exit: 30 });
});

test('G1 and G5: absent TGPS is 30; 0 and negative give a budget of 1', () => {
  assert.equal(timeline({ containers: [{ name: 'a' }] }).gracePeriodSeconds, 30);
  assert.equal(timeline({ containers: [{ name: 'a' }] }).graceDefaulted, true);
  assert.equal(timeline({ tgps: 0, containers: [{ name: 'a' }] }).gracePeriodSeconds, 1);
  assert.equal(timeline({ tgps: -5, containers: [{ name: 'a' }] }).gracePeriodSeconds, 1);
});

test('H1/H3: tcpSocket hooks and gated-off sleep actions give no delay', () => {
  assert.equal(times(timeline({ containers: [{ name: 'a', preStop: { tcpSocket: 80 } }] }), 'a').sigterm, 0);
  const gated = timeline({ containers: [{ name: 'a', preStop: { sleep: 10 } }] }, { kubernetesVersion: '1.29' });
  assert.equal(times(gated, 'a').sigterm, 0);
  assert.equal(gated.containers[0]!.preStop.noEffectReason, 'sleep-gate-off');
});

test('H3: exec sleep in a distroless image fails, no delay', () => {
  const t = timeline({ containers: [{ name: 'a', image: 'gcr.io/distroless/static:nonroot', preStop: { exec: ['sleep', '5'] } }] });
  assert.equal(t.containers[0]!.preStop.noEffectReason, 'no-shell');
  assert.equal(times(t, 'a').sigterm, 0);
});

test('the shutdown annotation overrides the setting for one workload', () => {
  const t = timeline({ tgps: 30, annotations: { 'kubegrace/shutdown-seconds': '25' }, containers: [{ name: 'a', preStop: { sleep: 10 } }] });
  assert.equal(t.shutdownSeconds, 25);
  assert.equal(times(t, 'a').exit, 30);
});

test('(e) kubectl delete --force --grace-period=0: a 1.31+ kubelet runs preStop with a 1 s budget, SIGKILL ≈2 s later; up to 1.30 the full TGPS (G5)', async () => {
  const { buildTimeline, runningContainers } = await import('../../shared/model/timeline');
  const { features } = await import('../../shared/model/features');
  const { workload } = await import('./builders');
  const pod = workload({ tgps: 30, containers: [{ name: 'app', preStop: { sleep: 10 } }] }).pod;
  const forced = (version: string) =>
    buildTimeline(runningContainers(pod), {
      object: 'Pod/app',
      tgps: 30,
      shutdown: { seconds: 10, source: 'setting' },
      serviceOut: [],
      selectedByService: false,
      gates: features(version),
      deletionGraceSeconds: 0,
    });
  const new131 = forced('1.31');
  assert.equal(new131.gracePeriodSeconds, 1);
  assert.deepEqual(times(new131, 'app'), { sigterm: 1, sigkill: 3, drain: 2, exit: 3 });
  const old130 = forced('1.30');
  assert.equal(old130.gracePeriodSeconds, 30);
  assert.deepEqual(times(old130, 'app'), { sigterm: 10, sigkill: 30, drain: 20, exit: 20 });
});

test('G3/G4: --now is 1 s, a negative grace is 1 s, the client\'s value replaces TGPS', async () => {
  const { deletionBudget } = await import('../../shared/model/timeline');
  assert.equal(deletionBudget(30, 1, 33), 1);
  assert.equal(deletionBudget(30, -5, 33), 1);
  assert.equal(deletionBudget(30, 10, 33), 10);
  assert.equal(deletionBudget(30, 60, 33), 60);
  assert.equal(deletionBudget(undefined, 0, 29), 30);
});

/**
 * Fix intents: what a quick fix changes, as data. The server's edit layer renders them into
 * minimal text edits; the model decides what is safe and valid for the target version.
 */
import { IGNORE_ANNOTATION, type RuleId } from '../rules';
import type { ContainerFacts, HookFacts, WorkloadFacts } from './facts';
import type { Features } from './features';
import { shellLessImage } from './data/images';
import type { FixIntent } from './output';
import { graceBudget } from './timeline';

/** The grace period a fix proposes: hook + shutdown estimate + a margin, rounded up to a multiple of 5. */
export function proposedGrace(preStopSeconds: number, shutdownSeconds: number): number {
  const margin = 5;
  return Math.ceil((preStopSeconds + shutdownSeconds + margin) / 5) * 5;
}

/** A delay hook for the target version: the `sleep` action from 1.30 (S1), else `exec sleep`. */
export function delayHook(seconds: number, gates: Features, image: string | undefined): Record<string, unknown> | undefined {
  const whole = Math.max(1, Math.ceil(seconds));
  if (gates.sleepAction === 'on') return { sleep: { seconds: whole } };
  // Never propose `exec sleep` in an image that has no `sleep` binary (H3).
  if (image && shellLessImage(image)) return undefined;
  return { exec: { command: ['sleep', String(whole)] } };
}

export function raiseGracePeriod(workload: WorkloadFacts, seconds: number): FixIntent {
  const tgps = workload.pod.terminationGracePeriodSeconds;
  return {
    id: 'raise-grace-period',
    title: `Set terminationGracePeriodSeconds to ${seconds}`,
    safe: true,
    changes: [tgps ? { op: 'replace', at: tgps.span, value: seconds } : { op: 'set', at: workload.pod.span, path: ['terminationGracePeriodSeconds'], value: seconds }],
  };
}

/**
 * Add (or replace) the preStop hook with a delay of `seconds`. When the delay would leave less
 * than the shutdown estimate before SIGKILL, the same fix raises the grace period, so the result
 * is clean when re-analysed.
 */
export function insertPreStopSleep(workload: WorkloadFacts, container: ContainerFacts, seconds: number, shutdown: number, gates: Features): FixIntent | undefined {
  const hook = delayHook(seconds, gates, container.image?.value);
  if (!hook) return undefined;
  const whole = Math.max(1, Math.ceil(seconds));
  const changes: FixIntent['changes'] = [
    container.preStop
      ? { op: 'replace', at: container.preStop.span, value: hook }
      : { op: 'set', at: container.span, path: ['lifecycle', 'preStop'], value: hook },
  ];
  const budget = graceBudget(workload.pod.terminationGracePeriodSeconds?.value);
  if (budget - whole < shutdown) changes.push(...raiseGracePeriod(workload, proposedGrace(whole, shutdown)).changes);
  return {
    id: 'insert-prestop-sleep',
    title: `${container.preStop ? 'Make' : 'Add'} a ${whole} s preStop delay for ${container.name}`,
    safe: !container.preStop,
    changes,
  };
}

export function replaceHook(id: 'exec-to-sleep-action' | 'sleep-action-to-exec' | 'replace-tcpsocket-hook', hook: HookFacts, value: Record<string, unknown>, title: string): FixIntent {
  return { id, title, safe: id !== 'replace-tcpsocket-hook', changes: [{ op: 'replace', at: hook.span, value }] };
}

export function convertNativeSidecar(workload: WorkloadFacts, container: ContainerFacts): FixIntent {
  return {
    id: 'convert-native-sidecar',
    title: `Make ${container.name} a native sidecar (initContainers, restartPolicy: Always)`,
    safe: false,
    changes: [{ op: 'move-to-init-containers', item: container.span, podSpec: workload.pod.span, set: { restartPolicy: 'Always' } }],
  };
}

/** `kubegrace/ignore` on the workload's metadata, keeping rules already listed there. */
export function ignoreRule(workload: WorkloadFacts, rule: RuleId): FixIntent {
  const existing = workload.metadata.annotations[IGNORE_ANNOTATION];
  const title = `Ignore ${rule} for ${workload.kind}/${workload.name} (kubegrace/ignore annotation)`;
  if (existing) {
    const rules = existing.value.split(/[\s,]+/).filter(Boolean);
    return { id: 'ignore-rule', title, safe: false, changes: [{ op: 'replace', at: existing.span, value: [...rules, rule].join(',') }] };
  }
  const at = workload.metadata.span ?? workload.span;
  const path = workload.metadata.span ? ['annotations', IGNORE_ANNOTATION] : ['metadata', 'annotations', IGNORE_ANNOTATION];
  return { id: 'ignore-rule', title, safe: false, changes: [{ op: 'set', at, path, value: rule }] };
}

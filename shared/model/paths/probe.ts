/**
 * The liveness or startup probe restart (rule book P1, K2): the kubelet kills only the failing
 * container, runs its preStop hook and stops it with the probe's own
 * `terminationGracePeriodSeconds` when set (ProbeTerminationGracePeriod: beta, on, from 1.25; GA
 * 1.28), else with the pod's. The pod is not deleted, so nothing takes it out of the endpoints:
 * it stays ready until its readiness probe fails, and a preStop delay buys no endpoint removal.
 */
import type { ContainerFacts, ProbeFacts } from '../facts';
import type { Features } from '../features';
import type { ContainerTimeline, DisruptionPath } from '../output';
import { seconds as secs } from '../../timeline-text';
import { graceBudget, MINIMUM_STOP_SECONDS } from '../timeline';

/** ProbeTerminationGracePeriod is on by default from its beta (1.25) (rule book §11). */
export function probeGraceAvailable(gates: Features): boolean {
  return gates.minor >= 25;
}

/** The probe whose failure restarts the container: liveness, else startup. */
export function restartingProbe(container: ContainerFacts): { probe: ProbeFacts; field: 'livenessProbe' | 'startupProbe' } | undefined {
  if (container.livenessProbe) return { probe: container.livenessProbe, field: 'livenessProbe' };
  if (container.startupProbe) return { probe: container.startupProbe, field: 'startupProbe' };
  return undefined;
}

/** P1: the budget of a restart after `probe` failed; `fromProbe` when the probe's own value applies. */
export function restartBudget(probe: ProbeFacts, podGrace: number | undefined, gates: Features): { seconds: number; fromProbe: boolean } {
  const own = probe.terminationGracePeriodSeconds?.value;
  // V10: a probe value ≤ 0 is rejected; api-validation reports it, the pod's value stands here.
  if (own !== undefined && own > 0 && probeGraceAvailable(gates)) return { seconds: graceBudget(own), fromProbe: true };
  return { seconds: graceBudget(podGrace), fromProbe: false };
}

/** The restart path of one container, from its plain-delete timeline (same hook, other budget). */
export function probeRestartPath(container: ContainerFacts, timeline: ContainerTimeline, podGrace: number | undefined, gates: Features): DisruptionPath | undefined {
  const found = restartingProbe(container);
  if (!found || timeline.role !== 'main') return undefined;
  const budget = restartBudget(found.probe, podGrace, gates);
  // H2, G6: the same hook with the restart's budget.
  const preStopEnd = Math.min(timeline.preStop.seconds, budget.seconds);
  const sigkill = preStopEnd + Math.max(MINIMUM_STOP_SECONDS, budget.seconds - Math.floor(preStopEnd));
  const source = budget.fromProbe ? `${found.field}.terminationGracePeriodSeconds` : "the pod's grace period";
  const hook = timeline.preStop.kind === 'none' ? '' : `preStop 0–${secs(preStopEnd)} → `;
  const stay = timeline.preStop.kind === 'none' ? '' : '; the preStop delay does not take it out of the endpoints';
  return {
    kind: 'probe-restart',
    container: container.name,
    graceSeconds: budget.seconds,
    text: `${found.field === 'livenessProbe' ? 'Liveness' : 'Startup'} probe failure of ${container.name}: restart with ${secs(budget.seconds)} (${source}): ${hook}${timeline.stopSignal} ${secs(preStopEnd)} → SIGKILL ${secs(sigkill)}. The pod is not deleted: it keeps receiving requests until its readiness probe fails${stay}.`,
  };
}

/**
 * native-sidecar-unavailable — SC1: `initContainers[].restartPolicy: Always` needs the
 * SidecarContainers gate: alpha (off) in 1.28, on from 1.29. Without it the init container never
 * completes and the pod never starts, or the API server rejects the field.
 */
import type { RuleContext } from '../context';
import type { Rule, RuleFinding } from '../rule';
import { isNativeSidecar } from '../timeline';

export const nativeSidecarUnavailable: Rule = {
  id: 'native-sidecar-unavailable',
  defaultSeverity: 'error',
  check(ctx: RuleContext): RuleFinding[] {
    const support = ctx.gates.nativeSidecars;
    if (support === 'on') return [];
    const version = ctx.settings.kubernetesVersion;
    return ctx.workload.pod.initContainers.filter(isNativeSidecar).map((container) => ({
      severity: support === 'gate-off' ? 'warning' : 'error',
      message:
        support === 'gate-off' && ctx.gates.userGates.includes('SidecarContainers')
          ? `The SidecarContainers feature gate is off (as set in featureGates): ${container.name} is a plain init container that never completes, and the pod never starts.`
          : support === 'gate-off'
          ? `In Kubernetes ${version} native sidecars are alpha (SidecarContainers gate, off by default): without the gate ${container.name} is a plain init container that never completes, and the pod never starts.`
          : `Kubernetes ${version} has no native sidecars (alpha in 1.28, on from 1.29): the API server rejects restartPolicy on ${container.name}.`,
      span: container.restartPolicy!.span,
      related: [],
      container: container.name,
      fixes: [],
    }));
  },
};

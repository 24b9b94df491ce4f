/**
 * stop-signal-invalid — SIG2, V9: `lifecycle.stopSignal` needs `spec.os.name`, a supported signal
 * (Windows: SIGTERM and SIGKILL only) and a version that has the field (alpha 1.33, off by default;
 * beta planned for 1.38), or a cluster that turned the ContainerStopSignals gate on (featureGates).
 */
import type { RuleContext } from '../context';
import type { Rule, RuleFinding } from '../rule';
import { LINUX_STOP_SIGNALS } from '../data/signals';

export const stopSignalInvalid: Rule = {
  id: 'stop-signal-invalid',
  defaultSeverity: 'error',
  check(ctx: RuleContext): RuleFinding[] {
    const os = ctx.workload.pod.osName;
    const version = ctx.settings.kubernetesVersion;
    return ctx.running.flatMap(({ facts: container }): RuleFinding[] => {
      const signal = container.stopSignal;
      if (!signal) return [];
      const finding = (message: string, severity?: 'warning'): RuleFinding[] => [
        { message, span: signal.span, related: os ? [{ span: os.span, message: `spec.os.name ${os.value}` }] : [], container: container.name, fixes: [], ...(severity ? { severity } : {}) },
      ];
      // SIG1: what is sent instead, as the timeline has it (a recognised image's STOPSIGNAL, else SIGTERM).
      const timeline = ctx.timelineOf(container);
      const instead = timeline?.stopSignalSource === 'image' ? `${timeline.stopSignal} (the image's STOPSIGNAL)` : timeline?.program ? 'SIGTERM (the image sets no STOPSIGNAL)' : "the image's STOPSIGNAL or SIGTERM";
      if (ctx.gates.stopSignal === 'absent') {
        return finding(`Kubernetes ${version} has no lifecycle.stopSignal (alpha in 1.33): the manifest is rejected or the field dropped, and ${container.name} gets ${instead}.`);
      }
      if (ctx.gates.stopSignal === 'gate-off') {
        if (ctx.gates.userGates.includes('ContainerStopSignals')) {
          return finding(`The ContainerStopSignals feature gate is off (as set in featureGates): the API server drops lifecycle.stopSignal and ${container.name} gets ${instead}.`, 'warning');
        }
        return finding(`In Kubernetes ${version} lifecycle.stopSignal is alpha (ContainerStopSignals gate, off by default): unless the gate is on, the field is dropped and ${container.name} gets ${instead}. If your cluster turns the gate on, say so with featureGates: ContainerStopSignals=true.`, 'warning');
      }
      if (!os) return finding(`lifecycle.stopSignal may not be set for containers with empty spec.os.name: the API server rejects this pod. Set spec.os.name: linux.`);
      const allowed = os.value === 'windows' ? ['SIGTERM', 'SIGKILL'] : LINUX_STOP_SIGNALS;
      if (!allowed.includes(signal.value)) {
        return finding(`${signal.value} is not a supported stop signal for spec.os.name ${os.value}: the API server rejects this pod.`);
      }
      return [];
    });
  },
};

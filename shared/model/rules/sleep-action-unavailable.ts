/**
 * sleep-action-unavailable — S1, S2: the `sleep` action exists from 1.29 and is on by default
 * from 1.30. With the gate off the API server drops the field silently (no delay); below 1.29 it
 * is an unknown field.
 */
import type { RuleContext } from '../context';
import { delayHook, replaceHook } from '../fixes';
import type { Rule, RuleFinding } from '../rule';

export const sleepActionUnavailable: Rule = {
  id: 'sleep-action-unavailable',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    if (ctx.gates.sleepAction === 'on') return [];
    const version = ctx.settings.kubernetesVersion;
    const all = [...ctx.workload.pod.containers, ...ctx.workload.pod.initContainers];
    return all.flatMap((container) =>
      (['preStop', 'postStart'] as const).flatMap((which): RuleFinding[] => {
        const hook = container[which];
        const handler = hook?.handlers.find((h) => h.type === 'sleep');
        if (!hook || !handler || handler.type !== 'sleep') return [];
        const seconds = typeof handler.seconds?.value === 'number' ? handler.seconds.value : 1;
        const exec = delayHook(seconds, ctx.gates, container.image?.value);
        const gateOff = ctx.gates.sleepAction === 'gate-off';
        const yours = ctx.gates.userGates.includes('PodLifecycleSleepAction');
        const message = gateOff && yours
          ? `The PodLifecycleSleepAction feature gate is off (as set in featureGates): the API server drops the field and the ${which} hook of ${container.name} does nothing.`
          : gateOff
          ? `Kubernetes ${version} has the sleep action behind the PodLifecycleSleepAction gate, off by default: the API server drops the field and the ${which} hook of ${container.name} does nothing.`
          : `Kubernetes ${version} has no sleep action (it arrives in 1.29, on by default from 1.30): the manifest is rejected or the field dropped, and the ${which} hook of ${container.name} does nothing.`;
        return [
          {
            severity: gateOff ? 'warning' : 'error',
            message,
            span: handler.keySpan ?? handler.span,
            related: [],
            container: container.name,
            fixes: exec && hook.handlers.length === 1 ? [replaceHook('sleep-action-to-exec', hook, exec, `Use exec sleep ${Math.max(1, Math.ceil(seconds))} instead of the sleep action`)] : [],
          },
        ];
      }),
    );
  },
};

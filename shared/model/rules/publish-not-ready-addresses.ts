/**
 * publish-not-ready-addresses — N1: a Service with `publishNotReadyAddresses: true` keeps
 * terminating endpoints `ready`, so clients keep being sent to pods that are shutting down.
 */
import type { RuleContext } from '../context';
import type { Rule, RuleFinding } from '../rule';

export const publishNotReadyAddresses: Rule = {
  id: 'publish-not-ready-addresses',
  defaultSeverity: 'information',
  check(ctx: RuleContext): RuleFinding[] {
    return ctx.input.services.flatMap((service): RuleFinding[] => {
      const flag = service.publishNotReadyAddresses;
      if (!flag || flag.value !== true) return [];
      return [
        {
          message: `Service/${service.name} publishes not-ready addresses: while a ${ctx.object} pod terminates, its endpoint stays ready and keeps receiving traffic until the pod is gone, whatever its preStop delay.`,
          span: flag.span,
          related: [{ span: ctx.workload.kindSpan, message: `${ctx.object} is selected by Service/${service.name}` }],
          fixes: [],
        },
      ];
    });
  },
};

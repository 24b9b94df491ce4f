/**
 * publish-not-ready-addresses — N1: a Service with `publishNotReadyAddresses: true` keeps
 * terminating endpoints `ready`, so clients keep being sent to pods that are shutting down.
 * The finding stands on the Service's field; when the Service is in another file it stands on the
 * workload's `kind` instead (a finding belongs to the workload's file) and points at the field.
 */
import type { RuleContext } from '../context';
import type { Rule, RuleFinding } from '../rule';

export const publishNotReadyAddresses: Rule = {
  id: 'publish-not-ready-addresses',
  defaultSeverity: 'information',
  check(ctx: RuleContext): RuleFinding[] {
    return ctx.input.services.flatMap((service): RuleFinding[] => {
      const flag = service.publishNotReadyAddresses;
      if (flag?.value !== true) return [];
      const message = `Service/${service.name} publishes not-ready addresses: while a ${ctx.object} pod terminates, its endpoint stays ready and keeps receiving traffic until the pod is gone, whatever its preStop delay.`;
      if (service.file) {
        const related = { span: flag.pairSpan ?? flag.span, message: `Service/${service.name} sets publishNotReadyAddresses: true`, file: service.file };
        return [{ message, span: ctx.workload.kindSpan, related: [related], fixes: [] }];
      }
      return [
        {
          message,
          span: flag.span,
          related: [{ span: ctx.workload.kindSpan, message: `${ctx.object} is selected by Service/${service.name}` }],
          fixes: [],
        },
      ];
    });
  },
};

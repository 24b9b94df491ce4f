/**
 * prestop-tcpsocket — H1, H3: a `tcpSocket` preStop passes validation but always fails at runtime,
 * so it delays nothing.
 */
import type { RuleContext } from '../context';
import { delayHook, replaceHook } from '../fixes';
import { secs, type Rule, type RuleFinding } from '../rule';

export const prestopTcpSocket: Rule = {
  id: 'prestop-tcpsocket',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    const out = ctx.timeline.serviceOutSeconds;
    return ctx.running.flatMap(({ facts: container }): RuleFinding[] => {
      const hook = container.preStop;
      const handler = hook?.handlers.find((h) => h.type === 'tcpSocket');
      if (!hook || !handler) return [];
      const replacement = delayHook(out, ctx.gates, container.image?.value);
      const fixes = replacement ? [replaceHook('replace-tcpsocket-hook', hook, replacement, `Replace the tcpSocket preStop of ${container.name} with a ${secs(Math.ceil(out))} delay`)] : [];
      return [
        {
          message: `A tcpSocket preStop hook is not run by the kubelet: it fails at once and ${container.name} gets SIGTERM at 0 s, with no delay at all.`,
          span: handler.keySpan ?? handler.span,
          related: [],
          container: container.name,
          fixes,
        },
      ];
    });
  },
};

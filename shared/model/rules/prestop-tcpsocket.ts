/**
 * prestop-tcpsocket — H1, H3: a `tcpSocket` preStop passes validation but always fails at runtime,
 * so it delays nothing. Its fix replaces the hook with a delay and, when the grace period cannot
 * hold that delay and the shutdown (G6, prestop-exceeds-grace), raises it in the same edit: a fix
 * must never leave a more severe finding than the one it fixes.
 */
import type { RuleContext } from '../context';
import { delayHook, proposedGrace, raiseGracePeriod, replaceHook } from '../fixes';
import { graceBudget } from '../timeline';
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
      const fix = replacement && replaceHook('replace-tcpsocket-hook', hook, replacement, `Replace the tcpSocket preStop of ${container.name} with a ${secs(Math.ceil(out))} delay`);
      const whole = Math.max(1, Math.ceil(out));
      const shutdown = ctx.timeline.shutdownSeconds;
      if (fix && graceBudget(ctx.workload.pod.terminationGracePeriodSeconds?.value) - whole < shutdown) {
        const grace = proposedGrace(whole, shutdown);
        fix.changes.push(...raiseGracePeriod(ctx.workload, grace).changes);
        fix.title += ` and terminationGracePeriodSeconds ${grace}`;
      }
      const fixes = fix ? [fix] : [];
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

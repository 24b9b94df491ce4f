/**
 * shell-pid1 — §15: a shell that stays PID 1 has no default action for SIGTERM and does not
 * forward it, so the application only stops at SIGKILL, after the whole grace period.
 */
import type { RuleContext } from '../context';
import { shellStaysPid1 } from '../data/shells';
import type { ContainerFacts } from '../facts';
import type { FixIntent } from '../output';
import { secs, type Rule, type RuleFinding } from '../rule';

/** The argv item holding the `-c` script, with its span, from `command` followed by `args`. */
function scriptItem(container: ContainerFacts): { value: string; span: ContainerFacts['nameSpan'] } | undefined {
  const items = [container.command, container.args].flatMap((list) =>
    (list?.value ?? []).map((value, i) => ({ value, span: list?.itemSpans?.[i] })),
  );
  const flag = items.findIndex((item) => /^-[a-z]*c[a-z]*$/.test(item.value));
  const script = flag >= 0 ? items[flag + 1] : undefined;
  return script?.span ? { value: script.value, span: script.span } : undefined;
}

function execFinalCommand(container: ContainerFacts, offset: number | undefined): FixIntent | undefined {
  const script = scriptItem(container);
  if (!script || offset === undefined) return undefined;
  const value = `${script.value.slice(0, offset)}exec ${script.value.slice(offset)}`;
  return {
    id: 'exec-final-command',
    title: `Run the final command of ${container.name} with exec, so it receives SIGTERM`,
    safe: false,
    changes: [{ op: 'replace', at: script.span, value }],
  };
}

export const shellPid1: Rule = {
  id: 'shell-pid1',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    // With a shared process namespace the pause container is PID 1, not the shell.
    if (ctx.workload.pod.shareProcessNamespace) return [];
    return ctx.running.flatMap(({ facts: container }): RuleFinding[] => {
      const argv = [...(container.command?.value ?? []), ...(container.args?.value ?? [])];
      const verdict = container.command ? shellStaysPid1(argv) : undefined;
      if (!verdict || verdict.verdict === 'execs') return [];
      const timeline = ctx.timelineOf(container);
      const kill = timeline ? ` and is killed at ${secs(timeline.sigkillAt)}` : '';
      const message =
        verdict.verdict === 'stays'
          ? `${verdict.shell} stays PID 1 in ${container.name} (${verdict.reason}): it ignores SIGTERM and does not pass it on, so the application never drains${kill}.`
          : `${container.name} runs its command through ${verdict.shell} -c: ${verdict.reason}. If the shell stays PID 1 it ignores SIGTERM${kill}; prefix the command with exec to be sure.`;
      const fix = execFinalCommand(container, verdict.finalCommandOffset);
      return [
        {
          severity: verdict.verdict === 'stays' ? 'warning' : 'information',
          message,
          span: container.command!.span,
          related: [],
          container: container.name,
          fixes: fix ? [fix] : [],
        },
      ];
    });
  },
};

/**
 * exec-hook-unavailable — H3: an exec hook that needs a shell or `sleep` fails at once in an image
 * that has neither (distroless, scratch-based), and a failing hook never delays SIGTERM.
 */
import type { RuleContext } from '../context';
import { shellLessImage } from '../data/images';
import { execNeedsShell, execTiming } from '../hooks';
import { replaceHook } from '../fixes';
import type { Rule, RuleFinding } from '../rule';

export const execHookUnavailable: Rule = {
  id: 'exec-hook-unavailable',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    return ctx.running.flatMap(({ facts: container }) =>
      (['preStop', 'postStart'] as const).flatMap((which): RuleFinding[] => {
        const hook = container[which];
        const handler = hook?.handlers[0];
        const image = container.image?.value;
        const known = image ? shellLessImage(image) : undefined;
        if (hook?.handlers.length !== 1 || handler?.type !== 'exec' || !known) return [];
        const argv = handler.command?.value ?? [];
        if (!execNeedsShell(argv)) return [];
        const timing = execTiming(argv);
        const fixes =
          which === 'preStop' && ctx.gates.sleepAction === 'on' && !timing.drains && timing.seconds > 0
            ? [replaceHook('exec-to-sleep-action', hook, { sleep: { seconds: Math.ceil(timing.seconds) } }, `Use the sleep action (${Math.ceil(timing.seconds)} s) instead of exec`)]
            : [];
        return [
          {
            message:
              which === 'preStop'
                ? `${image} (${known.product}) has no shell or sleep binary: the exec preStop hook of ${container.name} fails at once and delays nothing (H3).`
                : `${image} (${known.product}) has no shell or sleep binary: the exec postStart hook of ${container.name} fails, and the kubelet kills the container after a failed postStart, so it restarts again and again.`,
            span: handler.command?.span ?? handler.span,
            related: container.image ? [{ span: container.image.span, message: `${known.product}: ${known.source}` }] : [],
            container: container.name,
            fixes,
          },
        ];
      }),
    );
  },
};

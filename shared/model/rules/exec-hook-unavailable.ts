/**
 * exec-hook-unavailable — H3: an exec hook that fails at once delays nothing, and a failing hook
 * never delays SIGTERM. Three causes are known statically:
 * - an image with neither a shell nor `sleep` (distroless, scratch-based);
 * - `$(NAME)` in the hook's command: the kubelet expands it in `command`/`args` but not in
 *   lifecycle hooks (kubernetes/kubernetes#129502), so `sleep` gets the literal text and exits 1;
 * - a `sleep` whose operand it rejects (`sleep 5x`), which exits 1 before sleeping.
 */
import type { RuleContext } from '../context';
import type { ContainerFacts, HandlerFacts } from '../facts';
import { shellLessImage } from '../data/images';
import { execNeedsShell, execTiming, KUBE_VARIABLE, sleepFamilyNote } from '../process/hooks';
import { replaceHook } from '../fixes';
import type { Rule, RuleFinding } from '../rule';

type Which = 'preStop' | 'postStart';

function shellLess(ctx: RuleContext, container: ContainerFacts, which: Which, handler: HandlerFacts & { type: 'exec' }): RuleFinding[] {
  const image = container.image?.value;
  const known = image ? shellLessImage(image) : undefined;
  const argv = handler.command?.value ?? [];
  if (!known || !execNeedsShell(argv)) return [];
  const timing = execTiming(argv);
  const hook = container[which]!;
  const fixes =
    which === 'preStop' && ctx.gates.sleepAction === 'on' && !timing.drains && timing.seconds > 0 && Number.isFinite(timing.seconds)
      ? [replaceHook('exec-to-sleep-action', hook, { sleep: { seconds: Math.ceil(timing.seconds) } }, `Use the sleep action (${Math.ceil(timing.seconds)} s) instead of exec`)]
      : [];
  return [
    {
      message:
        which === 'preStop'
          ? `${image} (${known.product}) has no shell or sleep binary: the exec preStop hook of ${container.name} fails at once and delays nothing.`
          : `${image} (${known.product}) has no shell or sleep binary: the exec postStart hook of ${container.name} fails, and the kubelet kills the container after a failed postStart, so it restarts again and again.`,
      span: handler.command?.span ?? handler.span,
      related: container.image ? [{ span: container.image.span, message: `${known.product}: ${known.source}` }] : [],
      container: container.name,
      fixes,
    },
  ];
}

/** A preStop whose every `sleep` fails at once (unexpanded `$(NAME)`, a rejected operand). */
function failingSleep(ctx: RuleContext, container: ContainerFacts, handler: HandlerFacts & { type: 'exec' }): RuleFinding[] {
  const timeline = ctx.timelineOf(container);
  const reason = timeline?.preStop.noEffectReason;
  if (reason !== 'unexpanded-variable' && reason !== 'sleep-fails') return [];
  const variable = (handler.command?.value ?? []).join(' ').match(KUBE_VARIABLE)?.[0];
  const message =
    reason === 'unexpanded-variable'
      ? `Kubernetes does not expand ${variable ?? '$(NAME)'} in lifecycle hooks: sleep gets the literal text, fails at once, and the preStop hook of ${container.name} delays nothing. Write the number, or use sh -c with a shell variable ($NAME).`
      : `sleep rejects its operand${sleepFamilyNote(timeline!.preStop)}: it exits with an error at once, and the preStop hook of ${container.name} delays nothing.`;
  return [{ message, span: handler.command?.span ?? handler.span, related: [], container: container.name, fixes: [] }];
}

export const execHookUnavailable: Rule = {
  id: 'exec-hook-unavailable',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    return ctx.running.flatMap(({ facts: container }) =>
      (['preStop', 'postStart'] as const).flatMap((which): RuleFinding[] => {
        const hook = container[which];
        const handler = hook?.handlers[0];
        if (hook?.handlers.length !== 1 || handler?.type !== 'exec') return [];
        const found = shellLess(ctx, container, which, handler);
        if (found.length || which === 'postStart') return found;
        return failingSleep(ctx, container, handler);
      }),
    );
  },
};

/**
 * readiness-probe-missing — W1, W3: without a readinessProbe a new pod counts as ready the moment
 * it runs, so a rolling update sends it traffic and deletes old pods before it can serve.
 */
import type { RuleContext } from '../context';
import type { FixIntent } from '../output';
import type { ContainerFacts } from '../facts';
import type { Rule, RuleFinding } from '../rule';

function insertReadinessProbe(container: ContainerFacts): FixIntent | undefined {
  const port = container.ports.find((p) => p.name) ?? container.ports.find((p) => p.containerPort !== undefined);
  if (!port) return undefined;
  const value = port.name ?? port.containerPort;
  return {
    id: 'insert-readiness-probe',
    title: `Add a TCP readinessProbe on port ${String(value)} to ${container.name}`,
    safe: false,
    changes: [{ op: 'set', at: container.span, path: ['readinessProbe'], value: { tcpSocket: { port: value } } }],
  };
}

export const readinessProbeMissing: Rule = {
  id: 'readiness-probe-missing',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    if (!ctx.rollingUpdated) return [];
    return ctx.workload.pod.containers.flatMap((container): RuleFinding[] => {
      const serving = ctx.serving(container);
      if (!serving || container.readinessProbe) return [];
      const fix = insertReadinessProbe(container);
      return [
        {
          severity: serving === 'service' ? 'warning' : 'information',
          message: `${container.name} has no readinessProbe: during a rolling update each new pod counts as ready as soon as it runs, receives traffic before it can serve, and old pods are deleted early.`,
          span: container.nameSpan,
          related: [],
          container: container.name,
          fixes: fix ? [fix] : [],
        },
      ];
    });
  },
};

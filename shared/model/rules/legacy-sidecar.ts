/**
 * legacy-sidecar — K1: a sidecar declared as a regular container is stopped in parallel with the
 * main container, at T0, while the main container may still be serving through it. In a Job it
 * also keeps the pod running after the main container has finished (SC6 is only for native ones).
 * Proxies (mesh, auth, database) are warnings; agents off the request path (logs, metrics,
 * config reloaders) are information outside Jobs.
 */
import type { RuleContext } from '../context';
import { recogniseSidecar } from '../data/sidecars';
import { convertNativeSidecar } from '../fixes';
import { secs, type Rule, type RuleFinding } from '../rule';

export const legacySidecar: Rule = {
  id: 'legacy-sidecar',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    const mains = ctx.timeline.containers.filter((c) => c.role === 'main');
    const lastMainExit = Math.max(0, ...mains.map((c) => c.exitAt));
    const job = ctx.workload.kind === 'Job' || ctx.workload.kind === 'CronJob';
    return ctx.running.flatMap(({ facts: container, role }): RuleFinding[] => {
      if (role !== 'legacy-sidecar') return [];
      const match = recogniseSidecar({ name: container.name, image: container.image?.value });
      const own = ctx.timelineOf(container);
      const what = match ? `${container.name} (${match.product})` : container.name;
      const mainNames = mains.map((c) => c.name).join(', ');
      const stopping = own ? `gets SIGTERM at ${secs(own.sigtermAt)}` : 'gets SIGTERM at once';
      const message = job
        ? `${what} is a regular container next to ${mainNames}: the Job's pod does not complete until it exits by itself, and on deletion it ${stopping}, in parallel with the main work.`
        : `${what} is a regular container: it ${stopping}, in parallel with ${mainNames}, which runs until ≈${secs(lastMainExit)}; whatever ${mainNames} does through it in that time fails.`;
      // A proxy on the request path breaks requests; a log or metrics agent loses its last data.
      const onRequestPath = !match || ['mesh-proxy', 'auth-proxy', 'db-proxy'].includes(match.category);
      return [
        {
          severity: job || onRequestPath ? 'warning' : 'information',
          message,
          span: container.nameSpan,
          related: mains.flatMap((m) => {
            const facts = ctx.workload.pod.containers.find((c) => c.name === m.name);
            return facts ? [{ span: facts.nameSpan, message: `main container ${m.name}` }] : [];
          }),
          container: container.name,
          fixes: ctx.gates.orderedSidecarStop ? [convertNativeSidecar(ctx.workload, container)] : [],
        },
      ];
    });
  },
};

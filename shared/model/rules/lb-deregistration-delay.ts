/**
 * lb-deregistration-delay — N5: an ALB or NLB of the AWS Load Balancer Controller with ip targets
 * keeps sending new requests until the controller and the ELB API have deregistered the pod, which
 * takes longer than kube-proxy (docs/research.md). The preStop delay must cover that; and a
 * deregistration delay shorter than the app's shutdown cuts requests it would still finish.
 * That second finding stands on the annotation; when the Ingress or Service is in another file it
 * stands on the workload's `kind` instead (a finding belongs to the workload's file) and points at it.
 */
import type { RuleContext } from '../context';
import { insertPreStopSleep } from '../fixes';
import { secs, type Rule, type RuleFinding } from '../rule';
import { awsIpTargets } from '../serviceout';

export const lbDeregistrationDelay: Rule = {
  id: 'lb-deregistration-delay',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    const targets = awsIpTargets(ctx.input);
    if (targets.length === 0 || !ctx.longRunning) return [];
    const lb = ctx.timeline.serviceOutSources.filter((s) => s.kind === 'aws-load-balancer');
    const out = ctx.timeline.serviceOutSeconds;
    const related = lb.flatMap((s) => (s.span ? [{ span: s.span, message: s.description, ...(s.file ? { file: s.file } : {}) }] : []));
    const findings: RuleFinding[] = ctx.workload.pod.containers.flatMap((container): RuleFinding[] => {
      const timeline = ctx.timelineOf(container);
      // No hook at all is prestop-missing's finding (its estimate includes the load balancer).
      if (!ctx.serving(container) || !container.preStop || !timeline) return [];
      const { preStop } = timeline;
      if (preStop.kind === 'none' || preStop.drains || preStop.seconds >= out) return [];
      const fix = insertPreStopSleep(ctx.workload, container, out, ctx.timeline.shutdownSeconds, ctx.gates);
      return [
        {
          message: `${lb.map((s) => s.description.split(':')[0]).join(', ')} sends requests straight to pod IPs until the controller has deregistered the pod (≈${secs(out)}, estimate); the preStop delay of ${container.name} ends at ${secs(preStop.seconds)}, so later requests reach a stopping container.`,
          span: container.preStop.keySpan,
          related,
          container: container.name,
          fixes: fix ? [fix] : [],
        },
      ];
    });
    for (const target of targets) {
      const delay = target.deregistrationDelay;
      const shutdown = ctx.timeline.shutdownSeconds;
      if (!delay || delay.seconds >= shutdown) continue;
      const message = `${target.object} sets deregistration_delay.timeout_seconds=${delay.seconds}: the ${target.balancer} drops requests still in flight ${secs(delay.seconds)} after deregistration starts, but ${ctx.object} is estimated to need ${secs(shutdown)} to finish them.`;
      const placed = target.file
        ? { span: ctx.workload.kindSpan, related: [{ span: delay.span, message: `${target.object} sets deregistration_delay.timeout_seconds=${delay.seconds}`, file: target.file }] }
        : { span: delay.span, related: [{ span: ctx.workload.kindSpan, message: `${ctx.object} is behind ${target.object}` }] };
      findings.push({ severity: 'information', message, ...placed, fixes: [] });
    }
    return findings;
  },
};

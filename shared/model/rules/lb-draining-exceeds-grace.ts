/**
 * lb-draining-exceeds-grace — N3/N5 for GKE: a Service's `cloud.google.com/backend-config`
 * annotation attaches a BackendConfig whose `connectionDraining.drainingTimeoutSec` lets the Google
 * Cloud load balancer keep requests to a removed endpoint running that long (GKE, "Ingress
 * configuration": BackendConfig "Connection draining timeout"; Cloud Load Balancing, "Enable
 * connection draining": existing requests to an endpoint removed from a zonal NEG get the timeout to
 * complete, 0–3600 s). The endpoint leaves the NEG only after the pod leaves the Service's endpoints
 * (≥ T0), but the kubelet kills the serving container at its SIGKILL (G5, G6): a draining timeout
 * longer than that promises requests a time the pod never has. Proven from the manifest alone: the
 * draining timeout exceeds the SIGKILL time of every serving container, with no estimate involved.
 * Sources: docs/research.md, "Gateways and load balancers".
 */
import type { RuleContext } from '../context';
import { proposedGrace, raiseGracePeriod } from '../fixes';
import { backendConfigRefs } from '../gateways/annotation';
import { secs, type Rule, type RuleFinding } from '../rule';

export const lbDrainingExceedsGrace: Rule = {
  id: 'lb-draining-exceeds-grace',
  defaultSeverity: 'warning',
  check(ctx: RuleContext): RuleFinding[] {
    if (ctx.backendConfigs.length === 0 || !ctx.longRunning) return [];
    const serving = ctx.workload.pod.containers.flatMap((c) => (ctx.serving(c) === 'service' ? [ctx.timelineOf(c)] : [])).filter((t) => t !== undefined);
    if (serving.length === 0) return [];
    const last = serving.reduce((a, t) => (t.sigkillAt > a.sigkillAt ? t : a));
    const findings: RuleFinding[] = [];
    const seen = new Set<object>();
    for (const service of ctx.input.services) {
      for (const ref of backendConfigRefs(service)) {
        const config = ctx.backendConfigs.find((b) => b.name === ref.name && b.namespace === service.namespace);
        const timeout = config?.drainingTimeoutSec;
        if (!config || !timeout || seen.has(config) || timeout.value <= last.sigkillAt) continue;
        seen.add(config);
        const port = ref.port === 'default' ? '' : ` for port ${ref.port}`;
        findings.push({
          message: `BackendConfig/${config.name} (attached to Service/${service.name}${port}) lets the load balancer keep requests to a removed pod running for ${secs(timeout.value)}, but ${last.name} is killed ${secs(last.sigkillAt)} after the pod starts stopping: requests still running then are cut, whatever the draining allows.`,
          span: ctx.graceSpan ?? ctx.workload.kindSpan,
          related: [
            { span: timeout.span, message: `BackendConfig/${config.name} connectionDraining.drainingTimeoutSec: ${timeout.value}`, ...(config.file !== undefined ? { file: config.file } : {}) },
            { span: ref.annotation.span, message: `Service/${service.name} attaches BackendConfig/${config.name}`, ...(service.file !== undefined ? { file: service.file } : {}) },
          ],
          container: last.name,
          // Long enough for a request that arrives as the endpoint is removed (the service-out estimate) to run the whole timeout.
          fixes: [raiseGracePeriod(ctx.workload, proposedGrace(ctx.timeline.serviceOutSeconds, timeout.value))],
        });
      }
    }
    return findings;
  },
};

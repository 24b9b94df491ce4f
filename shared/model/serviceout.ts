/**
 * The service-out estimate: how long after T0 new requests can still reach a terminating pod
 * (rule book N3–N5). Upstream gives no number; the endpoint setting is the base (N4). Pods that
 * an AWS Load Balancer Controller load balancer reaches directly (ip targets) wait for the
 * controller and the ELB API to deregister them, which takes longer (N5, docs/research.md).
 */
import type { Settings } from '../settings';
import type { Located, Span } from './facts';
import type { WorkloadInput } from './input';
import type { ServiceOutSource } from './output';

const ALB_TARGET_TYPE = 'alb.ingress.kubernetes.io/target-type';
const ALB_ATTRIBUTES = 'alb.ingress.kubernetes.io/target-group-attributes';
const NLB_TYPE = 'service.beta.kubernetes.io/aws-load-balancer-type';
const NLB_TARGET_TYPE = 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type';
const NLB_ATTRIBUTES = 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes';

/** A load balancer of the AWS Load Balancer Controller that targets pod IPs directly. */
export interface AwsIpTarget {
  balancer: 'ALB' | 'NLB';
  /** "Ingress/web" or "Service/web". */
  object: string;
  /** The file the Ingress or Service is in, when it is not the workload's own file. */
  file?: string;
  /** The annotation that makes the targets pod IPs. */
  span: Span;
  /** `deregistration_delay.timeout_seconds` (default 300): how long in-flight requests may finish. */
  deregistrationDelay?: { seconds: number; span: Span };
}

/** `deregistration_delay.timeout_seconds` out of a `k=v,k=v` target-group-attributes annotation. */
function deregistrationDelay(attributes: Located<string> | undefined): AwsIpTarget['deregistrationDelay'] {
  const match = attributes ? /(?:^|,)\s*deregistration_delay\.timeout_seconds\s*=\s*(\d+)/.exec(attributes.value) : null;
  return match && attributes ? { seconds: Number(match[1]), span: attributes.span } : undefined;
}

export function awsIpTargets(input: WorkloadInput): AwsIpTarget[] {
  const targets: AwsIpTarget[] = [];
  for (const ingress of input.ingresses) {
    const type = ingress.annotations[ALB_TARGET_TYPE];
    if (type?.value === 'ip') {
      targets.push({
        balancer: 'ALB',
        object: `Ingress/${ingress.name}`,
        ...(ingress.file ? { file: ingress.file } : {}),
        span: type.span,
        deregistrationDelay: deregistrationDelay(ingress.annotations[ALB_ATTRIBUTES]),
      });
    }
  }
  for (const service of input.services) {
    const type = service.annotations[NLB_TYPE];
    const target = service.annotations[NLB_TARGET_TYPE];
    // Only `external` (the controller's own type) with ip targets, or the legacy `nlb-ip` type.
    const ip = type?.value === 'nlb-ip' ? type : type?.value === 'external' && target?.value === 'ip' ? target : undefined;
    if (ip) {
      targets.push({
        balancer: 'NLB',
        object: `Service/${service.name}`,
        ...(service.file ? { file: service.file } : {}),
        span: ip.span,
        deregistrationDelay: deregistrationDelay(service.annotations[NLB_ATTRIBUTES]),
      });
    }
  }
  return targets;
}

export function serviceOutSources(input: WorkloadInput, settings: Settings): ServiceOutSource[] {
  const sources: ServiceOutSource[] = [
    { kind: 'setting', seconds: settings.endpointPropagationSeconds, description: 'endpointPropagationSeconds estimate', setting: 'endpointPropagationSeconds' },
  ];
  for (const target of awsIpTargets(input)) {
    const alb = target.balancer === 'ALB';
    sources.push({
      kind: 'aws-load-balancer',
      seconds: alb ? settings.albDeregistrationSeconds : settings.nlbDeregistrationSeconds,
      description: `${target.object}: ${target.balancer} with ip targets (${alb ? 'albDeregistrationSeconds' : 'nlbDeregistrationSeconds'} estimate)`,
      setting: alb ? 'albDeregistrationSeconds' : 'nlbDeregistrationSeconds',
      span: target.span,
      ...(target.file ? { file: target.file } : {}),
    });
  }
  return sources;
}

/**
 * An Envoy Gateway `EnvoyProxy` (`gateway.envoyproxy.io/v1alpha1`) → WorkloadFacts for the envoy pods
 * it configures. Envoy Gateway renders those pods itself, so the object holds no containers; what
 * decides how they end is `spec.shutdown` and the grace period, which a merge patch of the envoy
 * Deployment (or DaemonSet) may set. The pod spec's span is the object's (nothing is ever inserted
 * there: the model offers no fix that adds a field to it).
 */
import type { YAMLMap } from 'yaml';
import type { EnvoyShutdownFacts, WorkloadFacts } from '../../../shared/model/facts';
import { readMetadata } from './metadata';
import type { ObjectHeader } from './metadata';
import { asMap, getMap, getPath, located, readNumber, readString } from '../parse/nodes';
import type { Reader } from '../parse/nodes';

export function readEnvoyProxy(reader: Reader, map: YAMLMap, header: ObjectHeader): WorkloadFacts {
  const spec = getMap(reader, map, 'spec');
  const shutdown = getMap(reader, spec, 'shutdown');
  const facts: EnvoyShutdownFacts = {};
  const drain = located(reader, shutdown, 'drainTimeout', readString);
  const min = located(reader, shutdown, 'minDrainDuration', readString);
  if (drain) facts.drainTimeout = drain;
  if (min) facts.minDrainDuration = min;
  const kubernetes = asMap(reader, getPath(reader, spec, ['provider', 'kubernetes']));
  for (const key of ['envoyDeployment', 'envoyDaemonSet']) {
    const pod = asMap(reader, getPath(reader, getMap(reader, kubernetes, key), ['patch', 'value', 'spec', 'template', 'spec']));
    const grace = located(reader, pod, 'terminationGracePeriodSeconds', readNumber);
    if (grace) {
      facts.patchedGrace = grace;
      break;
    }
  }
  return {
    ...header,
    metadata: readMetadata(reader, getMap(reader, map, 'metadata')),
    // The envoy pods' own labels and annotations are Envoy Gateway's: nothing here injects a mesh proxy.
    podMetadata: { labels: {}, annotations: {} },
    pod: { span: header.span, containers: [], initContainers: [] },
    envoyShutdown: facts,
  };
}

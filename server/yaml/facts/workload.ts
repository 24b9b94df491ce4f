/**
 * Workload objects → WorkloadFacts: finds the pod template of each workload kind and reads it.
 */
import { isMap, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { ContainerFacts, DecodeErrorFacts, PodSpecFacts, WorkloadFacts } from '../../../shared/model/facts';
import { checkDecode, fieldChecker, type GoType } from './decode';
import { readContainer } from './container';
import { readEnvoyProxy } from './gateway';
import { readNodePoolChoice } from './related';
import { apiGroup, readMetadata } from './metadata';
import type { ObjectHeader } from './metadata';
import { asMap, entries, entry, get, getMap, getNumber, getPath, getSeq, getString, located, readBoolean, readNumber, readString, span } from '../parse/nodes';
import type { Reader } from '../parse/nodes';

/** Where the pod template sits in each built-in workload kind. */
const TEMPLATE_PATHS: Record<string, readonly string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

// The built-in kinds live in these API groups; the same kind name elsewhere is a custom resource.
const BUILTIN_GROUPS = new Set(['', 'apps', 'extensions', 'batch']);

/** The workload facts of an object, or undefined when it has no pod spec to model. */
export function readWorkload(reader: Reader, map: YAMLMap, header: ObjectHeader): WorkloadFacts | undefined {
  const builtin = BUILTIN_GROUPS.has(apiGroup(header.apiVersion));
  if (builtin && header.kind === 'Pod') return readPod(reader, map, header);
  if (header.kind === 'EnvoyProxy' && apiGroup(header.apiVersion) === 'gateway.envoyproxy.io') return readEnvoyProxy(reader, map, header);
  const path = builtin ? TEMPLATE_PATHS[header.kind] : undefined;
  if (path) return readTemplated(reader, map, header, path, false);
  // Custom resources (Argo Rollout, OpenShift DeploymentConfig, Knative Service, …): best effort.
  return readTemplated(reader, map, header, ['spec', 'template'], true);
}

function readPod(reader: Reader, map: YAMLMap, header: ObjectHeader): WorkloadFacts | undefined {
  const spec = getMap(reader, map, 'spec');
  if (!spec) return undefined;
  const metadata = readMetadata(reader, getMap(reader, map, 'metadata'));
  const pod = readPodSpec(reader, spec);
  addDecodeErrors(pod, checkMetadata(reader, getMap(reader, map, 'metadata'), 'metadata'));
  return { ...header, metadata, podMetadata: metadata, pod };
}

function readTemplated(
  reader: Reader,
  map: YAMLMap,
  header: ObjectHeader,
  path: readonly string[],
  requireContainers: boolean,
): WorkloadFacts | undefined {
  const builtinStrategy = !requireContainers;
  const template = getPath(reader, map, path);
  const spec = isMap(template) ? getMap(reader, template, 'spec') : undefined;
  if (!isMap(template) || !spec) return undefined;
  if (requireContainers && !getSeq(reader, spec, 'containers')) return undefined;
  const facts: WorkloadFacts = {
    ...header,
    metadata: readMetadata(reader, getMap(reader, map, 'metadata')),
    podMetadata: readMetadata(reader, getMap(reader, template, 'metadata')),
    templateSpan: span(reader, template),
    pod: readPodSpec(reader, spec),
  };
  addDecodeErrors(facts.pod, [
    ...checkMetadata(reader, getMap(reader, map, 'metadata'), 'metadata'),
    ...checkMetadata(reader, getMap(reader, template, 'metadata'), `${path.join('.')}.metadata`),
    ...(builtinStrategy ? checkStrategy(reader, getMap(reader, map, 'spec'), header.kind) : []),
  ]);
  const objectSpec = getMap(reader, map, 'spec');
  const strategy = readStrategy(reader, objectSpec, header.kind);
  if (strategy !== undefined) facts.strategy = strategy;
  const replicas = getNumber(reader, objectSpec, 'replicas');
  if (replicas !== undefined) facts.replicas = replicas;
  return facts;
}

/** `strategy.type` (Deployment and most CRs) or `updateStrategy.type` (StatefulSet, DaemonSet). */
function readStrategy(reader: Reader, spec: YAMLMap | undefined, kind: string): string | undefined {
  const key = kind === 'StatefulSet' || kind === 'DaemonSet' ? 'updateStrategy' : 'strategy';
  return getString(reader, getMap(reader, spec, key), 'type');
}

export function readPodSpec(reader: Reader, spec: YAMLMap): PodSpecFacts {
  const decodeErrors: DecodeErrorFacts[] = [];
  const facts: PodSpecFacts = {
    span: span(reader, spec),
    containers: readContainers(reader, spec, 'containers', decodeErrors),
    initContainers: readContainers(reader, spec, 'initContainers', decodeErrors),
  };
  checkPodSpec(reader, spec, decodeErrors);
  if (decodeErrors.length) facts.decodeErrors = decodeErrors.sort((a, b) => a.span.start - b.span.start);
  const grace = located(reader, spec, 'terminationGracePeriodSeconds', readNumber);
  if (grace) facts.terminationGracePeriodSeconds = grace;
  const osName = located(reader, getMap(reader, spec, 'os'), 'name', readString);
  if (osName) facts.osName = osName;
  const restartPolicy = located(reader, spec, 'restartPolicy', readString);
  if (restartPolicy) facts.restartPolicy = restartPolicy;
  const priorityClassName = located(reader, spec, 'priorityClassName', readString);
  if (priorityClassName) facts.priorityClassName = priorityClassName;
  const shareNode = get(reader, spec, 'shareProcessNamespace');
  const share = shareNode ? readBoolean(shareNode) : undefined;
  if (share !== undefined) facts.shareProcessNamespace = share;
  const containersSeq = getSeq(reader, spec, 'containers');
  if (containersSeq) facts.containersSpan = span(reader, containersSeq);
  const initSeq = getSeq(reader, spec, 'initContainers');
  if (initSeq) facts.initContainersSpan = span(reader, initSeq);
  const pools = readNodePoolChoice(reader, spec);
  if (pools) facts.nodePools = pools;
  return facts;
}

/** Every mapping item of `containers` or `initContainers`; `index` is the item's position. */
function readContainers(reader: Reader, spec: YAMLMap, list: ContainerFacts['list'], errors: DecodeErrorFacts[]): ContainerFacts[] {
  const seq = get(reader, spec, list);
  if (!isSeq(seq)) return [];
  const containers: ContainerFacts[] = [];
  seq.items.forEach((item, index) => {
    const map = asMap(reader, item);
    if (map) containers.push(readContainer(reader, map, list, index, errors));
  });
  return containers;
}

/** The pod-spec fields the model reads, checked against their Go types (server/yaml/decode.ts). */
function checkPodSpec(reader: Reader, spec: YAMLMap, errors: DecodeErrorFacts[]): void {
  const check = fieldChecker(reader, errors);
  check(spec, 'terminationGracePeriodSeconds', 'int64', 'PodSpec', 'terminationGracePeriodSeconds');
  check(spec, 'restartPolicy', 'v1.RestartPolicy', 'PodSpec', 'restartPolicy');
  check(spec, 'shareProcessNamespace', 'bool', 'PodSpec', 'shareProcessNamespace');
  check(getMap(reader, spec, 'os'), 'name', 'v1.OSName', 'PodOS', 'os.name');
}

/** Label and annotation values must be strings (`map[string]string` of ObjectMeta). */
export function checkMetadata(reader: Reader, metadata: YAMLMap | undefined, path: string): DecodeErrorFacts[] {
  const errors: DecodeErrorFacts[] = [];
  const check = fieldChecker(reader, errors);
  for (const key of ['name', 'generateName', 'namespace']) check(metadata, key, 'string', 'ObjectMeta', `${path}.${key}`);
  for (const key of ['labels', 'annotations']) {
    const values = getMap(reader, metadata, key);
    if (!values) continue;
    for (const [, found] of entries(reader, values)) checkDecode(reader, found.raw, 'string', 'ObjectMeta', `${path}.${key}`, errors);
  }
  return errors.map((e) => ({ ...e, absolute: true }));
}

function addDecodeErrors(pod: PodSpecFacts, errors: DecodeErrorFacts[]): void {
  if (errors.length === 0) return;
  pod.decodeErrors = [...errors, ...(pod.decodeErrors ?? [])].sort((a, b) => a.span.start - b.span.start);
}

/** The Go types of the strategy `type` the model reads (W1–W3), per built-in kind. */
const STRATEGY_TYPES: Record<string, [string, string, string]> = {
  Deployment: ['strategy', 'DeploymentStrategy', 'v1.DeploymentStrategyType'],
  StatefulSet: ['updateStrategy', 'StatefulSetUpdateStrategy', 'v1.StatefulSetUpdateStrategyType'],
  DaemonSet: ['updateStrategy', 'DaemonSetUpdateStrategy', 'v1.DaemonSetUpdateStrategyType'],
};

function checkStrategy(reader: Reader, spec: YAMLMap | undefined, kind: string): DecodeErrorFacts[] {
  const row = STRATEGY_TYPES[kind];
  if (!row) return [];
  const [key, struct, type] = row;
  const errors: DecodeErrorFacts[] = [];
  checkDecode(reader, entry(reader, getMap(reader, spec, key), 'type')?.raw, type as GoType, struct, `spec.${key}.type`, errors);
  return errors.map((e) => ({ ...e, absolute: true }));
}

/**
 * Builds model facts without YAML, for tests of the pure model. Spans are unique fake offsets so
 * tests can tell which node a finding points at.
 */
import type { ContainerFacts, HandlerFacts, HookFacts, ServiceFacts, Span, WorkloadFacts } from '../../shared/model/facts';
import type { WorkloadInput } from '../../shared/model/input';

let next = 0;
export function span(): Span {
  next += 10;
  return { start: next, end: next + 5 };
}

export type HookSpec = { sleep: number | string } | { exec: string[] } | { httpGet: string } | { tcpSocket: number } | { none: true };

export function hook(spec: HookSpec): HookFacts {
  const handlers: HandlerFacts[] = [];
  if ('sleep' in spec) handlers.push({ type: 'sleep', span: span(), seconds: { value: spec.sleep, span: span() } });
  if ('exec' in spec) handlers.push({ type: 'exec', span: span(), command: { value: spec.exec, span: span() } });
  if ('httpGet' in spec) handlers.push({ type: 'httpGet', span: span(), path: { value: spec.httpGet, span: span() }, port: { value: 8080, span: span() } });
  if ('tcpSocket' in spec) handlers.push({ type: 'tcpSocket', span: span(), port: { value: spec.tcpSocket, span: span() } });
  return { span: span(), keySpan: span(), handlers };
}

export interface ContainerSpec {
  name: string;
  image?: string;
  preStop?: HookSpec;
  ports?: number[];
  readiness?: boolean;
  init?: boolean;
  restartPolicy?: string;
  command?: string[];
  args?: string[];
  stopSignal?: string;
  shutdownSeconds?: number;
}

export function container(spec: ContainerSpec, index = 0): ContainerFacts {
  const list = spec.command ? { value: spec.command, span: span(), itemSpans: spec.command.map(() => span()) } : undefined;
  return {
    name: spec.name,
    nameSpan: span(),
    span: span(),
    list: spec.init ? 'initContainers' : 'containers',
    index,
    image: spec.image ? { value: spec.image, span: span() } : undefined,
    command: list,
    args: spec.args ? { value: spec.args, span: span(), itemSpans: spec.args.map(() => span()) } : undefined,
    ports: (spec.ports ?? []).map((p) => ({ containerPort: p, span: span() })),
    readinessProbe: spec.readiness ? { span: span(), keySpan: span() } : undefined,
    restartPolicy: spec.restartPolicy ? { value: spec.restartPolicy, span: span() } : undefined,
    preStop: spec.preStop ? hook(spec.preStop) : undefined,
    stopSignal: spec.stopSignal ? { value: spec.stopSignal, span: span() } : undefined,
    shutdownSeconds: spec.shutdownSeconds,
  };
}

export interface WorkloadSpec {
  kind?: string;
  name?: string;
  tgps?: number;
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  annotations?: Record<string, string>;
  osName?: string;
  strategy?: string;
  restartPolicy?: string;
}

export function workload(spec: WorkloadSpec): WorkloadFacts {
  const annotations = Object.fromEntries(Object.entries(spec.annotations ?? {}).map(([k, v]) => [k, { value: v, span: span() }]));
  return {
    apiVersion: 'apps/v1',
    kind: spec.kind ?? 'Deployment',
    name: spec.name ?? 'web',
    kindSpan: span(),
    nameSpan: span(),
    span: span(),
    metadata: { span: span(), labels: {}, annotations },
    podMetadata: { span: span(), labels: { app: 'web' }, annotations: {} },
    strategy: spec.strategy,
    pod: {
      span: span(),
      terminationGracePeriodSeconds: spec.tgps === undefined ? undefined : { value: spec.tgps, span: span() },
      osName: spec.osName ? { value: spec.osName, span: span() } : undefined,
      restartPolicy: spec.restartPolicy ? { value: spec.restartPolicy, span: span() } : undefined,
      containers: spec.containers.map((c, i) => container(c, i)),
      initContainers: (spec.initContainers ?? []).map((c, i) => container({ ...c, init: true }, i)),
    },
  };
}

export function service(extra: Partial<ServiceFacts> = {}): ServiceFacts {
  return { name: 'web', kindSpan: span(), nameSpan: span(), span: span(), selector: { app: 'web' }, ports: [], annotations: {}, ...extra };
}

export function input(spec: WorkloadSpec, options: { service?: boolean | ServiceFacts } = {}): WorkloadInput {
  const services = options.service === true ? [service()] : options.service ? [options.service] : [];
  return { workload: workload(spec), services, ingresses: [], ignoreComments: [] };
}

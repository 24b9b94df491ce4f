/**
 * One container entry → ContainerFacts: image, command, ports, probes, lifecycle hooks.
 */
import { isScalar, isSeq } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { ContainerFacts, DecodeErrorFacts, HandlerFacts, HookFacts, PortFacts, ProbeFacts } from '../../../shared/model/facts';
import { fieldChecker } from './decode';
import {
  asMap,
  asSeq,
  deref,
  entries,
  entry,
  get,
  getNumber,
  getString,
  located,
  readNumber,
  readNumberOrString,
  readString,
  scalarText,
  span,
} from '../parse/nodes';
import type { Reader } from '../parse/nodes';

export function readContainer(
  reader: Reader,
  map: YAMLMap,
  list: ContainerFacts['list'],
  index: number,
  errors?: DecodeErrorFacts[],
): ContainerFacts {
  const name = located(reader, map, 'name', readString);
  const facts: ContainerFacts = {
    name: name?.value ?? '',
    nameSpan: name?.span ?? span(reader, map),
    ...(name?.pairSpan ? { namePairSpan: name.pairSpan } : {}),
    span: span(reader, map),
    list,
    index,
    ports: readPorts(reader, map),
  };
  assign(facts, 'image', located(reader, map, 'image', readString));
  assign(facts, 'command', locatedStrings(reader, map, 'command'));
  assign(facts, 'args', locatedStrings(reader, map, 'args'));
  assign(facts, 'readinessProbe', readProbe(reader, map, 'readinessProbe'));
  assign(facts, 'livenessProbe', readProbe(reader, map, 'livenessProbe'));
  assign(facts, 'startupProbe', readProbe(reader, map, 'startupProbe'));
  assign(facts, 'restartPolicy', located(reader, map, 'restartPolicy', readString));
  readLifecycle(reader, map, facts);
  if (errors) checkContainer(reader, map, list, errors);
  return facts;
}

/** The container fields the model reads, checked against their Go types (server/yaml/decode.ts). */
function checkContainer(reader: Reader, map: YAMLMap, list: string, errors: DecodeErrorFacts[]): void {
  const check = fieldChecker(reader, errors, `${list}.`);
  check(map, 'name', 'string', 'Container', 'name');
  check(map, 'image', 'string', 'Container', 'image');
  check(map, 'command', '[]string', 'Container', 'command');
  check(map, 'args', '[]string', 'Container', 'args');
  check(map, 'restartPolicy', 'v1.ContainerRestartPolicy', 'Container', 'restartPolicy');
  for (const item of asSeq(reader, entry(reader, map, 'ports')?.raw)?.items ?? []) {
    const port = asMap(reader, item);
    check(port, 'containerPort', 'int32', 'ContainerPort', 'ports.containerPort');
    check(port, 'name', 'string', 'ContainerPort', 'ports.name');
  }
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
    check(asMap(reader, entry(reader, map, probe)?.raw), 'terminationGracePeriodSeconds', 'int64', 'Probe', `${probe}.terminationGracePeriodSeconds`);
  }
  const lifecycle = asMap(reader, entry(reader, map, 'lifecycle')?.raw);
  check(lifecycle, 'stopSignal', 'v1.Signal', 'Lifecycle', 'lifecycle.stopSignal');
  for (const hook of ['preStop', 'postStart']) {
    const handlers = asMap(reader, entry(reader, lifecycle, hook)?.raw);
    const at = (type: string) => asMap(reader, entry(reader, handlers, type)?.raw);
    check(at('exec'), 'command', '[]string', 'ExecAction', `lifecycle.${hook}.exec.command`);
    check(at('sleep'), 'seconds', 'int64', 'SleepAction', `lifecycle.${hook}.sleep.seconds`);
    check(at('httpGet'), 'path', 'string', 'HTTPGetAction', `lifecycle.${hook}.httpGet.path`);
    check(at('httpGet'), 'scheme', 'v1.URIScheme', 'HTTPGetAction', `lifecycle.${hook}.httpGet.scheme`);
  }
}

/** Sets an optional field only when it has a value, so absent fields stay absent. */
function assign<T, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

/**
 * A sequence of strings such as `command`: numbers and booleans become strings, null becomes ''
 * (as JSON null does in a Go []string); nested collections are dropped.
 */
export function readStrings(reader: Reader, node: Node): string[] | undefined {
  if (!isSeq(node)) return undefined;
  const result: string[] = [];
  for (const item of node.items) {
    const value = deref(reader, item);
    if (isScalar(value)) result.push(value.value === null ? '' : (scalarText(value) ?? ''));
  }
  return result;
}

/** `command`/`args` with the span of each item, so a fix can rewrite one argument (shell-pid1). */
function locatedStrings(reader: Reader, map: YAMLMap, key: string): ContainerFacts['command'] {
  const list = located(reader, map, key, (node) => readStrings(reader, node));
  const seq = get(reader, map, key);
  if (!list || !isSeq(seq)) return list;
  const itemSpans = seq.items.flatMap((item) => {
    const value = deref(reader, item);
    return isScalar(value) ? [span(reader, value)] : [];
  });
  return { ...list, itemSpans };
}

function readPorts(reader: Reader, container: YAMLMap): PortFacts[] {
  const seq = get(reader, container, 'ports');
  if (!isSeq(seq)) return [];
  const ports: PortFacts[] = [];
  for (const item of seq.items) {
    const port = asMap(reader, item);
    if (!port) continue;
    const facts: PortFacts = { span: span(reader, port) };
    assign(facts, 'containerPort', getNumber(reader, port, 'containerPort'));
    assign(facts, 'name', getString(reader, port, 'name'));
    ports.push(facts);
  }
  return ports;
}

function readProbe(reader: Reader, container: YAMLMap, key: string): ProbeFacts | undefined {
  const found = entry(reader, container, key);
  const probe = found ? asMap(reader, found.raw) : undefined;
  if (!found || !probe) return undefined;
  const facts: ProbeFacts = { span: span(reader, probe), keySpan: span(reader, found.keyNode) };
  assign(facts, 'terminationGracePeriodSeconds', located(reader, probe, 'terminationGracePeriodSeconds', readNumber));
  return facts;
}

function readLifecycle(reader: Reader, container: YAMLMap, facts: ContainerFacts): void {
  const found = entry(reader, container, 'lifecycle');
  const lifecycle = found ? asMap(reader, found.raw) : undefined;
  if (!found || !lifecycle) return;
  facts.lifecycle = { span: span(reader, lifecycle), keySpan: span(reader, found.keyNode) };
  assign(facts, 'preStop', readHook(reader, lifecycle, 'preStop'));
  assign(facts, 'postStart', readHook(reader, lifecycle, 'postStart'));
  assign(facts, 'stopSignal', located(reader, lifecycle, 'stopSignal', readString));
}

/**
 * A hook with every handler written in it (H1). `preStop: null` is no hook at all, as in JSON; a
 * handler key whose value is not a mapping is not a handler either.
 */
function readHook(reader: Reader, lifecycle: YAMLMap, key: string): HookFacts | undefined {
  const found = entry(reader, lifecycle, key);
  const hook = found ? asMap(reader, found.raw) : undefined;
  if (!found || !hook) return undefined;
  const handlers: HandlerFacts[] = [];
  for (const [type, handlerEntry] of entries(reader, hook)) {
    const handler = asMap(reader, handlerEntry.raw);
    const facts = handler ? readHandler(reader, type, handler) : undefined;
    if (facts) handlers.push({ ...facts, keySpan: span(reader, handlerEntry.keyNode) });
  }
  return { span: span(reader, hook), keySpan: span(reader, found.keyNode), handlers };
}

function readHandler(reader: Reader, type: string, map: YAMLMap): HandlerFacts | undefined {
  const handlerSpan = span(reader, map);
  switch (type) {
    case 'exec':
      return { type, span: handlerSpan, command: located(reader, map, 'command', (node) => readStrings(reader, node)) };
    case 'httpGet': {
      const facts: HandlerFacts & { type: 'httpGet' } = { type, span: handlerSpan };
      assign(facts, 'path', located(reader, map, 'path', readString));
      assign(facts, 'port', located(reader, map, 'port', readNumberOrString));
      assign(facts, 'scheme', located(reader, map, 'scheme', readString));
      return facts;
    }
    case 'tcpSocket': {
      const facts: HandlerFacts & { type: 'tcpSocket' } = { type, span: handlerSpan };
      assign(facts, 'port', located(reader, map, 'port', readNumberOrString));
      return facts;
    }
    case 'sleep': {
      const facts: HandlerFacts & { type: 'sleep' } = { type, span: handlerSpan };
      assign(facts, 'seconds', located(reader, map, 'seconds', readNumberOrString));
      return facts;
    }
    default:
      return undefined;
  }
}

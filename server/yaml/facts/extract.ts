/**
 * Parsed documents → plain facts. Only mappings with a string `apiVersion` and `kind` are
 * Kubernetes objects; Helm values, compose files and other YAML yield nothing. Every fact carries
 * file offsets, so nothing after this layer needs YAML nodes.
 */
import { isSeq } from 'yaml';
import type { Node } from 'yaml';
import type { IgnoreComment, IngressFacts, ServiceFacts, Span, WorkloadFacts } from '../../../shared/model/facts';
import type { RelatedFacts } from '../../../shared/model/paths/related';
import { readIgnoreComments } from './ignore';
import { apiGroup, readHeader } from './metadata';
import { readIngress, readService } from './network';
import { asMap, BudgetExceeded, createReader, get, span } from '../parse/nodes';
import type { Reader } from '../parse/nodes';
import { shiftProblem } from '../parse/parse';
import type { Chunk, ParsedFile, ParseProblem } from '../parse/parse';
import { readBackendConfig, readDisruptionBudget, readNamespace, readNodePool } from './related';
import { readWorkload } from './workload';

export interface FileFacts {
  workloads: WorkloadFacts[];
  services: ServiceFacts[];
  ingresses: IngressFacts[];
  /** PodDisruptionBudgets, Namespaces, BackendConfigs and NodePools (related.ts). */
  related: RelatedFacts[];
  ignoreComments: IgnoreComment[];
  /** One problem per document that does not parse (its first error); such documents give no facts. */
  parseErrors: ParseProblem[];
}

// `kind: List` inside `kind: List` is legal but never deeper than this in practice.
const MAX_LIST_DEPTH = 4;

type ObjectFacts = Pick<FileFacts, 'workloads' | 'services' | 'ingresses' | 'related'>;

export function extractFacts(file: ParsedFile): FileFacts {
  const facts: FileFacts = {
    workloads: [],
    services: [],
    ingresses: [],
    related: [],
    ignoreComments: readIgnoreComments(file.text),
    parseErrors: [],
  };
  for (const chunk of file.chunks) extractChunk(chunk, facts);
  return facts;
}

/** What one chunk contributes: its objects, or the one problem that made it unreadable. */
type ChunkFacts = { objects: ObjectFacts } | { problem: ParseProblem };

/**
 * One chunk's facts. Nothing is kept here: the engine keeps facts per document content between
 * versions (server/engine/state.ts), the one cache of an analysis.
 */
function extractChunk(chunk: Chunk, facts: FileFacts): void {
  const found = readChunk(chunk);
  if (!found) return;
  if ('problem' in found) {
    facts.parseErrors.push(found.problem);
    return;
  }
  facts.workloads.push(...found.objects.workloads);
  facts.services.push(...found.objects.services);
  facts.ingresses.push(...found.objects.ingresses);
  facts.related.push(...found.objects.related);
}

function readChunk(chunk: Chunk): ChunkFacts | undefined {
  const parse = chunk.content.parse();
  if (!parse) return undefined;
  const first = parse.errors[0];
  if (first) return { problem: shiftProblem(first, chunk.offset) };
  const reader = createReader(parse, chunk.offset, chunk.content.text);
  // Collect into a scratch object so that a document abandoned half-way adds no partial facts.
  const found: ObjectFacts = { workloads: [], services: [], ingresses: [], related: [] };
  try {
    readObject(reader, parse.doc.contents, found, 0);
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error;
    return { problem: { message: error.message, span: documentSpan(reader, parse.doc.contents, chunk) } };
  }
  return { objects: found };
}

/** A copy of plain facts with every `{start, end}` span moved by `delta`. */
export function shiftSpans<T>(value: T, delta: number): T {
  if (Array.isArray(value)) return value.map((v) => shiftSpans(v, delta)) as T;
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 2 && typeof record.start === 'number' && typeof record.end === 'number') {
    return { start: record.start + delta, end: record.end + delta } as T;
  }
  const copy: Record<string, unknown> = {};
  for (const key of keys) copy[key] = shiftSpans(record[key], delta);
  return copy as T;
}

function readObject(reader: Reader, node: unknown, facts: ObjectFacts, depth: number): void {
  const map = asMap(reader, node);
  const header = map ? readHeader(reader, map) : undefined;
  if (!map || !header) return;
  const items = header.kind.endsWith('List') ? get(reader, map, 'items') : undefined;
  if (isSeq(items)) {
    if (depth < MAX_LIST_DEPTH) for (const item of items.items) readObject(reader, item, facts, depth + 1);
    return;
  }
  if (header.kind === 'Service' && header.apiVersion === 'v1') {
    facts.services.push(readService(reader, map, header));
  } else if (header.kind === 'PodDisruptionBudget' && apiGroup(header.apiVersion) === 'policy') {
    facts.related.push(readDisruptionBudget(reader, map, header));
  } else if (header.kind === 'Namespace' && header.apiVersion === 'v1') {
    facts.related.push(readNamespace(reader, map, header));
  } else if (header.kind === 'BackendConfig' && apiGroup(header.apiVersion) === 'cloud.google.com') {
    facts.related.push(readBackendConfig(reader, map, header));
  } else if (header.kind === 'NodePool' && apiGroup(header.apiVersion) === 'karpenter.sh') {
    facts.related.push(readNodePool(reader, map, header));
  } else if (header.kind === 'Ingress' && ['networking.k8s.io', 'extensions'].includes(apiGroup(header.apiVersion))) {
    facts.ingresses.push(readIngress(reader, map, header));
  } else {
    const workload = readWorkload(reader, map, header);
    if (workload) facts.workloads.push(workload);
  }
}

function documentSpan(reader: Reader, contents: Node | null, chunk: Chunk): Span {
  return contents ? span(reader, contents) : { start: chunk.offset, end: chunk.offset + chunk.content.text.length };
}

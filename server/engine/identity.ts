/**
 * Which object a finding belongs to, independent of names. Two Deployments may share a name (in
 * different namespaces, or in templates that set none), and two containers of one pod may share
 * one too (kube-linter's liveness-port test does). So an object is identified by where it stands:
 * the index of its YAML document in the file and its position among the workloads read from that
 * document (0 unless the document is a `List`), and a container by its list and index.
 * Identities hold within one version of a file and across fixes, which never add documents.
 */
import type { ContainerFacts, Span, WorkloadFacts } from '../../shared/model/facts';
import type { Finding } from '../../shared/model/output';
import type { Chunk } from '../yaml/parse/parse';

/** The index of the chunk that contains `offset` (chunks are in file order). */
export function chunkIndexAt(chunks: readonly Chunk[], offset: number): number {
  let low = 0;
  let high = chunks.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (chunks[middle]!.offset <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** "d3" for the object of document 3, "d3.1" for the second workload of the List in document 3. */
export function objectId(document: number, position: number): string {
  return position === 0 ? `d${document}` : `d${document}.${position}`;
}

/** "containers[1]" for a finding inside the second container, '' for a finding about the pod. */
export function containerPath(workload: WorkloadFacts, finding: Pick<Finding, 'span' | 'container'>): string {
  if (finding.container === undefined) return '';
  const { all, sorted, byName } = containerIndex(workload);
  let found: ContainerFacts | undefined;
  if (sorted) {
    // Disjoint spans: at most one container holds the finding, the last one starting before it.
    const candidate = lastStartingBefore(sorted, finding.span.start);
    found = candidate && contains(candidate.span, finding.span) ? candidate : byName.get(finding.container);
  } else {
    const inside = (c: ContainerFacts) => contains(c.span, finding.span);
    found = all.find((c) => inside(c) && c.name === finding.container) ?? all.find(inside) ?? all.find((c) => c.name === finding.container);
  }
  return found ? `${found.list}[${found.index}]` : finding.container;
}

/**
 * A workload's containers, indexed once: every finding of a pod with thousands of containers looks
 * its container up, and a scan per finding made that quadratic. `sorted` only when the spans are
 * disjoint (aliases can make two containers share a span; those pods are scanned as before).
 */
interface ContainerIndex {
  all: ContainerFacts[];
  sorted: ContainerFacts[] | undefined;
  byName: Map<string, ContainerFacts>;
}

const indexes = new WeakMap<WorkloadFacts, ContainerIndex>();

function containerIndex(workload: WorkloadFacts): ContainerIndex {
  let found = indexes.get(workload);
  if (!found) {
    const all = [...workload.pod.containers, ...workload.pod.initContainers];
    const sorted = [...all].sort((a, b) => a.span.start - b.span.start);
    const disjoint = sorted.every((c, i) => i === 0 || c.span.start > sorted[i - 1]!.span.end);
    const byName = new Map<string, ContainerFacts>();
    for (const c of all) if (!byName.has(c.name)) byName.set(c.name, c);
    found = { all, sorted: disjoint ? sorted : undefined, byName };
    indexes.set(workload, found);
  }
  return found;
}

function lastStartingBefore(sorted: ContainerFacts[], offset: number): ContainerFacts | undefined {
  let low = 0;
  let high = sorted.length - 1;
  let found: ContainerFacts | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]!.span.start <= offset) {
      found = sorted[middle];
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** Identifies a finding within one file: rule, object, container. Stable when text moves. */
export function findingIdentity(objectId: string, workload: WorkloadFacts, finding: Finding): string {
  return [finding.rule, objectId, containerPath(workload, finding)].join('|');
}

function contains(outer: Span, inner: Span): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}

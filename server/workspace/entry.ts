/**
 * What the index keeps of one file: only what cross-file matching needs. Its Services, Ingresses
 * and related objects (PodDisruptionBudgets, Namespaces, BackendConfigs, NodePools: their facts, with the editor positions of their spans, so a diagnostic in another file
 * can point at them without the text), and the namespace and labels of its pod templates (to know
 * which files a Service change affects).
 */
import { LineIndex, type Position, type Positions, type Range } from '../engine/positions';
import { extractFacts, type FileFacts } from '../yaml/facts/extract';
import type { RelatedFacts } from '../../shared/model/paths/related';
import type { OtherFile, PodLabels } from '../yaml/facts/match';
import { parseFile } from '../yaml/parse/parse';

/** Editor ranges of the spans of a file's Services and Ingresses, computed when it was indexed. */
export class PinnedRanges {
  private readonly positions = new Map<number, Position>();

  constructor(objects: unknown, positions: Positions) {
    for (const offset of offsetsIn(objects)) this.positions.set(offset, positions.positionAt(offset));
  }

  rangeOf(span: { start: number; end: number }): Range | undefined {
    const start = this.positions.get(span.start);
    const end = this.positions.get(span.end);
    return start && end ? { start, end } : undefined;
  }
}

/** Another file's objects as cross-file matching takes them, with where their spans stand. */
export interface CrossFile extends OtherFile {
  ranges: PinnedRanges;
}

export interface IndexEntry extends CrossFile {
  related: RelatedFacts[];
  /** Namespace and labels of each pod template in the file. */
  pods: PodLabels[];
}

export function entryFromFacts(uri: string, facts: FileFacts, positions: Positions): IndexEntry {
  const { services, ingresses, related } = facts;
  return {
    file: uri,
    services,
    ingresses,
    related,
    pods: facts.workloads.map((w) => ({ ...(w.namespace !== undefined ? { namespace: w.namespace } : {}), labels: w.podMetadata.labels })),
    ranges: new PinnedRanges(services.length + ingresses.length + related.length > 0 ? [services, ingresses, related] : [], positions),
  };
}

export function entryFromText(uri: string, text: string): IndexEntry {
  // Documents of kinds with no pod template, Service or Ingress are not even parsed (prescan.ts),
  // and the line index is only built when there are Services or Ingresses to pin.
  let lines: LineIndex | undefined;
  const index = () => {
    lines ??= new LineIndex(text);
    return lines;
  };
  const positions: Positions = {
    positionAt: (offset) => index().positionAt(offset),
    offsetAt: (position) => index().offsetAt(position),
    rangeOf: (span) => index().rangeOf(span),
  };
  return entryFromFacts(uri, extractFacts(parseFile(text)), positions);
}

/** True when the entry holds nothing the index needs (no Service, Ingress, related object or pod template). */
export function isEmpty(entry: IndexEntry): boolean {
  return entry.services.length === 0 && entry.ingresses.length === 0 && entry.related.length === 0 && entry.pods.length === 0;
}

/** Every `start` and `end` of the `{start, end}` spans inside plain facts. */
function offsetsIn(value: unknown, out = new Set<number>()): Set<number> {
  if (Array.isArray(value)) for (const v of value) offsetsIn(v, out);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.start === 'number' && typeof record.end === 'number') {
      out.add(record.start);
      out.add(record.end);
    }
    for (const v of Object.values(record)) if (v && typeof v === 'object') offsetsIn(v, out);
  }
  return out;
}

/** The objects of `after` that are not in `before` and the reverse: what changed in a file. */
export function changedObjects<T>(before: T[], after: T[]): T[] {
  if (before.length === after.length && before.every((b, i) => b === after[i])) return [];
  // A file read for the first time (the scan) or emptied: nothing to compare.
  if (before.length === 0 || after.length === 0) return [...before, ...after];
  const text = (list: T[]) => list.map((o) => JSON.stringify(o));
  const beforeText = text(before);
  const afterText = text(after);
  const was = new Set(beforeText);
  const is = new Set(afterText);
  return [...before.filter((_, i) => !is.has(beforeText[i]!)), ...after.filter((_, i) => !was.has(afterText[i]!))];
}

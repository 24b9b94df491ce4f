/**
 * Which files hold pod templates a Service may select, by namespace and label: a Service change
 * looks up the files carrying the first pair of its selector instead of testing every file of the
 * workspace (which made indexing quadratic in the number of files).
 */
import type { ServiceFacts } from '../../shared/model/facts';
import type { PodLabels } from '../yaml/facts/match';

export class PodIndex {
  private readonly files = new Map<string, Set<string>>();

  /** The file `key` had pod templates `before` and now has `after`. */
  update(key: string, before: readonly PodLabels[], after: readonly PodLabels[]): void {
    for (const label of labelKeys(before)) {
      const set = this.files.get(label);
      set?.delete(key);
      if (set?.size === 0) this.files.delete(label);
    }
    for (const label of labelKeys(after)) {
      let set = this.files.get(label);
      if (!set) {
        set = new Set();
        this.files.set(label, set);
      }
      set.add(key);
    }
  }

  /** The files with a pod template that carries the first pair of the Service's selector. */
  candidates(service: Pick<ServiceFacts, 'namespace' | 'selector'>): Iterable<string> {
    const first = service.selector ? Object.entries(service.selector)[0] : undefined;
    return (first && this.files.get(labelKey(service.namespace, first[0], first[1]))) ?? [];
  }
}

function labelKeys(pods: readonly PodLabels[]): Set<string> {
  const keys = new Set<string>();
  for (const pod of pods) for (const [key, value] of Object.entries(pod.labels)) keys.add(labelKey(pod.namespace, key, value));
  return keys;
}

const labelKey = (namespace: string | undefined, key: string, value: string) => `${namespace === undefined ? '\u0000' : `=${namespace}`}\u0000${key}\u0000${value}`;

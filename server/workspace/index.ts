/**
 * The workspace index: per file of the workspace folders, its Services, Ingresses, related objects
 * and pod templates (entry.ts). Open documents override the files on disk with their current text.
 * When a Service, an Ingress or a PodDisruptionBudget with a selector changes, the files whose pod
 * templates it may apply to get a new stamp (the analysis cache keys on it) and listeners hear
 * about them, to re-diagnose; a change of an object that applies by namespace or name (a
 * Namespace, a namespace-wide budget, a BackendConfig, a NodePool) touches every file.
 *
 * No I/O here: files.ts reads the disk, the language service reports open documents.
 */
import type { IngressFacts, ServiceFacts } from '../../shared/model/facts';
import type { DisruptionBudgetFacts } from '../../shared/model/paths/related';
import type { Positions } from '../engine/positions';
import type { FileFacts } from '../yaml/facts/extract';
import { selectsPods } from '../yaml/facts/match';
import { changedObjects, entryFromFacts, entryFromText, isEmpty, type CrossFile, type IndexEntry } from './entry';
import { keyOf, pathOf, relativeTo, skipped, type Folder } from './folders';
import { PodIndex } from './pods';

/** The URIs of the files whose analysis may have changed, or `all`. */
export type ChangeListener = (uris: string[] | 'all') => void;

export class WorkspaceIndex {
  private folders: Folder[] = [];
  private readonly entries = new Map<string, IndexEntry>();
  /** Keys of the documents whose entry comes from the editor, not the disk. */
  private readonly open = new Set<string>();
  private readonly stamps = new Map<string, number>();
  private counter = 0;
  /** The stamp every file has at least: set when what the whole workspace sees changed. */
  private everyoneSince = 0;
  private readonly pending = new Set<string>();
  private pendingAll = false;
  private flushing = false;
  private readonly listeners: ChangeListener[] = [];
  private readonly pods = new PodIndex();

  /** Called with the URIs of files whose analysis a change may have changed, once per turn. */
  onDidChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** Number of files with something the index keeps. */
  get size(): number {
    return this.entries.size;
  }

  addFolder(folder: Folder): void {
    this.folders = [...this.folders.filter((f) => f.path !== folder.path), folder];
  }

  /** Forgets a folder and the files that no other folder covers; their documents now stand alone. */
  removeFolder(uri: string): void {
    const path = pathOf(uri);
    this.folders = this.folders.filter((f) => f.path !== path);
    for (const [key, entry] of this.entries) {
      if (this.covers(entry.file)) continue;
      this.entries.delete(key);
      this.pods.update(key, entry.pods, []);
    }
    this.touchAll();
  }

  /**
   * Every analysis may have changed: a folder was removed, or a folder's scan finished (a document
   * opened before its folder was indexed has no entry yet, so no change could be traced to it).
   */
  touchAll(): void {
    this.everyoneSince = ++this.counter;
    this.pendingAll = true;
    this.schedule();
  }

  /** True when the file belongs to a workspace folder and is not excluded: only those see each other. */
  covers(uri: string): boolean {
    const path = pathOf(uri);
    if (path === undefined) return false;
    return this.folders.some((folder) => {
      const relative = relativeTo(folder, path);
      return relative !== undefined && !skipped(folder, relative);
    });
  }

  /** Changes whenever a change elsewhere may change the file's analysis. */
  stampOf(uri: string): number {
    return Math.max(this.stamps.get(keyOf(uri)) ?? 0, this.everyoneSince);
  }

  /** The files other than `uri` with Services, Ingresses or related objects; none when `uri` is outside the workspace. */
  others(uri: string): CrossFile[] {
    if (!this.covers(uri)) return [];
    const own = keyOf(uri);
    const found: CrossFile[] = [];
    for (const [key, entry] of this.entries) {
      if (key !== own && (entry.services.length > 0 || entry.ingresses.length > 0 || entry.related.length > 0)) found.push(entry);
    }
    return found;
  }

  /** An open document's current facts; they replace what the disk says until it is closed. */
  setOpen(uri: string, facts: FileFacts, positions: Positions): void {
    if (!this.covers(uri)) return;
    const key = keyOf(uri);
    this.open.add(key);
    this.update(key, entryFromFacts(uri, facts, positions));
  }

  /** The document was closed: the disk is the source again (files.ts re-reads it). */
  closeDocument(uri: string): void {
    this.open.delete(keyOf(uri));
  }

  /** A file's text as read from disk; ignored while the file is open in the editor. */
  setFromDisk(uri: string, text: string): void {
    const key = keyOf(uri);
    if (this.open.has(key) || !this.covers(uri)) return;
    this.update(key, entryFromText(this.entries.get(key)?.file ?? uri, text));
  }

  /** The file is gone (or too large to index); ignored while it is open in the editor. */
  remove(uri: string): void {
    const key = keyOf(uri);
    if (!this.open.has(key)) this.update(key, undefined);
  }

  /** Removes every file below a deleted folder. */
  removeUnder(uri: string): void {
    const path = pathOf(uri);
    if (path === undefined) return;
    for (const [key, entry] of this.entries) {
      const file = pathOf(entry.file);
      if (file?.startsWith(path) && /[\\/]/.test(file.charAt(path.length)) && !this.open.has(key)) this.update(key, undefined);
    }
  }

  private update(key: string, next: IndexEntry | undefined): void {
    const previous = this.entries.get(key);
    if (next && !isEmpty(next)) this.entries.set(key, next);
    else this.entries.delete(key);
    this.pods.update(key, previous?.pods ?? [], next && !isEmpty(next) ? next.pods : []);
    const services = changedObjects(previous?.services ?? [], next?.services ?? []);
    const ingresses = changedObjects(previous?.ingresses ?? [], next?.ingresses ?? []);
    const related = changedObjects(previous?.related ?? [], next?.related ?? []);
    // Objects that apply by namespace or by name, not by a selector the pod index knows.
    if (related.some((r) => r.kind !== 'PodDisruptionBudget' || !r.selector)) {
      this.touchAll();
      return;
    }
    if (services.length === 0 && ingresses.length === 0 && related.length === 0) return;
    for (const other of this.affected([...services, ...(related as DisruptionBudgetFacts[])], ingresses)) {
      const entry = this.entries.get(other);
      if (other === key || !entry) continue;
      this.stamps.set(other, ++this.counter);
      this.pending.add(entry.file);
    }
    this.schedule();
  }

  /**
   * The files with a pod template that a changed Service selects, or that a changed Ingress routes
   * to through a Service (from any file) that selects it. Both the old and the new version of a
   * changed object are in the lists, so a Service that stops selecting a pod template affects it too.
   * Candidates come from the pod index (pods.ts), not from a walk over every file.
   */
  private affected(services: Array<ServiceFacts | DisruptionBudgetFacts>, ingresses: IngressFacts[]): Set<string> {
    const selecting: Array<ServiceFacts | DisruptionBudgetFacts> = [...services];
    if (ingresses.length > 0) {
      for (const entry of this.entries.values()) {
        for (const s of entry.services) if (ingresses.some((i) => s.namespace === i.namespace && i.serviceNames.includes(s.name))) selecting.push(s);
      }
    }
    const found = new Set<string>();
    for (const service of selecting) {
      for (const key of this.pods.candidates(service)) {
        if (found.has(key)) continue;
        if (this.entries.get(key)?.pods.some((p) => selectsPods(service, p))) found.add(key);
      }
    }
    return found;
  }

  private schedule(): void {
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      const uris = this.pendingAll ? 'all' : [...this.pending];
      this.pending.clear();
      this.pendingAll = false;
      if (uris.length > 0) for (const listener of this.listeners) listener(uris);
    });
  }
}

/**
 * The language server's view of charts and overlays: which renders a file is analysed through,
 * and the rules around running programs. Rendering runs helm and kubectl, so it happens only in a
 * trusted workspace; in Restricted Mode files are checked as they are and the user is told once.
 * Without helm or kubectl, one notice per workspace names the setting, and files are checked as
 * they are: never a flood of errors.
 *
 * A request never waits long for a tool: after WAIT_MS it answers from the last good render of the
 * chart or overlay (marked stale: no quick fixes from it), or with none and a "rendering" notice,
 * and open files are refreshed when the render ends. A client's `$/cancelRequest` ends the wait.
 */
import { basename, dirname, resolve, sep } from 'node:path';
import type { Settings } from '../../../shared/settings';
import type { Config } from '../../engine/config';
import { requestFor, toolPaths } from '../../render/config';
import { chartOf, overlayRoots, type OverlayTree } from '../../render/discover';
import { KUSTOMIZATION_FILES } from '../../render/kustomize/kustomize';
import type { RenderRequest, RenderResult } from '../../render/project';
import { RenderSession, type SessionHost } from './session';
import { RenderError, type ToolPaths } from '../../render/tools';
import { failureSpot, type FailureSpot } from '../../render/failure';
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';

export interface RenderHost extends SessionHost {
  /** The workspace folders' paths. */
  folders(): string[];
  /** Tells the user something once (a window message). */
  notify(message: string): void;
  /** New render results exist: diagnostics of open files may have changed. */
  refresh(): void;
}

export interface RenderFailure extends FailureSpot {
  /** Worded for the user, the tool's own message included. */
  message: string;
}

export interface Rendered {
  results: RenderResult[];
  /** Renders that failed, each with the one file (and line) it is reported on. */
  errors: RenderFailure[];
  /** Renders still running with no earlier result to answer from, named ("chart edge"). */
  pending: string[];
  /** True when some result is an earlier render's (the files changed since): no quick fixes from it. */
  stale: boolean;
  /** True when such a result was rendered from other text of this very file: its positions do not fit. */
  outdated: boolean;
}

/** How long a request waits for a render before it answers from the last good one. */
export const WAIT_MS = 1500;

type Outcome<T> = { value: T } | { error: unknown } | { late: true };

export const RESTRICTED_NOTICE = 'KubeGrace: Restricted Mode: Helm charts and Kustomize overlays are not rendered (that runs helm and kubectl). Their files are checked as they are; trust the workspace to check them rendered.';

export class RenderedWorkspace {
  trusted = false;
  private readonly session: RenderSession;
  private roots = new Map<string, Map<string, OverlayTree>>();
  private readonly told = new Set<string>();
  /** The last good render per request (JSON of the request), for answers while a newer one runs. */
  private readonly good = new Map<string, RenderResult>();
  /** Renders a refresh is already promised for when they end. */
  private readonly watched = new WeakSet<Promise<unknown>>();
  private refreshTimer: NodeJS.Timeout | undefined;
  private answered = false;

  constructor(private readonly host: RenderHost) {
    this.session = new RenderSession(host);
  }

  private folderOf(path: string): string {
    return this.host.folders().find((f) => path.startsWith(f + sep)) ?? dirname(path);
  }

  private overlays(folder: string): Map<string, OverlayTree> {
    let roots = this.roots.get(folder);
    if (!roots) {
      roots = overlayRoots(folder, this.host.read);
      this.roots.set(folder, roots);
    }
    return roots;
  }

  /** The charts and overlays a file is analysed through. */
  requestsFor(path: string, config: Config): RenderRequest[] {
    const folder = this.folderOf(path);
    const out: RenderRequest[] = [];
    const chart = chartOf(path, folder);
    const request = chart ? requestFor(chart, config) : undefined;
    if (request?.kind === 'chart') {
      // An open values-*.yaml is rendered with itself as the values file.
      const extra = /^values.+\.ya?ml$/.test(basename(path)) && dirname(path) === chart && !request.values.includes(path) ? [path] : [];
      out.push({ ...request, values: [...request.values, ...extra] });
    }
    for (const [dir, tree] of this.overlays(folder)) if (tree.files.has(path)) out.push({ kind: 'overlay', dir });
    return out;
  }

  private tell(key: string, message: string): void {
    if (this.told.has(key)) return;
    this.told.add(key);
    this.host.notify(message);
  }

  /** The renders of a file, or undefined to check it as it is (not part of any, untrusted, no tool). */
  async rendered(path: string, settings: Settings, config: Config, explicitTools: ToolPaths, token?: CancellationToken): Promise<Rendered | undefined> {
    const requests = this.requestsFor(resolve(path), config);
    if (requests.length === 0) return undefined;
    if (!this.trusted) {
      this.tell('restricted', RESTRICTED_NOTICE);
      return undefined;
    }
    const tools = toolPaths(config, explicitTools);
    this.answered = true;
    const folder = this.folderOf(path);
    const deadline = Date.now() + WAIT_MS;
    // The overlays of a base render together (one program run) when they can; the chart alone.
    const overlays = requests.filter((r) => r.kind === 'overlay');
    const alone = overlays.length > 1 ? requests.filter((r) => r.kind !== 'overlay') : requests;
    const outcomes = new Map<RenderRequest, Outcome<RenderResult>>();
    const waits: Array<Promise<void>> = [];
    if (overlays.length > 1) {
      waits.push(
        this.settle(() => this.session.overlays(overlays, settings, tools, folder), deadline, token).then((group) => {
          for (const [i, r] of overlays.entries()) outcomes.set(r, 'value' in group ? { value: group.value[i] } : group);
        }),
      );
    }
    for (const r of alone) waits.push(this.settle(() => this.session.result(r, settings, tools, folder), deadline, token).then((o) => void outcomes.set(r, o)));
    await Promise.all(waits);
    const out: Rendered = { results: [], errors: [], pending: [], stale: false, outdated: false };
    // In the order of `requests`, whatever order the renders ended in: diagnostics' data names results by index.
    for (const request of requests) {
      const outcome = outcomes.get(request)!;
      const id = JSON.stringify(request);
      const previous = this.good.get(id);
      if ('value' in outcome) {
        this.good.set(id, outcome.value);
        // A newer render than other open files of it were answered with: they are asked again.
        if (previous !== undefined && previous !== outcome.value) this.scheduleRefresh();
        out.results.push(outcome.value);
        continue;
      }
      if ('error' in outcome) {
        const error = outcome.error;
        if (!(error instanceof RenderError)) throw error;
        if (error.reason === 'missing-tool') {
          this.tell(`missing:${request.kind}`, `KubeGrace: ${error.message}. Charts and overlays are checked as they are until then.`);
          return undefined;
        }
        if (error.reason !== 'cancelled') out.errors.push({ ...failureSpot(request, error.message), message: `cannot render ${request.kind} ${request.dir.slice(folder.length + 1) || request.dir}: ${error.message}` });
      }
      // Still running, failed or superseded: the last good render answers meanwhile, so findings
      // do not vanish while a template is half typed.
      if (previous) {
        out.results.push(previous);
        out.stale = true;
        if (!this.session.fits(previous, resolve(path))) out.outdated = true;
      } else if ('late' in outcome) out.pending.push(request.kind === 'chart' ? `chart ${basename(request.dir)}` : `overlay ${request.dir.slice(folder.length + 1) || request.dir}`);
    }
    return out;
  }

  /**
   * A render's outcome by `deadline`: a render cancelled by a newer edit is followed to the newer
   * one; one still running at the deadline is late (open files refresh when it ends); the client
   * cancelling the request ends the wait with RequestCancelled.
   */
  private async settle<T>(start: () => Promise<T>, deadline: number, token?: CancellationToken): Promise<Outcome<T>> {
    for (;;) {
      if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      const outcome = await race(start(), deadline, token);
      const superseded = 'error' in outcome && outcome.error instanceof RenderError && outcome.error.reason === 'cancelled';
      if (superseded && Date.now() < deadline) continue;
      if (!superseded && !('late' in outcome)) return outcome;
      // Not done in time: open files are asked again when the newest render ends.
      const newest = start();
      if (!this.watched.has(newest)) {
        this.watched.add(newest);
        newest.then(
          () => this.scheduleRefresh(),
          (error: unknown) => {
            if (!(error instanceof RenderError && error.reason === 'cancelled')) this.scheduleRefresh();
          },
        );
      }
      return { late: true };
    }
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.host.refresh(), 20);
  }

  /**
   * Files changed on disk. Renders are keyed by content already; the overlays are looked for again
   * (a walk of the workspace) only when a kustomization changed or files came or went.
   */
  filesChanged(changes: Array<{ path: string; created: boolean; deleted: boolean }>): void {
    if (changes.some((c) => c.created || c.deleted || KUSTOMIZATION_FILES.includes(basename(c.path)))) this.roots.clear();
  }

  /** True when some file has been answered through a render (so disk changes may change its findings). */
  get active(): boolean {
    return this.answered;
  }

  /** Settings changed: find overlays again and render everything again. */
  invalidate(): void {
    this.roots.clear();
    this.session.clear();
    this.good.clear();
  }

  /** Timings of the last render, for the benchmark. */
  get lastTimings() {
    return this.session.last;
  }

  /** What the renders' caches ran and reused, for tests and the benchmark. */
  get counts() {
    return this.session.counts();
  }
}

/** `promise`'s outcome, or late at `deadline`; rejects with RequestCancelled when `token` is cancelled first. */
function race<T>(promise: Promise<T>, deadline: number, token?: CancellationToken): Promise<Outcome<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done({ late: true }), Math.max(0, deadline - Date.now()));
    const cancel = token?.onCancellationRequested(() => {
      clearTimeout(timer);
      cancel?.dispose();
      reject(new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled'));
    });
    function done(outcome: Outcome<T>) {
      clearTimeout(timer);
      cancel?.dispose();
      resolve(outcome);
    }
    promise.then(
      (value) => done({ value }),
      (error: unknown) => done({ error }),
    );
  });
}

/**
 * The language server's view of charts and overlays: which renders a file is analysed through,
 * and the rules around running programs. Rendering runs helm and kubectl, so it happens only in a
 * trusted workspace; in Restricted Mode files are checked as they are and the user is told once.
 * Without helm or kubectl, one notice per workspace names the setting, and files are checked as
 * they are: never a flood of errors.
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

export interface RenderHost extends SessionHost {
  /** The workspace folders' paths. */
  folders(): string[];
  /** Tells the user something once (a window message). */
  notify(message: string): void;
  /** New render results exist: diagnostics of open files may have changed. */
  refresh(): void;
}

export interface Rendered {
  results: RenderResult[];
  /** Renders that failed, worded for the user (the tool's own message included). */
  errors: string[];
}

export const RESTRICTED_NOTICE = 'KubeGrace: Restricted Mode: Helm charts and Kustomize overlays are not rendered (that runs helm and kubectl). Their files are checked as they are; trust the workspace to check them rendered.';

export class RenderedWorkspace {
  trusted = false;
  private readonly session: RenderSession;
  private roots = new Map<string, Map<string, OverlayTree>>();
  private readonly told = new Set<string>();
  private readonly seen = new Map<string, RenderResult>();
  private readonly seenGroups = new Map<string, unknown>();
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
  async rendered(path: string, settings: Settings, config: Config, explicitTools: ToolPaths): Promise<Rendered | undefined> {
    const requests = this.requestsFor(resolve(path), config);
    if (requests.length === 0) return undefined;
    if (!this.trusted) {
      this.tell('restricted', RESTRICTED_NOTICE);
      return undefined;
    }
    const tools = toolPaths(config, explicitTools);
    this.answered = true;
    const folder = this.folderOf(path);
    const out: Rendered = { results: [], errors: [] };
    // The overlays of a base render together (one program run) when they can; the chart alone.
    const overlays = requests.filter((r) => r.kind === 'overlay');
    const settled: Array<PromiseSettledResult<RenderResult>> = [];
    if (overlays.length > 1) {
      const group = await Promise.allSettled([this.groupOf(overlays, settings, tools, folder)]);
      if (group[0].status === 'fulfilled') for (const value of group[0].value) settled.push({ status: 'fulfilled', value });
      else settled.push(...overlays.map(() => group[0] as PromiseRejectedResult));
    }
    const alone = overlays.length > 1 ? requests.filter((r) => r.kind !== 'overlay') : requests;
    settled.push(...(await Promise.allSettled(alone.map((request) => this.resultOf(request, settings, tools, folder)))));
    const ordered = overlays.length > 1 ? [...overlays, ...alone] : requests;
    for (const [i, s] of settled.entries()) {
      if (s.status === 'fulfilled') {
        out.results.push(s.value);
        continue;
      }
      const error = s.reason;
      const request = ordered[i];
      if (!(error instanceof RenderError)) throw error;
      if (error.reason === 'missing-tool') {
        this.tell(`missing:${request.kind}`, `KubeGrace: ${error.message}. Charts and overlays are checked as they are until then.`);
        return undefined;
      }
      if (error.reason === 'cancelled') continue;
      out.errors.push(`cannot render ${request.kind} ${request.dir.slice(folder.length + 1) || request.dir}: ${error.message}`);
    }
    return out;
  }

  private async resultOf(request: RenderRequest, settings: Settings, tools: ToolPaths, folder: string): Promise<RenderResult> {
    // A render cancelled by a newer edit: wait for the newer one.
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.session.result(request, settings, tools, folder);
        // One id per distinct request (a chart with other values files is another render).
        const id = JSON.stringify(request);
        if (this.seen.get(id) !== result) {
          const first = !this.seen.has(id);
          this.seen.set(id, result);
          if (!first) this.scheduleRefresh();
        }
        return result;
      } catch (error) {
        if (!(error instanceof RenderError && error.reason === 'cancelled') || attempt >= 5) throw error;
      }
    }
  }

  /** The overlays' renders together; open files refresh when they are new (a newer render than before). */
  private async groupOf(overlays: RenderRequest[], settings: Settings, tools: ToolPaths, folder: string): Promise<RenderResult[]> {
    const id = overlays.map((o) => o.dir).join(',');
    for (let attempt = 0; ; attempt++) {
      try {
        const value = await this.session.overlays(overlays, settings, tools, folder);
        const seen = this.seenGroups.get(id);
        this.seenGroups.set(id, value);
        if (seen !== undefined && seen !== value) this.scheduleRefresh();
        return value;
      } catch (error) {
        if (!(error instanceof RenderError && error.reason === 'cancelled') || attempt >= 5) throw error;
      }
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
  }

  /** Timings of the last render, for the benchmark. */
  get lastTimings() {
    return this.session.last;
  }
}

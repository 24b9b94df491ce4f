/**
 * `kubegrace check .` on a platform repository with dozens of charts and overlays: every `helm
 * template` and `kustomize build` runs first, at most one per core at once, in one supervised batch
 * (server/render/tools.ts runToolsSync: each tool in its own process group, ended with the CLI).
 * The analysis and the report then take the charts and overlays in the order they are named, as
 * before, so the output is the same as rendering them one after another.
 */
import { availableParallelism } from 'node:os';
import type { Settings } from '../../../shared/settings';
import { prepareRender, type PreparedRender, type Rendered, type RenderRequest } from '../../render/project';
import { runToolsSync, type ToolPaths } from '../../render/tools';

export interface BatchItem {
  /** The folder as the caller keys it (resolved path). */
  key: string;
  request: RenderRequest;
  settings: Settings;
  tools: ToolPaths;
}

/** A render done ahead: its output and the tool's own time, or why it failed (thrown again when its turn comes). */
export type Prerendered = { rendered: Rendered; ms: number } | { error: unknown };

/**
 * How many tools run at once: KUBEGRACE_JOBS when it is a positive whole number (a CI container
 * whose CPU quota is below the host's core count), else the cores Node reports.
 */
export function renderJobs(env: Record<string, string | undefined> = process.env): number {
  const asked = Number(env.KUBEGRACE_JOBS);
  return Number.isInteger(asked) && asked > 0 ? asked : availableParallelism();
}

/** Renders every item, `parallel` at once; keyed by `key`. A failure is kept, not thrown. */
export function renderBatch(items: BatchItem[], parallel: number): Map<string, Prerendered> {
  const done = new Map<string, Prerendered>();
  const ready: Array<{ key: string; prepared: PreparedRender }> = [];
  for (const item of items) {
    if (done.has(item.key) || ready.some((r) => r.key === item.key)) continue;
    try {
      ready.push({ key: item.key, prepared: prepareRender(item.request, item.settings, item.tools) });
    } catch (error) {
      // A missing tool or a remote base: said when this folder's turn comes, as before.
      done.set(item.key, { error });
    }
  }
  const results = runToolsSync(
    ready.map((r) => r.prepared.job),
    { parallel },
  );
  ready.forEach(({ key, prepared }, i) => {
    const result = results[i]!;
    try {
      done.set(key, 'error' in result ? prepared.fail(result.error) : { rendered: prepared.finish(result.text), ms: result.ms });
    } catch (error) {
      done.set(key, { error });
    }
  });
  return done;
}

/**
 * `check` and `explain` render each PATH that is a chart or an overlay folder, with the settings file
 * nearest to it; in any other folder, the charts and overlays inside it (server/render/nested.ts),
 * whose files the plain walk then leaves out (`covers`).
 *
 * Two passes: the first finds every chart and overlay (in the order they are reported) and renders
 * them all at once (batch.ts); the second analyses and reports them one by one, in that order.
 */
import { join, resolve } from 'node:path';
import { isDir } from '../../render/discover';
import type { Configs } from '../configs';
import type { CliOptions } from '../options';
import { nestedProjects } from '../../render/nested';
import { renderBatch, renderJobs, type BatchItem } from './batch';
import { checkRendered, planRequest, renderedDiffs, toolsFor, type RenderedCheck, type RenderFlags } from './rendered';

/** A name inside the folder, so that the settings file nearest to the folder applies. */
function inside(path: string): string | undefined {
  return path === '-' ? undefined : join(path, '.kubegrace.yaml');
}

export function renderFolders(options: CliOptions, configs: Configs, env: Record<string, string | undefined>): RenderedCheck & { diffs?: string[]; covers(path: string): boolean } {
  const out: RenderedCheck = { files: [], workloads: [], errors: [], notices: [], fixed: [], rest: [], charts: 0 };
  // Running a program named by the checked repository is the caller's choice, never the repository's.
  const fix = options.fix ? (options.dryRun ? ('dry-run' as const) : ('write' as const)) : undefined;
  const flags: RenderFlags = { ...options.render, allowConfigTools: options.render.allowConfigTools || env.KUBEGRACE_ALLOW_CONFIG_TOOLS === '1', fix, pending: new Map() };
  // A folder named on the command line renders when its turn comes, not also as part of a parent.
  const named = new Set(options.paths.filter((p) => p !== '-').map((p) => resolve(p)));
  const covers: Array<(path: string) => boolean> = [];
  // First pass: every PATH in order, each followed by the charts and overlays found inside it.
  const order: Array<{ path: string; given: boolean }> = [];
  for (const path of options.paths) {
    order.push({ path, given: true });
    if (!options.render.enabled || path === '-' || !isDir(path) || planRequest(path, flags, configs.configFor(inside(path)))) continue;
    const nested = nestedProjects(path, (dir) => configs.ignored(dir) !== undefined);
    for (const dir of nested.dirs) if (!named.has(resolve(dir))) order.push({ path: dir, given: false });
    covers.push(nested.covers);
  }
  const items = order.flatMap(({ path }): BatchItem[] => {
    const config = configs.configFor(inside(path));
    const request = planRequest(path, flags, config);
    // Notices of program paths are said in the second pass, once.
    return request ? [{ key: resolve(path), request, settings: configs.settingsFor(inside(path)), tools: toolsFor(config, flags, []) }] : [];
  });
  flags.prerendered = renderBatch(items, renderJobs(env));
  for (const { path, given } of order) {
    const one = checkRendered([path], flags, configs.settingsFor(inside(path)), configs.configFor(inside(path)));
    out.files.push(...one.files);
    out.workloads.push(...one.workloads);
    out.errors.push(...one.errors);
    out.charts += one.charts;
    out.fixed!.push(...(one.fixed ?? []));
    for (const n of one.notices) if (!out.notices.includes(n)) out.notices.push(n);
    if (given) out.rest.push(...one.rest);
  }
  // With --fix --dry-run, every chart's and overlay's edits as one diff per file.
  const diffs = fix === 'dry-run' ? renderedDiffs(flags.pending!) : [];
  // A file named on the command line is checked as it is, as before.
  return { ...out, diffs, covers: (path) => !named.has(resolve(path)) && covers.some((c) => c(path)) };
}

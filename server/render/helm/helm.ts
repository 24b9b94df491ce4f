/**
 * `helm template` of a chart folder. Dependencies are never fetched: a chart whose `dependencies`
 * are not unpacked or packed in `charts/` gets one clear error before helm runs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { findTool, RenderError } from '../tools';

export interface ChartOptions {
  /** Values files, in the order given (later ones win), absolute or relative to the working folder. */
  values: string[];
  /** `--set` assignments, as given. */
  set: string[];
  releaseName: string;
  namespace?: string;
  /** API versions `.Capabilities.APIVersions.Has` answers yes to (helm template --api-versions). */
  apiVersions?: string[];
  /** Target Kubernetes version "1.N", passed as `--kube-version`. */
  kubernetesVersion: string;
}

export const DEFAULT_RELEASE = 'release';

export function isChart(dir: string): boolean {
  return existsSync(join(dir, 'Chart.yaml'));
}

/** The chart's name from Chart.yaml (the first segment of Helm's `# Source:` paths). */
export function chartName(dir: string): string {
  try {
    const chart = parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')) as { name?: unknown } | null;
    if (chart && typeof chart.name === 'string') return chart.name;
  } catch {
    // Helm reports a broken Chart.yaml itself, with its own words.
  }
  return dir.split(/[\\/]/).filter(Boolean).pop() ?? 'chart';
}

/** Dependencies declared in Chart.yaml that are missing from `charts/` (as a folder or a .tgz). */
export function missingDependencies(dir: string): string[] {
  let deps: unknown;
  try {
    deps = (parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')) as { dependencies?: unknown } | null)?.dependencies;
  } catch {
    return [];
  }
  if (!Array.isArray(deps)) return [];
  let present: string[] = [];
  try {
    present = readdirSync(join(dir, 'charts'));
  } catch {
    present = [];
  }
  return deps
    .map((d) => (d && typeof d === 'object' ? (d as { name?: unknown }).name : undefined))
    .filter((name): name is string => typeof name === 'string')
    .filter((name) => !present.some((entry) => entry === name || (entry.startsWith(`${name}-`) && entry.endsWith('.tgz'))));
}

export function helmArgs(dir: string, options: ChartOptions): string[] {
  const args = ['template', options.releaseName, dir, '--kube-version', `v${options.kubernetesVersion}.0`];
  if (options.namespace) args.push('--namespace', options.namespace);
  for (const file of options.values) args.push('--values', file);
  for (const set of options.set) args.push('--set', set);
  for (const api of options.apiVersions ?? []) args.push('--api-versions', api);
  return args;
}

/** The helm command that renders the chart; throws a RenderError when it cannot run. */
export function chartCommand(dir: string, options: ChartOptions, helmPath: string | undefined): { program: string; args: string[] } {
  const helm = findTool('helm', helmPath);
  if (!helm) throw new RenderError(helmPath ? `helm not found at ${helmPath} (setting kubegrace.helmPath)` : 'helm not found on PATH; install it or set kubegrace.helmPath (helmPath in .kubegrace.yaml)', 'missing-tool');
  const missing = missingDependencies(dir);
  if (missing.length > 0) {
    throw new RenderError(`chart ${chartName(dir)} declares dependencies that are not in its charts/ folder: ${missing.join(', ')}. Run "helm dependency build" yourself; kubegrace never downloads charts.`, 'missing-dependency');
  }
  return { program: helm, args: helmArgs(dir, options) };
}

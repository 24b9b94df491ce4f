/**
 * Rendering settings of `.kubegrace.yaml`, shared by the CLI and the server:
 *
 * ```yaml
 * helmPath: /opt/helm/bin/helm          # else helm on PATH
 * kubectlPath: /usr/local/bin/kubectl   # else kubectl on PATH (kubectl kustomize)
 * kustomizePath: kustomize              # kustomize build, preferred when set
 * charts:
 *   charts/podinfo:                     # a chart folder, relative to this file
 *     values: [charts/podinfo/values-prod.yaml]
 *     releaseName: podinfo
 *     namespace: prod
 *     set: [replicaCount=2]
 *     apiVersions: [monitoring.coreos.com/v1]   # helm template --api-versions
 * ```
 */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Config } from '../engine/config';
import { DEFAULT_RELEASE, isChart } from './helm/helm';
import { kustomizationFile } from './kustomize/kustomize';
import type { RenderRequest } from './project';
import type { ToolPaths } from './tools';

/** Chart options given explicitly (CLI flags); they win over `.kubegrace.yaml`. */
export interface ChartFlags {
  values: string[];
  set: string[];
  releaseName?: string;
  namespace?: string;
  /** `--api-versions`: what `.Capabilities.APIVersions.Has` answers yes to. */
  apiVersions?: string[];
}

function base(config: Config): string {
  return config.path ? dirname(config.path) : process.cwd();
}

function pathSetting(config: Config, key: string): string | undefined {
  const value = config.raw[key];
  if (typeof value !== 'string' || value === '') return undefined;
  // A bare program name stays a name (looked up on PATH by the caller's shell rules: here, as given).
  return value.includes('/') && !isAbsolute(value) ? resolve(base(config), value) : value;
}

/**
 * Tool paths: explicit ones (editor settings, which a repository cannot set) over `.kubegrace.yaml`.
 * `fromConfig: false` leaves the settings file's program paths out: the file belongs to the checked
 * repository, and a pull request could point them at a script of its own (docs/ci.md).
 */
export function toolPaths(config: Config, explicit: ToolPaths = {}, fromConfig = true): ToolPaths {
  const configured = (key: string) => (fromConfig ? pathSetting(config, key) : undefined);
  return {
    helm: explicit.helm || configured('helmPath'),
    kubectl: explicit.kubectl || configured('kubectlPath'),
    kustomize: explicit.kustomize || configured('kustomizePath'),
  };
}

/** The program-path keys a settings file sets (`helmPath`, …), whatever their value. */
export function configuredToolKeys(config: Config): string[] {
  return ['helmPath', 'kubectlPath', 'kustomizePath'].filter((key) => pathSetting(config, key) !== undefined);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [];
}

/** The `.kubegrace.yaml` entry of a chart folder, if any. */
function chartEntry(config: Config, dir: string): Record<string, unknown> | undefined {
  const charts = config.raw.charts;
  if (!charts || typeof charts !== 'object') return undefined;
  const rel = relative(base(config), resolve(dir)).split(sep).join('/');
  const entry = Object.entries(charts as Record<string, unknown>).find(([k]) => k.replace(/\/+$/, '') === rel || resolve(base(config), k) === resolve(dir));
  return entry?.[1] && typeof entry[1] === 'object' ? (entry[1] as Record<string, unknown>) : undefined;
}

/** What to render for a folder: a chart (Chart.yaml) or an overlay (a kustomization file); else nothing. */
export function requestFor(dir: string, config: Config, flags: ChartFlags = { values: [], set: [] }): RenderRequest | undefined {
  if (isChart(dir)) {
    const entry = chartEntry(config, dir) ?? {};
    const fromConfig = strings(entry.values).map((v) => resolve(base(config), v));
    return {
      kind: 'chart',
      dir,
      values: flags.values.length > 0 ? flags.values : fromConfig,
      set: flags.set.length > 0 ? flags.set : strings(entry.set),
      releaseName: flags.releaseName ?? (typeof entry.releaseName === 'string' ? entry.releaseName : DEFAULT_RELEASE),
      namespace: flags.namespace ?? (typeof entry.namespace === 'string' ? entry.namespace : undefined),
      apiVersions: flags.apiVersions?.length ? flags.apiVersions : strings(entry.apiVersions),
    };
  }
  return kustomizationFile(dir) ? { kind: 'overlay', dir } : undefined;
}

/**
 * `.kubegrace.yaml` at the repository root: target version, estimates, rule severities and ignored
 * paths, read by the CLI and the server so CI and the editor agree. Settings given on the command
 * line or in the editor override the file.
 *
 * ```yaml
 * kubernetesVersion: "1.30"
 * endpointPropagationSeconds: 10
 * rules:
 *   readiness-probe-missing: off
 * featureGates:
 *   ContainerStopSignals: true   # the cluster turned the alpha gate on
 * ignore:
 *   - charts/**        # unrendered Helm templates
 *   - legacy/
 * ```
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import { didYouMean } from '../../shared/closest';
import { normalizeSettings, SETTING_KEYS, type Settings } from '../../shared/settings';
import { globToRegExp } from '../workspace/glob';

/** The keys of the rendering part of the file (server/render/config.ts reads them). */
export const RENDER_KEYS = ['helmPath', 'kubectlPath', 'kustomizePath', 'charts'] as const;

export const CONFIG_FILE = '.kubegrace.yaml';

export interface Config {
  /** The config file, when one was found. */
  path?: string;
  /** The raw settings of the file (validated when merged). */
  raw: Record<string, unknown>;
  /** Glob patterns, relative to the config file's folder, of paths not to check. */
  ignore: string[];
  problems: string[];
}

const EMPTY: Config = { raw: {}, ignore: [], problems: [] };

/** The nearest `.kubegrace.yaml` from `start` upwards, stopping at the repository root (a `.git` folder). */
export function findConfig(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return undefined;
  }
}

export function parseConfig(text: string, path?: string): Config {
  let data: unknown;
  try {
    data = parse(text, { version: '1.1', logLevel: 'error' });
  } catch (error) {
    return { ...EMPTY, path, problems: [`${path ?? CONFIG_FILE}: not valid YAML: ${(error as Error).message.split('\n')[0]}`] };
  }
  if (data === null || data === undefined) return { ...EMPTY, path };
  if (typeof data !== 'object' || Array.isArray(data)) return { ...EMPTY, path, problems: [`${path ?? CONFIG_FILE}: expected a mapping of settings`] };
  const { ignore, ...raw } = data as Record<string, unknown>;
  const problems: string[] = [];
  const patterns = ignore === undefined ? [] : Array.isArray(ignore) ? ignore.filter((p): p is string => typeof p === 'string') : [];
  if (ignore !== undefined && (!Array.isArray(ignore) || patterns.length !== ignore.length)) problems.push(`${path ?? CONFIG_FILE}: ignore must be a list of path patterns`);
  const known = new Set<string>([...SETTING_KEYS, ...RENDER_KEYS]);
  for (const key of Object.keys(raw)) if (!known.has(key)) problems.push(`${path ?? CONFIG_FILE}: unknown setting "${key}"${didYouMean(key, [...SETTING_KEYS, ...RENDER_KEYS, 'ignore'])}`);
  // `off` is a YAML 1.1 boolean: `rule: off` means the severity "off".
  if (raw.rules && typeof raw.rules === 'object') {
    raw.rules = Object.fromEntries(Object.entries(raw.rules as Record<string, unknown>).map(([k, v]) => [k, v === false ? 'off' : v]));
  }
  return { path, raw, ignore: patterns, problems };
}

export function loadConfig(start: string): Config {
  const path = findConfig(start);
  if (!path) return EMPTY;
  try {
    return parseConfig(readFileSync(path, 'utf8'), path);
  } catch (error) {
    return { ...EMPTY, path, problems: [`${path}: ${(error as Error).message}`] };
  }
}

/** Defaults ← config file ← explicit overrides (CLI flags or editor settings); rules merge per rule. */
export function mergeSettings(config: Config, overrides: Record<string, unknown>): { settings: Settings; problems: string[] } {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const rules = { ...((config.raw.rules as object) ?? {}), ...((defined.rules as object) ?? {}) };
  // Feature gates merge per gate too: a list is applied in order, the override last.
  const featureGates = [config.raw.featureGates, defined.featureGates].filter((g) => g !== undefined);
  const { settings, problems } = normalizeSettings({ ...config.raw, ...defined, rules, ...(featureGates.length ? { featureGates } : {}) });
  return { settings, problems: [...config.problems, ...problems] };
}

/** True when `path` matches one of the config's ignore patterns (relative to the config's folder). */
export function isIgnored(config: Config, path: string): boolean {
  if (!config.path || config.ignore.length === 0) return false;
  const rel = relative(dirname(config.path), resolve(path)).split(sep).join('/');
  if (rel.startsWith('..')) return false;
  // A pattern matches the path itself or a folder the path is in.
  return config.ignore.some((pattern) => globToRegExp(pattern).test(rel) || globToRegExp(`${pattern.replace(/\/+$/, '')}/**`).test(rel));
}

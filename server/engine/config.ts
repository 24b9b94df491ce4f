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
 * mesh:
 *   istio: "1.26"                # regular-container proxies, not native sidecars
 * ignore:
 *   - charts/**        # unrendered Helm templates
 *   - legacy/
 * ```
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore from 'ignore';
import { isScalar, parseDocument } from 'yaml';
import { didYouMean } from '../../shared/closest';
import { normalizeSettings, SETTING_KEYS, type Settings } from '../../shared/settings';

/** The keys of the rendering part of the file (server/render/config.ts reads them). */
export const RENDER_KEYS = ['helmPath', 'kubectlPath', 'kustomizePath', 'charts'] as const;

export const CONFIG_FILE = '.kubegrace.yaml';
/** Both spellings are read, as for the manifests themselves; `.yaml` wins when a folder has both. */
export const CONFIG_FILES = [CONFIG_FILE, '.kubegrace.yml'] as const;

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

/** The nearest `.kubegrace.yaml` (or `.yml`) from `start` upwards, stopping at the repository root (a `.git` folder). */
export function findConfig(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = CONFIG_FILES.map((name) => join(dir, name)).find((path) => existsSync(path));
    if (candidate) return candidate;
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return undefined;
  }
}

export function parseConfig(text: string, path?: string): Config {
  let data: unknown;
  try {
    const doc = parseDocument(text, { version: '1.1', logLevel: 'error' });
    if (doc.errors.length > 0) throw doc.errors[0];
    data = doc.toJS();
    // An unquoted `kubernetesVersion: 1.30` is the number 1.3 to YAML; the author meant the text.
    const version = data && typeof data === 'object' && !Array.isArray(data) ? doc.get('kubernetesVersion', true) : undefined;
    if (isScalar(version) && typeof version.value === 'number' && version.range) {
      (data as Record<string, unknown>).kubernetesVersion = text.slice(version.range[0], version.range[1]).trim();
    }
    // The same for the mesh versions: `mesh: {istio: 1.30}` means "1.30", not 1.3.
    for (const mesh of ['istio', 'linkerd']) {
      const node = data && typeof data === 'object' && !Array.isArray(data) ? doc.getIn(['mesh', mesh], true) : undefined;
      const raw = (data as { mesh?: unknown }).mesh;
      if (isScalar(node) && typeof node.value === 'number' && node.range && raw && typeof raw === 'object') (raw as Record<string, unknown>)[mesh] = text.slice(node.range[0], node.range[1]).trim();
    }
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
  // Mesh versions merge per mesh: the editor's or the CLI's Istio version leaves the file's Linkerd one.
  const mesh = [config.raw.mesh, defined.mesh].filter((m) => m !== undefined);
  const { settings, problems } = normalizeSettings({ ...config.raw, ...defined, rules, ...(featureGates.length ? { featureGates } : {}), ...(mesh.length ? { mesh } : {}) });
  return { settings, problems: [...config.problems, ...problems] };
}

const matchers = new WeakMap<Config, ReturnType<typeof ignore>>();

/**
 * True when `path` matches the config's ignore patterns, relative to the config's folder, with
 * .gitignore's rules (the `ignore` package): `*.yaml` matches at any depth, `dir/` a folder and what
 * is inside it, `/x` only at the top, `!pattern` takes a path back.
 */
export function isIgnored(config: Config, path: string): boolean {
  if (!config.path || config.ignore.length === 0) return false;
  const rel = relative(dirname(config.path), resolve(path)).split(sep).join('/');
  if (rel === '' || rel.startsWith('..')) return false;
  let matcher = matchers.get(config);
  if (!matcher) {
    matcher = ignore().add(config.ignore);
    matchers.set(config, matcher);
  }
  // A pattern ending in `/` matches folders only, which the matcher knows by a trailing slash.
  return matcher.ignores(isDirectory(path) ? `${rel}/` : rel);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

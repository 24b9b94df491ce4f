/**
 * Settings pulled per resource with `workspace/configuration`, cached as a promise, cleared when the
 * configuration changes (STYLE habit 3). Clients without the configuration capability get defaults.
 */
import type { Connection } from 'vscode-languageserver';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import { loadConfig, mergeSettings, parseConfig, type Config } from '../engine/config';
import type { ToolPaths } from '../render/tools';
import { answered } from './guard';

export interface ResourceSettings {
  enable: boolean;
  settings: Settings;
  /** `kubegrace.helmPath`, `kubectlPath`, `kustomizePath` as set in the editor (server/render/). */
  tools?: ToolPaths;
  /** The `.kubegrace.yaml` that applies (chart values, tool paths). */
  config?: Config;
}

const NO_CONFIG = parseConfig('');

const DEFAULTS: ResourceSettings = { enable: true, settings: DEFAULT_SETTINGS };

/**
 * One pure function from the raw `kubegrace` section (the values the user set) and the repository's
 * `.kubegrace.yaml` to what the server uses: defaults ← file ← editor.
 */
export function resolveSettings(raw: unknown, config: Config = NO_CONFIG): { value: ResourceSettings; problems: string[] } {
  const section = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const { enable, helmPath, kubectlPath, kustomizePath, ...rest } = section;
  const { settings, problems } = mergeSettings(config, rest);
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const tools = { helm: text(helmPath), kubectl: text(kubectlPath), kustomize: text(kustomizePath) };
  return { value: { enable: enable !== false, settings, tools, config }, problems };
}

/** The `.kubegrace.yaml` that applies to a document: the nearest one above it, up to the repository root. */
function configFor(uri: string, cache: Map<string, Config>): Config {
  if (!uri.startsWith('file:')) return NO_CONFIG;
  const dir = dirname(fileURLToPath(uri));
  let config = cache.get(dir);
  if (!config) {
    config = loadConfig(dir);
    cache.set(dir, config);
  }
  return config;
}

export class SettingsCache {
  private readonly cache = new Map<string, Promise<ResourceSettings>>();
  private supported = false;
  private readonly reported = new Set<string>();
  /** Settings pushed with didChangeConfiguration, for clients that cannot answer workspace/configuration. */
  private pushedRaw: unknown = {};
  /** `.kubegrace.yaml` per document folder; cleared with the settings. */
  private readonly configs = new Map<string, Config>();

  constructor(private readonly connection: Connection) {}

  setSupported(supported: boolean): void {
    this.supported = supported;
  }

  /** `didChangeConfiguration` params: used when the client does not support pulling settings. */
  push(settings: unknown): void {
    const section = settings && typeof settings === 'object' ? (settings as Record<string, unknown>).kubegrace : undefined;
    if (section !== undefined) this.pushedRaw = section;
  }

  get(uri: string): Promise<ResourceSettings> {
    let entry = this.cache.get(uri);
    if (!entry) {
      // No answer in time counts as no settings: diagnostics must not wait for a client that never answers.
      const raw = this.supported ? answered(this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'kubegrace' }), undefined) : Promise.resolve(this.pushedRaw);
      entry = raw
        .then((value) => {
          const resolved = resolveSettings(value, configFor(uri, this.configs));
          for (const problem of resolved.problems) this.warnOnce(problem);
          return resolved.value;
        })
        .catch(() => DEFAULTS);
      this.cache.set(uri, entry);
    }
    return entry;
  }

  /** Settings or a `.kubegrace.yaml` changed: everything is read again on next use. */
  clear(): void {
    this.cache.clear();
    this.configs.clear();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  private warnOnce(problem: string): void {
    if (this.reported.has(problem)) return;
    this.reported.add(problem);
    this.connection.console.warn(`kubegrace settings: ${problem}; ignored, the default applies`);
  }
}

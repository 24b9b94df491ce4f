/**
 * Settings pulled per resource with `workspace/configuration`, cached as a promise, cleared when the
 * configuration changes (STYLE habit 3). Clients without the configuration capability get defaults.
 */
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from '../shared/settings';

export interface ResourceSettings {
  enable: boolean;
  settings: Settings;
}

const DEFAULTS: ResourceSettings = { enable: true, settings: DEFAULT_SETTINGS };

/** One pure function from the raw `kubegrace` section to what the server uses. */
export function resolveSettings(raw: unknown): { value: ResourceSettings; problems: string[] } {
  const section = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const { settings, problems } = normalizeSettings(section);
  return { value: { enable: section.enable !== false, settings }, problems };
}

export class SettingsCache {
  private readonly cache = new Map<string, Promise<ResourceSettings>>();
  private supported = false;
  private readonly reported = new Set<string>();
  /** Settings pushed with didChangeConfiguration, for clients that cannot answer workspace/configuration. */
  private pushed: ResourceSettings = DEFAULTS;

  constructor(private readonly connection: Connection) {}

  setSupported(supported: boolean): void {
    this.supported = supported;
  }

  /** `didChangeConfiguration` params: used when the client does not support pulling settings. */
  push(settings: unknown): void {
    const section = settings && typeof settings === 'object' ? (settings as Record<string, unknown>).kubegrace : undefined;
    if (section === undefined) return;
    const { value, problems } = resolveSettings(section);
    problems.forEach((p) => this.warnOnce(p));
    this.pushed = value;
  }

  get(uri: string): Promise<ResourceSettings> {
    if (!this.supported) return Promise.resolve(this.pushed);
    let entry = this.cache.get(uri);
    if (!entry) {
      entry = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'kubegrace' })
        .then((raw) => {
          const { value, problems } = resolveSettings(raw);
          for (const problem of problems) this.warnOnce(problem);
          return value;
        })
        .catch(() => DEFAULTS);
      this.cache.set(uri, entry);
    }
    return entry;
  }

  clear(): void {
    this.cache.clear();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  private warnOnce(problem: string): void {
    if (this.reported.has(problem)) return;
    this.reported.add(problem);
    this.connection.console.warn(`kubegrace settings: ${problem}`);
  }
}

/**
 * Settings per checked file, as the editor has them: the nearest `.kubegrace.yaml` above the file
 * (up to the repository root), under the command-line flags. Standard input uses the one above the
 * working directory. A settings file with problems stops the run (exit 2): a typo there would
 * otherwise change what CI reports without anyone noticing.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { normalizeSettings, type Settings } from '../../shared/settings';
import { findConfig, isIgnored, mergeSettings, parseConfig, type Config } from '../engine/config';
import { UsageError, type ConfigChoice } from './options';

const NO_CONFIG = parseConfig('');

export class Configs {
  private readonly byPath = new Map<string, Config>();
  private readonly byDir = new Map<string, string | undefined>();
  /** Merged once per settings file: every file under it gets the same settings. */
  private readonly merged = new WeakMap<Config, Settings>();

  constructor(
    private readonly choice: ConfigChoice,
    private readonly flags: Record<string, unknown>,
  ) {
    if (choice.kind === 'file') {
      const path = resolve(choice.path);
      try {
        this.byPath.set(path, parseConfig(readFileSync(path, 'utf8'), choice.path));
      } catch (error) {
        throw new UsageError(`cannot read --config ${choice.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    }
  }

  /** The settings file that applies to a file (or, for standard input, to the working directory). */
  configFor(file: string | undefined): Config {
    if (this.choice.kind === 'none') return NO_CONFIG;
    if (this.choice.kind === 'file') return this.byPath.get(resolve(this.choice.path))!;
    const dir = file === undefined ? process.cwd() : dirname(resolve(file));
    if (!this.byDir.has(dir)) this.byDir.set(dir, findConfig(dir));
    const path = this.byDir.get(dir);
    if (path === undefined) return NO_CONFIG;
    let config = this.byPath.get(path);
    if (!config) {
      try {
        config = parseConfig(readFileSync(path, 'utf8'), path);
      } catch (error) {
        config = { ...NO_CONFIG, path, problems: [`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`] };
      }
      this.byPath.set(path, config);
    }
    return config;
  }

  settingsFor(file: string | undefined): Settings {
    const config = this.configFor(file);
    let settings = this.merged.get(config);
    if (!settings) {
      settings = mergeSettings(config, this.flags).settings;
      this.merged.set(config, settings);
    }
    return settings;
  }

  ignored(file: string): Config | undefined {
    const config = this.configFor(file);
    return isIgnored(config, file) ? config : undefined;
  }

  /** Every problem of the settings files read so far, each naming its file. */
  problems(): string[] {
    return [...this.byPath.values()].flatMap((config) => [
      ...config.problems,
      ...normalizeSettings(config.raw).problems.map((p) => `${config.path}: ${p}`),
    ]);
  }
}

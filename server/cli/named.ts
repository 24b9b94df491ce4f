/**
 * `ignore:` in a settings file skips paths quietly when they come from walking a folder. A path the
 * user named (a file, or a folder all of whose files are ignored) gets a notice, so nobody wonders
 * why a file they asked about reports nothing. The file is still skipped: pre-commit and scripts
 * name files one by one, and the settings file is what says which ones are manifests.
 */
import { resolve, sep } from 'node:path';
import type { Configs } from './configs';

export interface Skipper {
  test(path: string): boolean;
  notices(): string[];
}

interface Named {
  path: string;
  abs: string;
  /** Files seen under this path, and how many of them the ignore list skipped. */
  seen: number;
  skipped: number;
  /** True when the path is itself a file (seen as such), not a folder. */
  file: boolean;
  settingsFile?: string;
}

export function skipIgnored(paths: string[], configs: Configs): Skipper {
  const named: Named[] = paths.filter((p) => p !== '-').map((p) => ({ path: p, abs: resolve(p), seen: 0, skipped: 0, file: false }));
  const owners = (abs: string) => named.filter((n) => n.abs === abs || abs.startsWith(n.abs.endsWith(sep) ? n.abs : n.abs + sep));
  return {
    test(path) {
      const abs = resolve(path);
      const config = configs.ignored(path);
      for (const n of owners(abs)) {
        n.seen++;
        n.file ||= n.abs === abs;
        if (config) {
          n.skipped++;
          n.settingsFile = config.path;
        }
      }
      return config !== undefined;
    },
    notices() {
      return named
        .filter((n) => n.skipped > 0 && n.skipped === n.seen)
        .map((n) =>
          n.file
            ? `${n.path} is not checked: the ignore list of ${n.settingsFile} excludes it`
            : `${n.path} has nothing to check: the ignore list of ${n.settingsFile} excludes its ${n.skipped} YAML file${n.skipped === 1 ? '' : 's'}`,
        );
    },
  };
}

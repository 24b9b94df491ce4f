// What both e2e launchers share: paths, building the .vsix, the test profile (user settings, a
// copy of the test workspace, a log folder) and waiting helpers. No browser, no editor here.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const resultsRoot = join(root, 'test-results', 'e2e');

export function cacheDir() {
  return process.env.KUBEGRACE_E2E_CACHE || join(homedir(), '.cache', 'kubegrace-e2e');
}

/** Runs a command in the repository, output shown; throws when it fails. */
export function sh(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
}

/** scripts/e2e-setup.sh: apt packages and code-server in the cache; a few ms when already done. */
export function setup() {
  sh('bash', [join(root, 'scripts', 'e2e-setup.sh')]);
}

/** `npm run package`: the .vsix the user installs, which the tests install too. */
export function packageExtension() {
  sh('npm', ['run', '--silent', 'package'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const vsix = join(root, `kubegrace-${version}.vsix`);
  if (!existsSync(vsix)) throw new Error(`npm run package did not write ${vsix}`);
  return vsix;
}

/** A promise that rejects after `ms` with a message naming what did not happen; `clear()` stops it. */
export function deadline(ms, what) {
  let timer;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(ms / 1000)} s waiting for ${what}`)), ms);
  });
  promise.catch(() => {});
  return Object.assign(promise, { clear: () => clearTimeout(timer) });
}

/** Resolves when `path` exists (watching its folder: the harness renames the finished file in). */
export function fileAppears(path) {
  let watcher;
  const promise = new Promise((resolve) => {
    watcher = watch(dirname(path), () => {
      if (existsSync(path)) resolve(path);
    });
    if (existsSync(path)) resolve(path);
  });
  return Object.assign(promise.finally(() => watcher.close()), { close: () => watcher.close() });
}

/** User settings written before start, so that no dialog, tour or update check gets in the way. */
export function userSettings(trusted, extra = {}) {
  return {
    // Workspace trust on means: the folder is opened in restricted mode (no trusted folders yet).
    'security.workspace.trust.enabled': !trusted,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.untrustedFiles': 'open',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'git.enabled': false,
    ...extra,
  };
}

/**
 * A fresh test profile in a temporary folder: user data with `userSettings`, an empty extensions
 * folder and a copy of `workspace` (the tests edit files and write .vscode/settings.json). `logs` is
 * test-results/e2e/<name>/, emptied. Short paths: code-server puts a Unix socket in the user data
 * folder (108-byte limit).
 */
export function prepareProfile({ name, workspace, trusted = true, settings = {} }) {
  const temp = mkdtempSync(join(tmpdir(), 'kg-e2e-'));
  const profile = { temp, userData: join(temp, 'user'), extensionsDir: join(temp, 'extensions'), folder: join(temp, 'workspace'), logs: join(resultsRoot, name) };
  rmSync(profile.logs, { recursive: true, force: true });
  mkdirSync(join(profile.userData, 'User'), { recursive: true });
  mkdirSync(profile.logs, { recursive: true });
  cpSync(workspace, profile.folder, { recursive: true });
  writeFileSync(join(profile.userData, 'User', 'settings.json'), JSON.stringify(userSettings(trusted, settings), null, 2));
  return profile;
}

/** Keeps VS Code's own logs of a profile (extension host, KubeGrace output) and removes the profile. */
export function disposeProfile(profile) {
  if (existsSync(join(profile.userData, 'logs'))) cpSync(join(profile.userData, 'logs'), join(profile.logs, 'vscode-logs'), { recursive: true });
  rmSync(profile.temp, { recursive: true, force: true });
}

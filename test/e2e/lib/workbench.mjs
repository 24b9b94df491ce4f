// A real VS Code workbench here: code-server (from the cache that scripts/e2e-setup.sh fills) with
// the packaged extension installed, opened in Debian's headless Chromium through playwright-core.
// Used by run-code-server.mjs (the extension-host suite) and screenshots.mjs (what a person sees).
// Everything a session writes lives in a fresh temporary folder, removed when it stops; its logs are
// kept in test-results/e2e/<session>/ first, to read after a failure.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { cacheDir, deadline, disposeProfile, prepareProfile } from './common.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM = process.env.KUBEGRACE_E2E_CHROMIUM || '/usr/bin/chromium';

function codeServerEntry() {
  return join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/**
 * Starts code-server with the given .vsix files installed (`--install-extension`, into the fresh
 * profile's extensions folder) and a copy of `workspace`, and opens the workbench in headless
 * Chromium. Returns the session: `page`, `folder`, `logs`, `exited` (code-server's exit) and
 * `stop()`. `env` goes to code-server and so to its extension host (the harness reads it there).
 */
export async function startWorkbench({ name, extensions, workspace, trusted = true, settings = {}, env = {}, viewport = { width: 1400, height: 900 } }) {
  const entry = codeServerEntry();
  if (!existsSync(entry)) throw new Error(`code-server is not installed in ${cacheDir()}: run bash scripts/e2e-setup.sh`);
  const profile = prepareProfile({ name, workspace, trusted, settings });
  const { temp, userData, extensionsDir, folder, logs } = profile;
  const config = join(temp, 'config.yaml');
  writeFileSync(config, 'auth: none\n');
  const base = [entry, '--config', config, '--user-data-dir', userData, '--extensions-dir', extensionsDir];

  const install = spawnSync(process.execPath, [...base, ...extensions.flatMap((vsix) => ['--install-extension', vsix])], { encoding: 'utf8' });
  writeFileSync(join(logs, 'install.log'), `${install.stdout}${install.stderr}`);
  if (install.status !== 0) throw new Error(`installing ${extensions.join(', ')} failed:\n${install.stdout}${install.stderr}`);

  const serverLog = [];
  // Its own process group: stop() ends code-server and everything it started (extension host,
  // language server, file watcher) and nothing else.
  const server = spawn(
    process.execPath,
    [...base, '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', '--ignore-last-opened'],
    { env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve(code ?? signal)));
  let browser;
  const stop = async () => {
    await browser?.close().catch(() => {});
    if (server.exitCode === null && server.signalCode === null) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {}
      const late = setTimeout(() => {
        try {
          process.kill(-server.pid, 'SIGKILL');
        } catch {}
      }, 5000);
      await exited;
      clearTimeout(late);
    }
    // Whatever of the group outlived code-server itself (nothing, normally).
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {}
    writeFileSync(join(logs, 'code-server.log'), serverLog.join(''));
    disposeProfile(profile);
  };

  try {
    const listening = new Promise((resolve) => {
      const onData = (chunk) => {
        serverLog.push(chunk.toString());
        const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(serverLog.join(''));
        if (match) resolve(match[1]);
      };
      server.stdout.on('data', onData);
      server.stderr.on('data', onData);
    });
    const started = deadline(60_000, 'code-server to listen');
    const url = await Promise.race([listening, started, exited.then((code) => Promise.reject(new Error(`code-server exited (${code}) before listening`)))]);
    started.clear();

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
    const pageLog = [];
    page.on('console', (message) => pageLog.push(`[${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => pageLog.push(`[pageerror] ${error.stack ?? error.message}\n`));
    const stopAll = stop;
    const session = {
      page,
      folder,
      logs,
      exited,
      async stop() {
        writeFileSync(join(logs, 'browser-console.log'), pageLog.join(''));
        await stopAll();
      },
    };
    // Opening the workbench page is what starts the extension host.
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    return session;
  } catch (error) {
    await stop();
    throw error;
  }
}

#!/usr/bin/env node
// `npm run test:e2e`: the extension-host suite in a real VS Code here (code-server + headless
// Chromium, see docs/development.md), then the browser-level check of screenshots.mjs.
//   1. scripts/e2e-setup.sh: apt packages and code-server in the cache (fast when done);
//   2. `npm run package` (the .vsix) and scripts/e2e-build.mjs (the bundled suite, the harness .vsix);
//   3. per session: a fresh code-server with both .vsix installed and a copy of test/e2e/workspace,
//      the workbench opened in Chromium; the harness runs the suite in the extension host and writes
//      a report, which this script waits for (a file appearing; at most 5 minutes);
//      - "trusted":   every test but the untrusted-workspace one (workspace trust off);
//      - "untrusted": that one, with workspace trust on and the folder not trusted (restricted mode);
//   4. screenshots.mjs in a third session (the squiggle, hover, quick fix and timeline webview as a
//      person sees them), screenshots to test-results/e2e/screenshots/.
// Prints one line per test and `N passed, N failed`; exits 1 on any failure. Logs of each session
// (code-server, browser console, VS Code's own logs) are kept in test-results/e2e/<session>/.
//
// Options: --session trusted|untrusted|browser (repeatable; default all), --grep TEXT (only the
// trusted session, only the tests whose title contains TEXT), --vsix PATH (test that package instead of
// running `npm run package`), --skip-setup.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { SourceMap } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildE2E, harnessVsix, suiteBundle } from '../../scripts/e2e-build.mjs';
import { browserCheck } from './screenshots.mjs';
import { deadline, fileAppears, packageExtension, resultsRoot, root, setup } from './lib/common.mjs';
import { startWorkbench } from './lib/workbench.mjs';

const SUITE_TIMEOUT_MS = 5 * 60_000;
const UNTRUSTED = 'untrusted workspace';

const SESSIONS = {
  trusted: { trusted: true, env: { KUBEGRACE_E2E_GREP: UNTRUSTED, KUBEGRACE_E2E_GREP_INVERT: '1' } },
  untrusted: { trusted: false, env: { KUBEGRACE_E2E_GREP: UNTRUSTED, KUBEGRACE_E2E_EXPECT_UNTRUSTED: '1' } },
};

const { values } = parseArgs({ options: { session: { type: 'string', multiple: true }, grep: { type: 'string' }, vsix: { type: 'string' }, 'skip-setup': { type: 'boolean' } } });
// --grep narrows the trusted session to the matching tests (Mocha's grep on the full title).
if (values.grep) SESSIONS.trusted.env = { KUBEGRACE_E2E_GREP: values.grep };
const chosen = values.session ?? (values.grep ? ['trusted'] : ['trusted', 'untrusted', 'browser']);
for (const name of chosen) {
  if (!(name in SESSIONS) && name !== 'browser') throw new Error(`unknown session ${name}: trusted, untrusted or browser`);
}

/**
 * Stack frames of the bundled suite, pointed back at its TypeScript sources through the bundle's
 * inline source map (the extension host formats stacks itself and ignores source maps).
 */
function sourceMapped(text) {
  const inline = /\/\/# sourceMappingURL=data:application\/json;base64,(\S+)\s*$/.exec(readFileSync(suiteBundle, 'utf8'));
  if (!inline) return text;
  const map = new SourceMap(JSON.parse(Buffer.from(inline[1], 'base64').toString('utf8')));
  return text.replace(/[^\s(]*suite\.js:(\d+):(\d+)/g, (frame, line, column) => {
    const entry = map.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry?.originalSource) return frame;
    const source = relative(root, resolve(dirname(suiteBundle), entry.originalSource));
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

function indent(text, spaces) {
  return text.replace(/^/gm, ' '.repeat(spaces));
}

/** Mocha-like lines for one report; returns its counts. */
function print(report) {
  for (const test of report.tests) {
    const mark = { passed: '✔', failed: '✖', pending: '-' }[test.state];
    console.log(`  ${mark} ${test.title}${test.state === 'pending' ? ' (pending)' : ` (${test.durationMs} ms)`}`);
    if (test.error) console.log(indent(sourceMapped(test.error), 6));
  }
  if (report.error) console.log(`  ✖ the suite did not run\n${indent(sourceMapped(report.error), 6)}`);
  return { passed: report.passed, failed: report.failed + (report.error ? 1 : 0), pending: report.pending };
}

async function suiteSession(name, vsix) {
  const { trusted, env } = SESSIONS[name];
  const resultDir = mkdtempSync(join(tmpdir(), 'kg-e2e-result-'));
  const resultFile = join(resultDir, 'result.json');
  const appeared = fileAppears(resultFile);
  const started = Date.now();
  let session;
  try {
    session = await startWorkbench({
      name,
      trusted,
      extensions: [vsix, harnessVsix],
      workspace: join(root, 'test', 'e2e', 'workspace'),
      // KUBEGRACE_E2E_TRACE=1: the LSP traffic in test-results/e2e/<session>/vscode-logs/…/KubeGrace.log.
      settings: process.env.KUBEGRACE_E2E_TRACE ? { 'kubegrace.trace.server': 'verbose' } : {},
      env: { KUBEGRACE_E2E_SUITE: suiteBundle, KUBEGRACE_E2E_RESULT: resultFile, ...env },
    });
  } catch (error) {
    console.log(`\n${name}:\n  ✖ the workbench did not start: ${error.message}`);
    appeared.close();
    rmSync(resultDir, { recursive: true, force: true });
    return { passed: 0, failed: 1, pending: 0 };
  }
  const timeout = deadline(SUITE_TIMEOUT_MS, `the suite's report (${resultFile})`);
  try {
    const crashed = new Promise((_, reject) => session.page.once('crash', () => reject(new Error('the workbench page crashed'))));
    const died = session.exited.then((code) => Promise.reject(new Error(`code-server exited (${code}) before the suite finished`)));
    await Promise.race([appeared, timeout, crashed, died]);
    copyFileSync(resultFile, join(session.logs, 'result.json'));
    const report = JSON.parse(readFileSync(resultFile, 'utf8'));
    const { appName, vscodeVersion, uiKind, workspaceTrusted } = report.environment;
    console.log(`\n${name}: ${appName} ${vscodeVersion} (${uiKind}), workspace ${workspaceTrusted ? 'trusted' : 'NOT trusted'}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return print(report);
  } catch (error) {
    console.log(`\n${name}:\n  ✖ ${error.message}\n      logs: ${session.logs}`);
    return { passed: 0, failed: 1, pending: 0 };
  } finally {
    timeout.clear();
    appeared.close();
    await session.stop();
    rmSync(resultDir, { recursive: true, force: true });
  }
}

const begin = Date.now();
if (!values['skip-setup']) setup();
const vsix = values.vsix ? resolve(values.vsix) : packageExtension();
await buildE2E();
console.log(`e2e: ${relative(process.cwd(), vsix)}, suite and harness built in ${((Date.now() - begin) / 1000).toFixed(1)} s`);

const totals = { passed: 0, failed: 0, pending: 0 };
const add = (counts) => {
  for (const key of Object.keys(totals)) totals[key] += counts[key];
};
for (const name of chosen.filter((n) => n in SESSIONS)) add(await suiteSession(name, vsix));
if (chosen.includes('browser')) {
  console.log('\nbrowser: what a person sees (Playwright driving the workbench)');
  try {
    add(await browserCheck({ vsix, out: join(resultsRoot, 'screenshots'), log: (line) => console.log(line) }));
  } catch (error) {
    console.log(`  ✖ the workbench did not start: ${error.message}`);
    add({ passed: 0, failed: 1, pending: 0 });
  }
}

console.log(`\ne2e: ${((Date.now() - begin) / 1000).toFixed(1)} s${totals.pending ? `, ${totals.pending} pending` : ''}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);

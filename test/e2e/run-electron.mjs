#!/usr/bin/env node
// Desktop launcher: the same extension-host suite in desktop VS Code (Electron) through
// @vscode/test-electron. It downloads VS Code (into .vscode-test/), so it runs on a desktop or a CI
// with internet access, not on the machines of `npm run test:e2e` (see run-code-server.mjs).
//   1. `npm run package` and scripts/e2e-build.mjs (the bundled suite test/e2e/out/suite.js);
//   2. a fresh profile: user data, an extensions folder, a copy of test/e2e/workspace;
//   3. the .vsix installed with VS Code's CLI (`--install-extension`) into that extensions folder:
//      the suite tests the package, not the sources;
//   4. runTests: `--extensionTestsPath` = the suite (its `run()`), `--extensionDevelopmentPath` = the
//      harness extension, which does nothing here (test-electron needs a development extension;
//      the harness only acts when code-server's launcher sets KUBEGRACE_E2E_RESULT).
// test-electron passes --disable-workspace-trust, so the untrusted-workspace test is skipped here.
//
// Usage: node test/e2e/run-electron.mjs [--vscode stable|insiders|1.100.3] [--code PATH] [--grep TEXT]
//   --code PATH   an installed VS Code executable instead of a download.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { buildE2E, harnessDir, suiteBundle } from '../../scripts/e2e-build.mjs';
import { disposeProfile, packageExtension, prepareProfile, root } from './lib/common.mjs';

const { values } = parseArgs({ options: { vscode: { type: 'string', default: 'stable' }, code: { type: 'string' }, grep: { type: 'string' } } });

const vsix = packageExtension();
await buildE2E();
let vscodeExecutablePath = values.code;
if (!vscodeExecutablePath) {
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode(values.vscode);
  } catch (error) {
    console.error(`e2e (electron): cannot download VS Code ${values.vscode} (${error instanceof Error ? error.message : error}).`);
    console.error('Give an installed one with --code PATH, or run the code-server launcher: npm run test:e2e');
    process.exit(1);
  }
}
const profile = prepareProfile({ name: 'electron', workspace: join(root, 'test', 'e2e', 'workspace') });
const profileArgs = [`--user-data-dir=${profile.userData}`, `--extensions-dir=${profile.extensionsDir}`];

let status = 1;
try {
  // The CLI of that VS Code (code, code.cmd, …) with this profile, not the machine's.
  const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath, { reuseMachineInstall: true });
  const install = spawnSync(cli, [...cliArgs, ...profileArgs, '--install-extension', vsix], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (install.status !== 0) throw new Error(`installing ${vsix} failed`);

  status = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: harnessDir,
    extensionTestsPath: suiteBundle,
    launchArgs: [profile.folder, ...profileArgs, '--disable-extension=vscode.git'],
    extensionTestsEnv: values.grep ? { KUBEGRACE_E2E_GREP: values.grep } : {},
  });
} catch (error) {
  console.error(`e2e (electron): ${error instanceof Error ? error.message : error}`);
  status = 1;
} finally {
  disposeProfile(profile);
}
process.exit(status);

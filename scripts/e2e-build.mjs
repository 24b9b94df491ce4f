// Builds what the e2e launchers load into a real VS Code, into test/e2e/out/ (not tracked):
//   suite.js                      the extension-host suite (test/e2e/suite), Mocha and yaml bundled in,
//                                 `vscode` left to the extension host;
//   harness/ + e2e-harness.vsix   the harness extension that runs the suite inside code-server.
// The extension under test is not built here: the launchers install the .vsix of `npm run package`.
import { build } from 'esbuild';
import { createVSIX } from '@vscode/vsce';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const e2e = join(root, 'test', 'e2e');
export const out = join(e2e, 'out');
export const suiteBundle = join(out, 'suite.js');
export const harnessVsix = join(out, 'e2e-harness.vsix');
export const harnessDir = join(out, 'harness');

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'inline', logLevel: 'warning', external: ['vscode'] };

export async function buildE2E() {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(harnessDir, { recursive: true });
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(e2e, 'suite', 'index.ts')],
      outfile: suiteBundle,
      // Mocha's parallel mode (worker files found with require.resolve) is never used here.
      logOverride: { 'require-resolve-not-external': 'silent' },
    }),
    build({
      ...common,
      entryPoints: [join(e2e, 'harness', 'extension.ts')],
      outfile: join(harnessDir, 'extension.js'),
      // The harness requires the suite by a path known only at run time, on purpose.
      logOverride: { 'unsupported-require-call': 'silent' },
    }),
  ]);
  copyFileSync(join(e2e, 'harness', 'package.json'), join(harnessDir, 'package.json'));
  await quietly(() => createVSIX({ cwd: harnessDir, packagePath: harnessVsix, dependencies: false, allowMissingRepository: true, skipLicense: true }));
}

/** vsce lists every packaged file on the console; one line is enough here (errors still throw). */
async function quietly(task) {
  const { log, info, warn } = console;
  console.log = console.info = console.warn = () => {};
  try {
    await task();
  } finally {
    Object.assign(console, { log, info, warn });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildE2E();

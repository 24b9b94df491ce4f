/**
 * The e2e harness extension: code-server's server ignores `--extensionTestsPath`, so this
 * extension does what VS Code's test runner does. Activated once startup has finished, it loads the
 * bundled suite named by KUBEGRACE_E2E_SUITE, runs it in this extension host against the real
 * `vscode` API, and writes the report (test/e2e/suite/report.ts) to KUBEGRACE_E2E_RESULT, renamed
 * into place so the waiting script never reads half a file. Without those variables it does nothing
 * (@vscode/test-electron loads it as its development extension and runs the suite itself).
 */
import { renameSync, writeFileSync } from 'node:fs';
import type { RunOptions } from '../suite/index';
import type { SuiteReport } from '../suite/report';

interface SuiteModule {
  runSuite(options: RunOptions): Promise<SuiteReport>;
}

export function activate(): void {
  const suite = process.env.KUBEGRACE_E2E_SUITE;
  const result = process.env.KUBEGRACE_E2E_RESULT;
  if (!suite || !result) return;
  // Not awaited: activation returns at once and the suite runs beside the rest of the workbench.
  void runOnce(suite, result);
}

async function runOnce(suite: string, result: string): Promise<void> {
  let report: SuiteReport;
  try {
    // A runtime path, not bundled: the suite is built separately and loaded as it is.
    const loaded = require(suite) as SuiteModule;
    report = await loaded.runSuite({ grep: process.env.KUBEGRACE_E2E_GREP, invert: process.env.KUBEGRACE_E2E_GREP_INVERT === '1' });
  } catch (error) {
    report = {
      tests: [],
      passed: 0,
      failed: 0,
      pending: 0,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      environment: { appName: '', vscodeVersion: '', uiKind: '', workspaceTrusted: false },
      durationMs: 0,
    };
  }
  writeFileSync(`${result}.partial`, JSON.stringify(report, null, 2));
  renameSync(`${result}.partial`, result);
}

export function deactivate(): void {}

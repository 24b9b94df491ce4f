/**
 * The extension-host suite's entry point, bundled to test/e2e/out/suite.js (scripts/e2e-build.mjs).
 * Two launchers load it inside a real VS Code extension host:
 * - `run()`: the `--extensionTestsPath` contract of @vscode/test-electron (desktop VS Code);
 * - `runSuite()`: called by the code-server harness (test/e2e/harness), which writes the report to
 *   a file for test/e2e/run-code-server.mjs.
 * The test files are imported after Mocha's `pre-require`, so their `describe`/`it` (imported from
 * 'mocha') register on this run's root suite.
 */
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { KUBEGRACE_ID, recordDiagnosticReports } from './helpers';
import type { SuiteReport, TestResult } from './report';

export interface RunOptions {
  /** Run only the tests whose full title matches (Mocha's `grep`). */
  grep?: string;
  /** Run the tests that do NOT match `grep`. */
  invert?: boolean;
}

function fullTitle(test: Mocha.Runnable): string {
  return test.titlePath().join(' › ');
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

export async function runSuite(options: RunOptions = {}): Promise<SuiteReport> {
  const started = Date.now();
  const environment: SuiteReport['environment'] = {
    appName: vscode.env.appName,
    vscodeVersion: vscode.version,
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    workspaceTrusted: vscode.workspace.isTrusted,
    extensionPath: vscode.extensions.getExtension(KUBEGRACE_ID)?.extensionPath,
  };
  const tests: TestResult[] = [];
  const report = (error?: string): SuiteReport => ({
    tests,
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: tests.filter((t) => t.state === 'failed').length,
    pending: tests.filter((t) => t.state === 'pending').length,
    ...(error ? { error } : {}),
    environment,
    durationMs: Date.now() - started,
  });
  // Generous per-test timeout: every wait inside has its own, shorter, descriptive timeout.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 120_000 });
  if (options.grep) mocha.grep(options.grep);
  if (options.invert) mocha.invert();
  const recorder = recordDiagnosticReports();
  try {
    mocha.suite.emit('pre-require', globalThis, 'kubegrace-e2e', mocha);
    await import('./manifest.test');
    await import('./diagnostics.test');
    await import('./hover.test');
    await import('./mesh.test');
    await import('./codeActions.test');
    await import('./kubernetesVersion.test');
    await import('./timeline.test');
    await import('./rendered.test');
    await import('./untrusted.test');
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (test) => tests.push({ title: fullTitle(test), state: 'passed', durationMs: test.duration ?? 0 }));
      runner.on('pending', (test) => tests.push({ title: fullTitle(test), state: 'pending', durationMs: 0 }));
      // Hooks fail through the same event; they count as failed entries with the hook's title.
      runner.on('fail', (test, error) => tests.push({ title: fullTitle(test), state: 'failed', durationMs: test.duration ?? 0, error: errorText(error) }));
    });
    return report();
  } catch (error) {
    return report(errorText(error));
  } finally {
    recorder.dispose();
  }
}

/** @vscode/test-electron's entry point: resolves when every test passed. */
export async function run(): Promise<void> {
  const result = await runSuite({ grep: process.env.KUBEGRACE_E2E_GREP, invert: process.env.KUBEGRACE_E2E_GREP_INVERT === '1' });
  if (result.error) throw new Error(result.error);
  if (result.failed > 0) throw new Error(`${result.failed} of ${result.tests.length} tests failed`);
}

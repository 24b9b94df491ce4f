/**
 * What one run of the extension-host suite produced: written as JSON by the code-server harness and
 * read by test/e2e/run-code-server.mjs. Plain data, no `vscode` or Mocha types.
 */
export type TestState = 'passed' | 'failed' | 'pending';

export interface TestResult {
  /** Suite titles and the test title, joined with " › ". */
  title: string;
  state: TestState;
  durationMs: number;
  /** The failure's message and stack (Mocha's assertion diff included). */
  error?: string;
}

export interface SuiteReport {
  tests: TestResult[];
  passed: number;
  failed: number;
  pending: number;
  /** A failure outside any test: the suite did not load, a hook threw, the run itself threw. */
  error?: string;
  /** Where it ran, to read the results in context. */
  environment: {
    appName: string;
    vscodeVersion: string;
    uiKind: string;
    workspaceTrusted: boolean;
    extensionPath?: string;
  };
  durationMs: number;
}

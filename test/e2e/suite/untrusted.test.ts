/**
 * Restricted mode: with workspace trust on and the folder not trusted, VS Code runs only extensions
 * that declare `untrustedWorkspaces.supported`. KubeGrace declares it (see manifest.test.ts) and must
 * still check manifests. test/e2e/run-code-server.mjs runs this part in a second code-server session
 * with trust enabled (KUBEGRACE_E2E_EXPECT_UNTRUSTED=1); where the workspace is trusted (the first
 * session, @vscode/test-electron which passes --disable-workspace-trust) it is skipped.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { diagnosticsEqual, KUBEGRACE_ID, open, poll } from './helpers';

describe('untrusted workspace', () => {
  it('diagnostics appear while the folder is not trusted', async function () {
    if (process.env.KUBEGRACE_E2E_EXPECT_UNTRUSTED !== '1') {
      if (vscode.workspace.isTrusted) this.skip();
    } else {
      assert.equal(vscode.workspace.isTrusted, false, 'the workspace is in restricted mode');
    }
    const { document } = await open('bad.yaml');
    // In restricted mode VS Code leaves out the extensions that do not declare support for it.
    const extension = vscode.extensions.getExtension(KUBEGRACE_ID);
    assert.ok(extension, 'KubeGrace is enabled in restricted mode');
    await poll('KubeGrace to activate', async () => extension.isActive, (active) => active);
    await diagnosticsEqual(document, ['legacy-sidecar@cloud-sql-proxy', 'prestop-missing@web']);
  });
});

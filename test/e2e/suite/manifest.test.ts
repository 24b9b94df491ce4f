/**
 * The extension under test is the packaged .vsix, installed into the editor's extensions folder:
 * its manifest declares what the README promises (untrusted and virtual workspaces) and it holds the
 * bundles, not the sources.
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { KUBEGRACE_ID, open, poll } from './helpers';

describe('installed package', () => {
  it('is the packaged extension: bundles, no sources', () => {
    const extension = vscode.extensions.getExtension(KUBEGRACE_ID);
    assert.ok(extension, `${KUBEGRACE_ID} is installed`);
    assert.ok(existsSync(join(extension.extensionPath, 'dist', 'client.js')), 'dist/client.js is in the package');
    assert.ok(existsSync(join(extension.extensionPath, 'dist', 'server.js')), 'dist/server.js is in the package');
    assert.ok(existsSync(join(extension.extensionPath, 'docs', 'rules', 'prestop-missing.md')), 'the rule pages are in the package');
    assert.ok(!existsSync(join(extension.extensionPath, 'client', 'src')), 'no client sources: installed from the .vsix, not run from the repository');
    assert.ok(!existsSync(join(extension.extensionPath, 'node_modules')), 'no node_modules: the bundles carry their dependencies');
  });

  it('declares (limited) untrusted and virtual workspace support, and activates on YAML and Helm templates', () => {
    const pkg = vscode.extensions.getExtension(KUBEGRACE_ID)!.packageJSON as { capabilities: { virtualWorkspaces: { supported: unknown }; untrustedWorkspaces: { supported: unknown; restrictedConfigurations: string[] } }; activationEvents: string[] };
    assert.deepEqual(pkg.capabilities.virtualWorkspaces.supported, 'limited');
    // Limited: in Restricted Mode charts and overlays are not rendered (that runs helm and kubectl).
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['kubegrace.helmPath', 'kubegrace.kubectlPath', 'kubegrace.kustomizePath']);
    // Chart templates have the helm language id when the Kubernetes extension or helm-ls is installed.
    assert.deepEqual(pkg.activationEvents, ['onLanguage:yaml', 'onLanguage:helm']);
  });

  it('activates when a YAML file opens, and registers its commands', async () => {
    await open('good.yaml');
    const extension = vscode.extensions.getExtension(KUBEGRACE_ID)!;
    await poll('the extension to activate', async () => extension.isActive, (active) => active);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['kubegrace.showTimeline', 'kubegrace.restartServer', 'kubegrace.showOutput']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
  });
});

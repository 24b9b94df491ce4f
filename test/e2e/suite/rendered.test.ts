/**
 * Helm charts and Kustomize overlays in a real VS Code: podinfo's templates/deployment.yaml shows
 * its finding on the template line, with a hover; Bitnami tomcat's named-template file
 * (templates/_pod.tpl, the container inside `define`) shows the container's finding there, and its
 * ignore fix lands in templates/deployment.yaml (the file whose comments survive rendering); an
 * overlay's patch shows its finding on the patch line, and the fix lands in the JSON 6902 patch
 * that sets the grace period (another file).
 * Rendering needs helm and kubectl: the packaged ones of scripts/tools-setup.mjs, named through
 * the kubegrace.helmPath / kubectlPath workspace settings.
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { diagnosticsWhere, open, ours, poll, quickFixes, ruleOf, workspaceUri } from './helpers';

const BIN = join(process.env.KUBEGRACE_TOOLS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kubegrace-tools'), 'bin');

describe('charts and overlays, rendered', () => {
  before(async () => {
    assert.ok(existsSync(join(BIN, 'helm')), `helm in ${BIN}: run node scripts/tools-setup.mjs`);
    const config = vscode.workspace.getConfiguration('kubegrace');
    await config.update('helmPath', join(BIN, 'helm'), vscode.ConfigurationTarget.Workspace);
    await config.update('kubectlPath', join(BIN, 'kubectl'), vscode.ConfigurationTarget.Workspace);
  });

  it("podinfo's templates/deployment.yaml: the finding on the container's template line, with a hover", async () => {
    const editor = await open('podinfo/podinfo/templates/deployment.yaml');
    const document = editor.document;
    await diagnosticsWhere(document, 'prestop-missing from the rendered chart', (s) => s.some((x) => x.startsWith('prestop-missing@')));
    const d = ours(document.uri).find((x) => ruleOf(x) === 'prestop-missing')!;
    // Line 38 of the template: `- name: {{ .Chart.Name }}`
    assert.equal(d.range.start.line + 1, 38);
    assert.equal(document.lineAt(d.range.start.line).text.trim(), '- name: {{ .Chart.Name }}');
    assert.match(d.message, /\(chart podinfo\)$/);
    const hovers = await poll(
      'the hover on the template line',
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, d.range.start),
      (h) => h.some((x) => x.contents.some((c) => String((c as vscode.MarkdownString).value ?? c).includes('From chart podinfo'))),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => String((c as vscode.MarkdownString).value ?? c))).join('\n');
    assert.match(text, /SIGKILL/);
    assert.match(text, /No quick fix here: the field is built by template logic/);
  });

  it("tomcat's templates/_pod.tpl: the container's finding in the named template; its fix lands in deployment.yaml", async () => {
    const editor = await open('tomcat/templates/_pod.tpl');
    const document = editor.document;
    const before = document.getText();
    await diagnosticsWhere(document, 'prestop-missing from the rendered chart', (s) => s.some((x) => x.startsWith('prestop-missing@')));
    const d = ours(document.uri).find((x) => ruleOf(x) === 'prestop-missing')!;
    // Line 65 of _pod.tpl, inside `define "tomcat.pod"`: `  - name: tomcat`
    assert.equal(d.range.start.line + 1, 65);
    assert.equal(document.lineAt(d.range.start.line).text.trim(), '- name: tomcat');
    assert.match(d.message, /\(chart tomcat\)$/);
    const fixes = await quickFixes(document, d);
    const ignore = fixes.find((f) => /^Ignore prestop-missing/.test(f.title));
    assert.ok(ignore?.edit, `an ignore fix among ${JSON.stringify(fixes.map((f) => f.title))}`);
    const deploymentUri = workspaceUri('tomcat/templates/deployment.yaml');
    assert.deepEqual(
      ignore.edit.entries().map(([uri]) => uri.toString()),
      [deploymentUri.toString()],
    );
    assert.equal(await vscode.workspace.applyEdit(ignore.edit), true);
    const deployment = await vscode.workspace.openTextDocument(deploymentUri);
    assert.match(deployment.getText(), /# kubegrace-ignore prestop-missing\n/);
    assert.equal(document.getText(), before, 'the named template itself is unchanged');
    await deployment.save();
    await diagnosticsWhere(document, 'the finding gone after the fix', (s) => !s.some((x) => x.startsWith('prestop-missing@')));
  });

  it('an overlay patch: the finding on the patch line; the fix lands in the JSON 6902 patch', async () => {
    const editor = await open('kustomize/overlay/prestop.yaml');
    const document = editor.document;
    await diagnosticsWhere(document, 'prestop-exceeds-grace from the built overlay', (s) => s.some((x) => x.startsWith('prestop-exceeds-grace@')));
    const d = ours(document.uri).find((x) => ruleOf(x) === 'prestop-exceeds-grace')!;
    assert.equal(d.range.start.line + 1, 13);
    assert.match(d.message, /\(overlay kustomize\/overlay\)$/);
    const fixes = await quickFixes(document, d);
    const raise = fixes.find((f) => /terminationGracePeriodSeconds/.test(f.title));
    assert.ok(raise, `a grace-period fix among ${JSON.stringify(fixes.map((f) => f.title))}`);
    assert.equal(await vscode.workspace.applyEdit(raise.edit!), true);
    const grace = await vscode.workspace.openTextDocument(workspaceUri('kustomize/overlay/grace.yaml'));
    assert.match(grace.getText(), /value: 3\d\n/);
    assert.equal(document.getText().includes('seconds: 19'), true, 'the patch itself is unchanged');
    await grace.save();
    await diagnosticsWhere(document, 'the finding gone after the fix', (s) => !s.some((x) => x.startsWith('prestop-exceeds-grace@')));
  });
});

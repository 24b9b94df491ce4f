/** The code lens above each workload, and the timeline webview it opens. */
import * as assert from 'node:assert/strict';
import { afterEach, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { open, poll, until } from './helpers';

function timelineTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('kubegrace.timeline'));
}

function timelineTab(title: string): Promise<vscode.Tab> {
  return until(
    `a webview tab titled "${title}"`,
    vscode.window.tabGroups.onDidChangeTabs,
    () => timelineTabs().find((tab) => tab.label === title),
    () => JSON.stringify(vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label))),
  );
}

describe('code lens and timeline view', () => {
  afterEach(async () => {
    await vscode.window.tabGroups.close(timelineTabs());
  });

  it('a code lens above each workload, with its timeline in one line', async () => {
    const { document } = await open('bad.yaml');
    const lenses = await poll(
      'the code lenses of bad.yaml',
      () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri),
      (answer) => answer.filter((l) => l.command?.command === 'kubegrace.showTimeline').length === 2,
    );
    const ours = lenses.filter((l) => l.command?.command === 'kubegrace.showTimeline');
    assert.deepEqual(
      ours.map((l) => document.lineAt(l.range.start.line).text),
      ['kind: Deployment', 'kind: Deployment'],
      'each lens sits on a workload kind',
    );
    assert.match(ours[0]!.command!.title, /^SIGTERM at 0 s · SIGKILL at 30 s · .* · 2 containers · 2 findings$/);
    assert.match(ours[1]!.command!.title, /^SIGTERM at 5 s · SIGKILL at 30 s · drain 25 s$/);
  });

  it('the lens command opens the "Termination timeline" webview of its workload', async () => {
    const { document } = await open('bad.yaml');
    const [lens] = await poll(
      'the code lenses of bad.yaml',
      () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri),
      (answer) => answer.some((l) => l.command?.command === 'kubegrace.showTimeline'),
    );
    await vscode.commands.executeCommand(lens!.command!.command, ...(lens!.command!.arguments ?? []));
    const tab = await timelineTab('Termination timeline — Deployment/shop');
    assert.equal(timelineTabs().length, 1, 'one timeline view');
    assert.notEqual(tab.group.viewColumn, vscode.window.activeTextEditor?.viewColumn, 'beside the editor');
  });

  it('from the palette (no arguments) it shows the workload at the cursor', async () => {
    const editor = await open('bad.yaml');
    const line = editor.document.getText().split('\n').findIndex((text) => text.includes('- name: api'));
    editor.selection = new vscode.Selection(line, 10, line, 10);
    await vscode.commands.executeCommand('kubegrace.showTimeline');
    await timelineTab('Termination timeline — Deployment/api');
  });

  it("the budget chain's line links: kubegrace.openLocation opens the file at the line, beside the timeline of a served workload", async () => {
    // Deployment/shop: web has no preStop, so the chain's traffic link breaks (the view's ✗). The
    // page's links run this command (a command URI); the browser check (screenshots.mjs) clicks one.
    const editor = await open('bad.yaml');
    const shop = editor.document.getText().split('\n').findIndex((text) => text.includes('- name: web'));
    editor.selection = new vscode.Selection(shop, 10, shop, 10);
    await vscode.commands.executeCommand('kubegrace.showTimeline');
    await timelineTab('Termination timeline — Deployment/shop');
    const service = editor.document.getText().split('\n').findIndex((text, i, lines) => text === '  name: shop' && lines[i - 2] === 'kind: Service');
    await vscode.commands.executeCommand('kubegrace.openLocation', editor.document.uri.toString(), service);
    const active = vscode.window.activeTextEditor;
    assert.equal(active?.document.uri.toString(), editor.document.uri.toString());
    assert.equal(active?.selection.active.line, service, 'the cursor is on the Service line');
    assert.notEqual(active?.viewColumn, timelineTabs()[0]?.group.viewColumn, 'in the editor, not over the view');
    // Arguments come from a page: anything but a URI and a line is ignored.
    await vscode.commands.executeCommand('kubegrace.openLocation', { uri: 'x' }, -1);
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, service);
  });
});

/** Hover on a container's name: the workload's termination timeline, rendered as Markdown. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { open, poll, rangeOf } from './helpers';

function markdown(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

describe('hover', () => {
  it('on a container name: the termination timeline of its workload', async () => {
    const { document } = await open('bad.yaml');
    const at = rangeOf(document, '- name: web', 'web').start.translate(0, 1);
    const hovers = await poll(
      'a KubeGrace hover on "web"',
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at),
      (answer) => markdown(answer).includes('termination timeline'),
    );
    const text = markdown(hovers);
    assert.match(text, /\*\*Deployment\/shop\*\* — termination timeline/);
    assert.match(text, /`web: SIGTERM 0 s → SIGKILL 30 s`/, 'the one-line timeline first');
    assert.match(text, /\| time \| event \|/, 'the events table');
    assert.match(text, /```text\n[\s\S]*SIGKILL/, 'the chart');
    assert.match(text, /\*\*prestop-missing\*\* \(warning\)/, 'the finding on web');
    assert.doesNotMatch(text, /\*\*legacy-sidecar\*\*/, 'not the finding of the other container');
  });

  it('on the sidecar: its own summary and finding', async () => {
    const { document } = await open('bad.yaml');
    const at = rangeOf(document, '- name: cloud-sql-proxy', 'cloud-sql-proxy').start;
    const hovers = await poll(
      'a KubeGrace hover on "cloud-sql-proxy"',
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at),
      (answer) => markdown(answer).includes('termination timeline'),
    );
    const text = markdown(hovers);
    assert.match(text, /`cloud-sql-proxy: SIGTERM 0 s → SIGKILL 30 s`/);
    assert.match(text, /\*\*legacy-sidecar\*\* \(warning\)/);
  });
});

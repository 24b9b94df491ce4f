/**
 * Issue 16 in a real VS Code: the hover on an Istio-injected Deployment shows the proxy lane the
 * manifest does not show, and the quick fix sets the drain annotation (through workspace.applyEdit),
 * after which the finding is gone.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { applyEachFix } from './fixes';
import { diagnosticsWhere, open, poll, rangeOf } from './helpers';

function markdown(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

describe('mesh proxy', () => {
  it('the hover shows the injected istio-proxy lane and the broken link of the budget chain', async () => {
    const { document } = await open('mesh.yaml');
    const at = rangeOf(document, 'kind: Deployment', 'Deployment').start.translate(0, 1);
    const hovers = await poll(
      'a KubeGrace hover on the Deployment',
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at),
      (answer) => markdown(answer).includes('termination timeline'),
    );
    const text = markdown(hovers);
    assert.match(text, /`istio-proxy: SIGTERM 0 s → SIGKILL 30 s`/, 'the proxy lane in the summary');
    assert.match(text, /istio-proxy is added by Istio/);
    // The broken link in bold, its proxy term with the mesh default and the version assumed.
    assert.match(text, /\*\*✗\*\* checkout done ≈20 s ≤ istio-proxy gone ≈5 s \(Istio default terminationDrainDuration 5 s; injection \[mesh\.yaml:\d+\]\(file:[^)]+mesh\.yaml#L\d+\)/);
    assert.match(text, /\*\*proxy-exits-early\*\* \(warning\)/);
  });

  it('the quick fix sets proxy.istio.io/config terminationDrainDuration', async () => {
    const { document } = await open('mesh.yaml');
    await diagnosticsWhere(document, 'the proxy-exits-early diagnostic', (s) => s.some((e) => e.startsWith('proxy-exits-early@')));
    const applied = await applyEachFix(document, {
      'proxy-exits-early@"true"': ['Keep istio-proxy draining 20 s (proxy.istio.io/config terminationDrainDuration)', 'Ignore proxy-exits-early for Deployment/checkout (kubegrace/ignore annotation)'],
    });
    assert.match(applied[0]!.after, /\n {8}proxy\.istio\.io\/config: "terminationDrainDuration: 20s"\n/);
  });
});

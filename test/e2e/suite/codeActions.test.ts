/** Quick fixes and fix-all in the editor, on the bad manifest, at the default Kubernetes version. */
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { applyEachFix } from './fixes';
import { assertValidYaml, diagnosticsEqual, open as openFile, ours, poll, quickFixes, ruleOf, setText } from './helpers';

const BAD = ['legacy-sidecar@cloud-sql-proxy', 'prestop-missing@web'];

describe('quick fixes (Kubernetes 1.33, the default)', () => {
  it('offers its fixes for each diagnostic; the safe one first and preferred', async () => {
    const { document } = await open();
    const byRule = new Map(ours(document.uri).map((d) => [ruleOf(d), d]));
    const prestop = await quickFixes(document, byRule.get('prestop-missing')!);
    assert.deepEqual(
      prestop.map((a) => [a.title, a.kind?.value, a.isPreferred ?? false]),
      [
        ['Add a 5 s preStop delay for web', 'quickfix', true],
        ['Ignore prestop-missing for Deployment/shop (kubegrace/ignore annotation)', 'quickfix', false],
      ],
    );
    const sidecar = await quickFixes(document, byRule.get('legacy-sidecar')!);
    assert.deepEqual(
      sidecar.map((a) => [a.title, a.isPreferred ?? false]),
      [
        ['Make cloud-sql-proxy a native sidecar (initContainers, restartPolicy: Always)', false],
        ['Ignore legacy-sidecar for Deployment/shop (kubegrace/ignore annotation)', false],
      ],
    );
  });

  it('applying each fix removes its diagnostic and leaves valid YAML', async () => {
    const { document } = await open();
    const applied = await applyEachFix(document, {
      'prestop-missing@web': ['Add a 5 s preStop delay for web', 'Ignore prestop-missing for Deployment/shop (kubegrace/ignore annotation)'],
      'legacy-sidecar@cloud-sql-proxy': ['Make cloud-sql-proxy a native sidecar (initContainers, restartPolicy: Always)', 'Ignore legacy-sidecar for Deployment/shop (kubegrace/ignore annotation)'],
    });
    const prestop = applied.find((a) => a.title.startsWith('Add a 5 s preStop delay'))!;
    assert.match(prestop.after, /- name: web\n[\s\S]*?lifecycle:\n\s+preStop:\n\s+sleep:\n\s+seconds: 5\n/, 'the sleep action (1.30+)');
    assert.doesNotMatch(prestop.inserted, /exec/);
    const native = applied.find((a) => a.title.startsWith('Make cloud-sql-proxy'))!;
    assert.match(native.after, /initContainers:\n\s+- name: cloud-sql-proxy\n[\s\S]*restartPolicy: Always/);
    const ignore = applied.find((a) => a.title.startsWith('Ignore prestop-missing'))!;
    assert.match(ignore.after, /annotations:\n\s+kubegrace\/ignore: prestop-missing\n/);
  });

  it('"Fix all safe KubeGrace problems" fixes the safe finding only', async () => {
    const { document } = await open();
    const original = document.getText();
    try {
      const actions = await poll(
        'the fix-all action',
        () => vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.kubegrace'),
        (answer) => answer.length > 0,
      );
      const fixAll = actions.filter((a) => a.kind?.value === 'source.fixAll.kubegrace');
      assert.deepEqual(fixAll.map((a) => a.title), ['Fix all safe KubeGrace problems']);
      assert.equal(await vscode.workspace.applyEdit(fixAll[0]!.edit!), true);
      assertValidYaml(document.getText(), 'after fix-all');
      // The preStop delay is safe; moving a sidecar into initContainers is a choice left to the user.
      await diagnosticsEqual(document, ['legacy-sidecar@cloud-sql-proxy'], 'fix-all to fix prestop-missing only');
    } finally {
      await setText(document, original);
    }
    await diagnosticsEqual(document, BAD, 'the diagnostics of the restored text');
  });
});

/** bad.yaml in an editor, its diagnostics there. */
async function open(): Promise<vscode.TextEditor> {
  const editor = await openFile('bad.yaml');
  await diagnosticsEqual(editor.document, BAD);
  return editor;
}

/**
 * Diagnostics in the editor: the bad manifest's findings with their rule ids, ranges, severities and
 * rule links; none for a good manifest or for YAML that is not a Kubernetes object.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { diagnosticsEqual, diagnosticsReported, open, ours, rangeOf, ruleOf } from './helpers';

describe('diagnostics', () => {
  it('bad.yaml: prestop-missing on web and legacy-sidecar on cloud-sql-proxy, as warnings', async () => {
    const { document } = await open('bad.yaml');
    await diagnosticsEqual(document, ['legacy-sidecar@cloud-sql-proxy', 'prestop-missing@web']);
    const byRule = new Map(ours(document.uri).map((d) => [ruleOf(d), d]));

    const missing = byRule.get('prestop-missing')!;
    assert.deepEqual(missing.range, rangeOf(document, '- name: web', 'web'));
    assert.equal(missing.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(missing.source, 'kubegrace');
    assert.match(missing.message, /^web gets SIGTERM at 0 s, but Service\/shop keeps sending it new requests until ≈5 s/);

    const sidecar = byRule.get('legacy-sidecar')!;
    assert.deepEqual(sidecar.range, rangeOf(document, '- name: cloud-sql-proxy', 'cloud-sql-proxy'));
    assert.equal(sidecar.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(sidecar.message, /cloud-sql-proxy .* is a regular container/);

    for (const d of [missing, sidecar]) {
      const code = d.code as { value: string; target: vscode.Uri };
      assert.equal(typeof code, 'object', 'the code links to the rule page');
      assert.match(code.target.path, new RegExp(`/docs/rules/${code.value}\\.md$`));
    }
  });

  it('bad.yaml: related locations point at the Service that keeps sending requests', async () => {
    const { document } = await open('bad.yaml');
    await diagnosticsEqual(document, ['legacy-sidecar@cloud-sql-proxy', 'prestop-missing@web']);
    const missing = ours(document.uri).find((d) => ruleOf(d) === 'prestop-missing')!;
    const related = missing.relatedInformation ?? [];
    assert.ok(related.length > 0, 'prestop-missing has related information');
    assert.ok(
      related.some((r) => r.location.uri.toString() === document.uri.toString() && document.lineAt(r.location.range.start.line).text.includes('shop')),
      `a related location is on a line of the shop Service: ${JSON.stringify(related.map((r) => document.lineAt(r.location.range.start.line).text))}`,
    );
  });

  for (const path of ['good.yaml', 'chart/values.yaml', 'docker-compose.yml', 'crd.yaml']) {
    it(`${path}: checked, no diagnostics`, async () => {
      const editor = await open(path);
      let document = editor.document;
      // VS Code gives compose files their own language (`dockercompose`), which KubeGrace does not
      // attach to. Set it to YAML, as a user of another YAML tool would, so the server does read it.
      if (document.languageId !== 'yaml') document = await vscode.languages.setTextDocumentLanguage(document, 'yaml');
      await diagnosticsReported(document.uri);
      assert.deepEqual(ours(document.uri), []);
    });
  }
});

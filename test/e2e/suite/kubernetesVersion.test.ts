/**
 * `kubegrace.kubernetesVersion` changed in the workspace settings: the server pulls the new value,
 * the diagnostics change (the sleep action does not run on 1.29) and so does the offered fix
 * (`exec sleep` instead of the `sleep` action).
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { applyEachFix } from './fixes';
import { diagnosticsEqual, open, ours, quickFixes, ruleOf } from './helpers';

const BAD = ['legacy-sidecar@cloud-sql-proxy', 'prestop-missing@web'];
const AT_1_29 = [...BAD, 'sleep-action-unavailable@sleep'];

async function setVersion(value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('kubegrace').update('kubernetesVersion', value, vscode.ConfigurationTarget.Workspace);
}

describe('kubegrace.kubernetesVersion: 1.29', () => {
  let document: vscode.TextDocument;

  before(async () => {
    ({ document } = await open('bad.yaml'));
    await diagnosticsEqual(document, BAD, 'the diagnostics at the default version');
    await setVersion('1.29');
  });

  after(async () => {
    await setVersion(undefined);
    await diagnosticsEqual(document, BAD, 'the diagnostics back at the default version');
  });

  it('the diagnostics change: the sleep action of api is reported', async () => {
    await diagnosticsEqual(document, AT_1_29, 'the diagnostics at 1.29');
    const sleep = ours(document.uri).find((d) => ruleOf(d) === 'sleep-action-unavailable')!;
    assert.equal(sleep.severity, vscode.DiagnosticSeverity.Warning, 'a warning at 1.29 (error below)');
    assert.match(sleep.message, /^Kubernetes 1\.29 has the sleep action behind the PodLifecycleSleepAction gate/);
  });

  it('the preStop fix is an exec sleep instead of the sleep action', async () => {
    await diagnosticsEqual(document, AT_1_29, 'the diagnostics at 1.29');
    const missing = ours(document.uri).find((d) => ruleOf(d) === 'prestop-missing')!;
    const [fix] = await quickFixes(document, missing);
    assert.equal(fix?.title, 'Add a 5 s preStop delay for web');
    const inserted = (fix.edit?.entries() ?? []).flatMap(([, edits]) => edits.map((e) => e.newText)).join('\n');
    assert.match(inserted, /exec:/);
    assert.match(inserted, /command:/);
    assert.match(inserted, /sleep/);
    assert.doesNotMatch(inserted, /seconds:/, 'not the sleep action');
  });

  it('applying each fix removes its diagnostic and leaves valid YAML', async () => {
    await diagnosticsEqual(document, AT_1_29, 'the diagnostics at 1.29');
    const applied = await applyEachFix(document, {
      'prestop-missing@web': ['Add a 5 s preStop delay for web', 'Ignore prestop-missing for Deployment/shop (kubegrace/ignore annotation)'],
      'legacy-sidecar@cloud-sql-proxy': ['Make cloud-sql-proxy a native sidecar (initContainers, restartPolicy: Always)', 'Ignore legacy-sidecar for Deployment/shop (kubegrace/ignore annotation)'],
      'sleep-action-unavailable@sleep': ['Use exec sleep 5 instead of the sleep action', 'Ignore sleep-action-unavailable for Deployment/api (kubegrace/ignore annotation)'],
    });
    const prestop = applied.find((a) => a.title === 'Add a 5 s preStop delay for web')!;
    assert.match(prestop.after, /- name: web\n[\s\S]*?lifecycle:\n\s+preStop:\n\s+exec:\n\s+command:\n\s+- sleep\n\s+- "5"\n/);
    const exec = applied.find((a) => a.title === 'Use exec sleep 5 instead of the sleep action')!;
    assert.match(exec.after, /- name: api\n[\s\S]*?preStop:\n\s+exec:\n\s+command:\n\s+- sleep\n\s+- "5"\n/);
  });
});

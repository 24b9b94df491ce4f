/**
 * Whole-workspace analysis at the service level: a folder on disk with the Deployment, its Service
 * and an ALB Ingress in three files, indexed as the server does, and the Deployment open in the
 * editor. Findings, related locations in the other files, and re-diagnosis after the Service changes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { LanguageService } from '../../server/lsp/service';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { folderOf } from '../../server/workspace/folders';
import { indexFolder, reindexFile } from '../../server/workspace/files';
import { WorkspaceIndex } from '../../server/workspace/index';
import { DEPLOYMENT, INGRESS, SERVICE, threeFiles, workspaceOnDisk, type DiskWorkspace } from './fixture';

function session(ws: DiskWorkspace, filesExclude?: unknown) {
  const index = new WorkspaceIndex();
  const folder = folderOf(ws.uri, filesExclude)!;
  index.addFolder(folder);
  const documents = new Map<string, TextDocument>();
  const settings = DEFAULT_SETTINGS;
  const service = new LanguageService({ document: (uri) => documents.get(uri), settings: async () => ({ enable: true, settings }) }, index);
  const changed: string[] = [];
  index.onDidChange((uris) => changed.push(...(uris === 'all' ? ['all'] : uris)));
  return {
    index,
    service,
    changed,
    scan: () => indexFolder(index, folder),
    /** The cached analysis of an open document, as every feature gets it. */
    analysed: (name: string) => service.cache.get(documents.get(ws.fileUri(name))!, settings),
    open(name: string, text: string) {
      const uri = ws.fileUri(name);
      const previous = documents.get(uri);
      documents.set(uri, TextDocument.create(uri, 'yaml', (previous?.version ?? 0) + 1, text));
      return uri;
    },
    close(name: string) {
      documents.delete(ws.fileUri(name));
      service.close(ws.fileUri(name));
      return reindexFile(index, ws.fileUri(name));
    },
  };
}

const find = (diagnostics: Diagnostic[], code: string) => diagnostics.find((d) => d.code === code);
const where = (d: Diagnostic | undefined) => (d?.relatedInformation ?? []).map((r) => [r.location.uri, r.location.range.start.line, r.location.range.start.character, r.message]);
const message = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

test('the Deployment gets the findings of its Service and Ingress in two other files', async (t) => {
  const ws = threeFiles();
  t.after(() => ws.cleanup());
  const s = session(ws);
  const deploy = s.open('deploy.yaml', DEPLOYMENT);
  // Asked before the index has read anything: answered at once, as a lone file.
  const scan = s.scan();
  assert.equal(find(await s.service.diagnostics(deploy), 'prestop-missing')?.severity, DiagnosticSeverity.Information);
  assert.deepEqual(await scan, { files: 3, skippedLarge: 0 });
  await turn();
  assert.ok(s.changed.includes(deploy), 'the open Deployment is re-diagnosed when its Service is indexed');

  const diagnostics = await s.service.diagnostics(deploy);
  const missing = find(diagnostics, 'prestop-missing')!;
  assert.equal(missing.severity, DiagnosticSeverity.Warning);
  assert.deepEqual(missing.range.start, { line: 12, character: 16 });
  assert.match(message(missing), /Service\/web keeps sending it new requests until ≈30 s \(Ingress\/web: ALB with ip targets/);
  assert.deepEqual(where(missing), [
    [ws.fileUri('net/service.yaml'), 4, 8, 'Service/web selects this pod'],
    // The broken budget-chain link's traffic term is set by the Ingress's target-type line (issue 16).
    [ws.fileUri('net/ingress.yml'), 5, 43, 'Ingress/web: ALB with ip targets → traffic stops ≈30 s; the budget chain breaks at traffic stops ≈30 s ≤ preStop delay 0 s of web'],
  ]);
  const delay = find(diagnostics, 'lb-deregistration-delay')!;
  assert.equal(delay.severity, DiagnosticSeverity.Information);
  assert.deepEqual(delay.range.start, { line: 1, character: 6 }, 'on the Deployment, not in the Ingress file');
  assert.deepEqual(where(delay), [[ws.fileUri('net/ingress.yml'), 6, 55, 'Ingress/web sets deregistration_delay.timeout_seconds=5']]);

  const hover = await s.service.hover({ textDocument: { uri: deploy }, position: { line: 1, character: 8 } });
  assert.match(JSON.stringify(hover!.contents), /≈30 s: Ingress\/web: ALB with ip targets \(albDeregistrationSeconds estimate\) \(in ingress.yml\)/);
  const timeline = await s.service.timeline({ uri: deploy, position: { line: 1, character: 8 } });
  assert.equal(timeline!.timeline.serviceOutSeconds, 30);
  // The safe fix-all sees the Ingress too: the delay covers the ALB's 30 s, not a lone file's 5 s.
  const [fixAll] = await s.service.codeActions({ textDocument: { uri: deploy }, range: missing.range, context: { diagnostics: [], only: ['source.fixAll.kubegrace'] } });
  assert.match(JSON.stringify(fixAll!.edit), /seconds: 30\\n {6}terminationGracePeriodSeconds: 45/);
});

test('editing the open Deployment: the ALB Ingress of the third file drives lb-deregistration-delay', async (t) => {
  const ws = threeFiles();
  t.after(() => ws.cleanup());
  const s = session(ws);
  await s.scan();
  const deploy = s.open('deploy.yaml', DEPLOYMENT);
  assert.ok(find(await s.service.diagnostics(deploy), 'prestop-missing'));
  s.open('deploy.yaml', DEPLOYMENT.replace('          readinessProbe', '          lifecycle: {preStop: {sleep: {seconds: 10}}}\n          readinessProbe'));
  const diagnostics = await s.service.diagnostics(deploy);
  assert.equal(find(diagnostics, 'prestop-missing'), undefined);
  const short = diagnostics.find((d) => d.code === 'lb-deregistration-delay' && d.severity === DiagnosticSeverity.Warning)!;
  assert.match(message(short), /Ingress\/web sends requests straight to pod IPs .*≈30 s.*ends at 10 s/);
  assert.deepEqual(where(short), [[ws.fileUri('net/ingress.yml'), 5, 43, 'Ingress/web: ALB with ip targets (albDeregistrationSeconds estimate)']]);
  const actions = await s.service.codeActions({ textDocument: { uri: deploy }, range: short.range, context: { diagnostics: [short] } });
  assert.equal(actions[0]!.title, 'Make a 30 s preStop delay for web');
});

test('re-diagnosis: the Service stops selecting the pods on disk, comes back, then is deleted', async (t) => {
  const ws = threeFiles();
  t.after(() => ws.cleanup());
  const s = session(ws);
  await s.scan();
  const deploy = s.open('deploy.yaml', DEPLOYMENT);
  const before = await s.service.diagnostics(deploy);
  assert.equal(find(before, 'prestop-missing')!.severity, DiagnosticSeverity.Warning);
  const cached = s.analysed('deploy.yaml');
  assert.equal(s.analysed('deploy.yaml'), cached, 'reused while nothing changes');

  ws.write('net/service.yaml', SERVICE.replace('{app: web}', '{app: other}'));
  await reindexFile(s.index, ws.fileUri('net/service.yaml'));
  await turn();
  assert.ok(s.changed.includes(deploy), 'the Deployment is re-diagnosed');
  assert.notEqual(s.analysed('deploy.yaml'), cached, 'the same document version is analysed again');
  const edited = await s.service.diagnostics(deploy);
  const missing = find(edited, 'prestop-missing')!;
  assert.equal(missing.severity, DiagnosticSeverity.Information, 'only declared ports now');
  assert.deepEqual(where(missing), []);
  assert.equal(find(edited, 'lb-deregistration-delay'), undefined, 'the Ingress routes to a Service that no longer selects the pods');

  ws.write('net/service.yaml', SERVICE);
  await reindexFile(s.index, ws.fileUri('net/service.yaml'));
  assert.equal(find(await s.service.diagnostics(deploy), 'prestop-missing')!.severity, DiagnosticSeverity.Warning);

  ws.remove('net/service.yaml');
  s.index.remove(ws.fileUri('net/service.yaml'));
  const deleted = await s.service.diagnostics(deploy);
  assert.equal(find(deleted, 'prestop-missing')!.severity, DiagnosticSeverity.Information);
  assert.ok(deleted.every((d) => where(d).every(([uri]) => uri === deploy)), 'no location in another file is left');
});

test('an open Service document overrides its file on disk; closing it goes back to the disk', async (t) => {
  const ws = threeFiles();
  t.after(() => ws.cleanup());
  const s = session(ws);
  await s.scan();
  const deploy = s.open('deploy.yaml', DEPLOYMENT);
  assert.equal(find(await s.service.diagnostics(deploy), 'prestop-missing')!.severity, DiagnosticSeverity.Warning);
  const svc = s.open('net/service.yaml', SERVICE.replace('{app: web}', '{app: other}'));
  await s.service.diagnostics(svc); // the editor asks for the Service file's diagnostics: the index hears of its text
  await turn();
  assert.ok(s.changed.includes(deploy));
  assert.equal(find(await s.service.diagnostics(deploy), 'prestop-missing')!.severity, DiagnosticSeverity.Information);
  await s.close('net/service.yaml');
  assert.equal(find(await s.service.diagnostics(deploy), 'prestop-missing')!.severity, DiagnosticSeverity.Warning);
});

test('the index skips node_modules, .git, files.exclude and files over the size cap', async (t) => {
  const ws = workspaceOnDisk({
    'deploy.yaml': DEPLOYMENT,
    'node_modules/chart/service.yaml': SERVICE,
    '.git/service.yaml': SERVICE,
    'generated/service.yaml': SERVICE,
    'big/service.yaml': `${SERVICE}# ${'x'.repeat(1024 * 1024)}\n`,
    'notes/service.txt': SERVICE,
    'ingress.yaml': INGRESS,
  });
  t.after(() => ws.cleanup());
  const s = session(ws, { '**/generated': true });
  assert.deepEqual(await s.scan(), { files: 2, skippedLarge: 1 });
  const deploy = s.open('deploy.yaml', DEPLOYMENT);
  assert.deepEqual(s.index.others(deploy).map((o) => o.file), [ws.fileUri('ingress.yaml')]);
  assert.equal(find(await s.service.diagnostics(deploy), 'prestop-missing')!.severity, DiagnosticSeverity.Information);
});

test('an open Service edited in the editor reaches the other open documents unasked, after a pause in typing', async (t) => {
  const ws = threeFiles();
  t.after(() => ws.cleanup());
  const s = session(ws);
  await s.scan();
  const deploy = s.open('deploy.yaml', DEPLOYMENT);
  assert.equal(find(await s.service.diagnostics(deploy), 'prestop-missing')!.severity, DiagnosticSeverity.Warning);
  // The entry of an edited document goes to the index off the edit's path (documents.ts, defer).
  const heard = new Promise<void>((resolve) => s.index.onDidChange((uris) => uris !== 'all' && uris.includes(deploy) && resolve()));
  const svc = s.open('net/service.yaml', SERVICE.replace('{app: web}', '{app: other}'));
  await s.service.diagnostics(svc);
  await heard;
  assert.equal(find(await s.service.diagnostics(deploy), 'prestop-missing')!.severity, DiagnosticSeverity.Information);
});

test('the timeline request places each budget-chain line, the Service in its own file at its line (issue 16)', async (t) => {
  const ws = workspaceOnDisk({ 'deploy.yaml': DEPLOYMENT, 'net/service.yaml': SERVICE });
  t.after(() => ws.cleanup());
  const s = session(ws);
  await s.scan();
  const deploy = s.open('deploy.yaml', DEPLOYMENT);
  const result = (await s.service.timeline({ uri: deploy, position: { line: 1, character: 8 } }))!;
  const [traffic, grace] = result.chain!;
  // No preStop hook: traffic stops after SIGTERM (N3), so the first link breaks; 0 s + the 10 s
  // default drain fit the default 30 s grace period (G6).
  assert.deepEqual([traffic!.id, traffic!.holds, grace!.id, grace!.holds], ['traffic', false, 'grace', true]);
  assert.deepEqual(traffic!.left[0]!.sources, [
    { kind: 'setting', setting: 'endpointPropagationSeconds' },
    { kind: 'line', what: 'Service/web', place: { uri: ws.fileUri('net/service.yaml'), line: 4 } },
  ]);
  assert.deepEqual(traffic!.right[0]!.sources, [{ kind: 'line', what: 'no preStop', place: { uri: deploy, line: 12 } }]);
  assert.deepEqual(grace!.right[0]!.sources, [{ kind: 'default', text: 'default 30 s' }]);
  // The hover links the same lines (1-based there, as VS Code reads `#L5`).
  const hover = await s.service.hover({ textDocument: { uri: deploy }, position: { line: 1, character: 8 } });
  assert.ok(JSON.stringify(hover!.contents).includes(`[service.yaml:5](${ws.fileUri('net/service.yaml')}#L5)`));
});

/**
 * Whole-workspace analysis over the wire, against the bundled dist/server.js: the server indexes the
 * workspace folder in the background, re-publishes (push) or asks for a refresh (pull) when the
 * index learns of the Service, and again when a watched Service file changes on disk. Every wait is
 * on a signal: a publishDiagnostics, a refresh request, a log line.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { PULL_CLIENT, PUSH_CLIENT, TestClient, type Published } from '../protocol/client';
import { DEPLOYMENT, SERVICE, threeFiles } from './fixture';

const WATCHING = { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true };
type Diagnostic = Published['diagnostics'][number];


after(() => TestClient.killAll());

test('push client: cross-file related location after indexing, new diagnostics after the Service file changes', async (t) => {
  const ws = threeFiles();
  t.after(() => ws.cleanup());
  const deploy = ws.fileUri('deploy.yaml');
  const serviceFile = ws.fileUri('net/service.yaml');
  const client = new TestClient();
  const init = await client.initialize(
    { ...PUSH_CLIENT, workspace: { ...PUSH_CLIENT.workspace, ...WATCHING } },
    { rootUri: ws.uri, workspaceFolders: [{ uri: ws.uri, name: 'ws' }] },
  );
  assert.deepEqual(init.capabilities.workspace, { workspaceFolders: { supported: true, changeNotifications: true } });
  const watcher = await client.until(() => client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'), 'the file watcher registration');
  assert.deepEqual(watcher.registerOptions, { watchers: [{ globPattern: '**/*.{yaml,yml}' }, { globPattern: '**/{.kubegrace.yaml,.kubegrace.yml}' }] });

  await client.open(deploy, DEPLOYMENT);
  const missing = (p: Published | undefined) => p?.diagnostics.find((d) => d.code === 'prestop-missing');
  const pointsAtService = (d: Diagnostic | undefined) => d?.relatedInformation?.some((r) => r.location.uri === serviceFile);
  const warning = await client.until(() => {
    const d = missing(client.latest(deploy));
    return pointsAtService(d) ? d : undefined;
  }, 'prestop-missing related to the Service file');
  assert.equal(warning.severity, 2);
  assert.deepEqual(
    warning.relatedInformation!.map((r) => [r.location.uri, r.location.range.start.line, r.message]),
    [
      [serviceFile, 4, 'Service/web selects this pod'],
      // The broken link of the budget chain names the line that sets its traffic term (issue 16).
      [ws.fileUri('net/ingress.yml'), 5, 'Ingress/web: ALB with ip targets → traffic stops ≈30 s; the budget chain breaks at traffic stops ≈30 s ≤ preStop delay 0 s of web'],
    ],
  );

  const published = client.published.length;
  ws.write('net/service.yaml', SERVICE.replace('{app: web}', '{app: other}'));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: serviceFile, type: 2 }] });
  const information = await client.until(() => {
    const d = client.published.length > published ? missing(client.latest(deploy)) : undefined;
    return d?.severity === 3 ? d : undefined;
  }, 'prestop-missing as information after the Service changed');
  assert.equal(pointsAtService(information), false);

  ws.write('net/service.yaml', SERVICE);
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: serviceFile, type: 2 }] });
  await client.until(() => pointsAtService(missing(client.latest(deploy))), 'the Service selects the pods again');
  ws.remove('net/service.yaml');
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: serviceFile, type: 3 }] });
  await client.until(() => missing(client.latest(deploy))?.severity === 3 || undefined, 'the Service file deleted');
  assert.equal(await client.stop(), 0, client.stderr);
});

test('pull client: interFileDependencies, a refresh when a watched Service file changes or the folder is removed', async (t) => {
  const ws = threeFiles();
  t.after(() => ws.cleanup());
  const deploy = ws.fileUri('deploy.yaml');
  const client = new TestClient();
  const init = await client.initialize({ ...PULL_CLIENT, workspace: { ...PULL_CLIENT.workspace, ...WATCHING } }, { workspaceFolders: [{ uri: ws.uri, name: 'ws' }] });
  assert.deepEqual(init.capabilities.diagnosticProvider, { identifier: 'kubegrace', interFileDependencies: true, workspaceDiagnostics: false });
  await client.until(() => client.logs.find((l) => /indexed 3 YAML files of file:/.test(l)), 'the index finished');
  await client.open(deploy, DEPLOYMENT);
  const pull = async () => (await client.connection.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: deploy } })).items;
  const first = (await pull()).find((d) => d.code === 'prestop-missing')!;
  assert.equal(first.severity, 2);
  assert.match(first.message, /≈30 s/);

  const refreshes = client.refreshes;
  ws.write('net/service.yaml', SERVICE.replace('{app: web}', '{app: other}'));
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.fileUri('net/service.yaml'), type: 2 }] });
  await client.until(() => client.refreshes > refreshes, 'workspace/diagnostic/refresh');
  assert.equal((await pull()).find((d) => d.code === 'prestop-missing')!.severity, 3);

  // Back as it was, then the folder leaves the workspace: the Deployment stands alone again.
  ws.write('net/service.yaml', SERVICE);
  let seen = client.refreshes;
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.fileUri('net/service.yaml'), type: 2 }] });
  await client.until(() => client.refreshes > seen, 'a refresh for the Service change');
  assert.equal((await pull()).find((d) => d.code === 'prestop-missing')!.severity, 2);
  seen = client.refreshes;
  await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: ws.uri, name: 'ws' }] } });
  await client.until(() => client.refreshes > seen, 'a refresh for the removed folder');
  assert.equal((await pull()).find((d) => d.code === 'prestop-missing')!.severity, 3);
  assert.deepEqual(client.published, [], 'a pull client gets no pushed diagnostics');
  assert.equal(await client.stop(), 0, client.stderr);
});

/**
 * The budget chain across files (issue 16): a Deployment whose Service is in another file of the
 * workspace. Through the language service (hover links, related locations of the broken link) and
 * through the CLI (`explain` with path:line, its JSON terms). Expected numbers: the 5 s
 * endpointPropagationSeconds estimate (rule book N4) against a 2 s preStop sleep (H6), so the first
 * link, traffic ≤ preStop, breaks (N3); 2 s + the 10 s shutdown estimate ≤ the 30 s grace period (G6).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { MarkupContent } from 'vscode-languageserver';
import { LanguageService } from '../../server/lsp/service';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { folderOf } from '../../server/workspace/folders';
import { indexFolder } from '../../server/workspace/files';
import { WorkspaceIndex } from '../../server/workspace/index';
import { DEPLOYMENT, SERVICE, workspaceOnDisk } from './fixture';

/** preStop on line 17 (0-based), terminationGracePeriodSeconds on line 11. */
const DEPLOY = DEPLOYMENT.replace('    spec:\n      containers:', '    spec:\n      terminationGracePeriodSeconds: 30\n      containers:').replace(
  '          readinessProbe',
  '          lifecycle:\n            preStop: {sleep: {seconds: 2}}\n          readinessProbe',
);
const CLI = resolve(__dirname, '../../dist/cli.js');

test('language service: the hover links each term to its line, in this file and the Service file', async (t) => {
  const ws = workspaceOnDisk({ 'deploy.yaml': DEPLOY, 'net/service.yaml': SERVICE });
  t.after(() => ws.cleanup());
  const index = new WorkspaceIndex();
  const folder = folderOf(ws.uri)!;
  index.addFolder(folder);
  const deploy = ws.fileUri('deploy.yaml');
  const service = ws.fileUri('net/service.yaml');
  const documents = new Map([[deploy, TextDocument.create(deploy, 'yaml', 1, DEPLOY)]]);
  const ls = new LanguageService({ document: (uri) => documents.get(uri), settings: async () => ({ enable: true, settings: DEFAULT_SETTINGS }) }, index);
  await indexFolder(index, folder);

  const hover = await ls.hover({ textDocument: { uri: deploy }, position: { line: 1, character: 8 } });
  const value = (hover!.contents as MarkupContent).value;
  // The Service's `name: web` is line 5 of its file (1-based); the preStop line 18, the grace period 12.
  assert.ok(
    value.includes(`**✗** traffic stops ≈5 s (setting endpointPropagationSeconds; Service/web [service.yaml:5](${service}#L5)) ≤ preStop delay 2 s of web (preStop [deploy.yaml:18](${deploy}#L18))`),
    value,
  );
  assert.ok(value.includes(`✓ preStop 2 s (preStop [deploy.yaml:18](${deploy}#L18)) + drain ≈10 s (setting shutdownSeconds) ≤ grace period 30 s (terminationGracePeriodSeconds [deploy.yaml:12](${deploy}#L12))`), value);

  // The finding of the broken link points at the Service line in the other file.
  const short = (await ls.diagnostics(deploy)).find((d) => d.code === 'prestop-too-short')!;
  assert.deepEqual(
    short.relatedInformation!.map((r) => [r.location.uri, r.location.range.start.line, r.message]),
    [[service, 4, 'Service/web → traffic stops ≈5 s; the budget chain breaks at traffic stops ≈5 s ≤ preStop delay 2 s of web']],
  );
});

test('CLI: explain names path:line for each term, the Service in the other file too; JSON has the terms', (t) => {
  const ws = workspaceOnDisk({ 'deploy.yaml': DEPLOY, 'net/service.yaml': SERVICE });
  t.after(() => ws.cleanup());
  const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ws.dir, encoding: 'utf8' });
  const text = run('explain', '--no-config', '--fail-on', 'none', 'deploy.yaml', join('net', 'service.yaml'));
  assert.equal(text.status, 0, text.stderr);
  assert.ok(text.stdout.includes('✗ traffic stops ≈5 s (setting endpointPropagationSeconds; Service/web net/service.yaml:5) ≤ preStop delay 2 s of web (preStop deploy.yaml:18)'), text.stdout);
  assert.ok(text.stdout.includes('✓ preStop 2 s (preStop deploy.yaml:18) + drain ≈10 s (setting shutdownSeconds) ≤ grace period 30 s (terminationGracePeriodSeconds deploy.yaml:12)'), text.stdout);

  const json = JSON.parse(run('explain', '--no-config', '--format', 'json', 'deploy.yaml', join('net', 'service.yaml')).stdout);
  assert.deepEqual(json.workloads[0].budgetChain[0], {
    holds: false,
    text: 'traffic stops ≈5 s ≤ preStop delay 2 s of web',
    terms: [
      { side: 'left', text: 'traffic stops ≈5 s', sources: [{ setting: 'endpointPropagationSeconds' }, { path: join('net', 'service.yaml'), line: 5, what: 'Service/web' }] },
      { side: 'right', text: 'preStop delay 2 s of web', sources: [{ path: 'deploy.yaml', line: 18, what: 'preStop' }] },
    ],
  });
  // SARIF: the finding of the broken link has the Service line of the other file as a related location.
  const sarif = JSON.parse(run('check', '--no-config', '--fail-on', 'none', '--format', 'sarif', 'deploy.yaml', join('net', 'service.yaml')).stdout);
  const short = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'prestop-too-short');
  assert.deepEqual(
    short.relatedLocations.map((l: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }) => [l.physicalLocation.artifactLocation.uri, l.physicalLocation.region.startLine]),
    [['net/service.yaml', 5]],
  );
  // Without the Service file there is no Service, so no chain at all (a workload not known to serve).
  assert.equal(JSON.parse(run('explain', '--no-config', '--format', 'json', 'deploy.yaml').stdout).workloads[0].budgetChain, undefined);
});

test('CLI: the proxy term names the Namespace of another file that injects it, the mesh default and version', (t) => {
  // Istio 1.26 injects a regular container (docs/research.md, "Mesh versions"): it drains the 5 s
  // default terminationDrainDuration (istio/istio pkg/config/mesh/mesh.go) from T0, while web,
  // with preStop 2 s and the 10 s shutdown estimate, runs until ≈12 s (rule book K1, example (d)).
  const inShop = DEPLOY.replace('  name: web\nspec:', '  name: web\n  namespace: shop\nspec:');
  const service = SERVICE.replace('  name: web\n', '  name: web\n  namespace: shop\n');
  const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {istio-injection: enabled}\n';
  const ws = workspaceOnDisk({ 'deploy.yaml': inShop, 'net/service.yaml': service, 'ns.yaml': namespace });
  t.after(() => ws.cleanup());
  const r = spawnSync(process.execPath, [CLI, 'explain', '--no-config', '--fail-on', 'none', '--mesh', 'istio=1.26', 'deploy.yaml', join('net', 'service.yaml'), 'ns.yaml'], { cwd: ws.dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.includes('✗ web done ≈12 s ≤ istio-proxy gone ≈5 s (Istio default terminationDrainDuration 5 s; Namespace/shop ns.yaml:4; Istio 1.26, from the mesh setting)'), r.stdout);
});

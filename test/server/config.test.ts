/** The server reads the repository's .kubegrace.yaml under the editor's explicit settings. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver';
import { parseConfig } from '../../server/engine/config';
import { resolveSettings, SettingsCache } from '../../server/lsp/settings';

test('defaults ← .kubegrace.yaml ← editor values, rules merged per rule', () => {
  const config = parseConfig('kubernetesVersion: "1.29"\nshutdownSeconds: 20\nrules:\n  grace-zero: off\n  legacy-sidecar: error\n', '/repo/.kubegrace.yaml');
  const fromFile = resolveSettings({}, config).value.settings;
  assert.equal(fromFile.kubernetesVersion, '1.29');
  assert.equal(fromFile.shutdownSeconds, 20);
  assert.deepEqual(fromFile.rules, { 'grace-zero': 'off', 'legacy-sidecar': 'error' });
  const edited = resolveSettings({ kubernetesVersion: '1.33', rules: { 'legacy-sidecar': 'hint' } }, config).value.settings;
  assert.equal(edited.kubernetesVersion, '1.33');
  assert.equal(edited.shutdownSeconds, 20);
  assert.deepEqual(edited.rules, { 'grace-zero': 'off', 'legacy-sidecar': 'hint' });
  assert.equal(resolveSettings({ enable: false }, config).value.enable, false);
});

test('the settings cache finds the nearest .kubegrace.yaml of a document, up to the repository root', async () => {
  const repo = mkdtempSync(join(tmpdir(), 'kubegrace-server-config-'));
  mkdirSync(join(repo, '.git'));
  mkdirSync(join(repo, 'k8s', 'prod'), { recursive: true });
  writeFileSync(join(repo, '.kubegrace.yaml'), 'endpointPropagationSeconds: 12\n');
  const warnings: string[] = [];
  const connection = { console: { warn: (m: string) => warnings.push(m) } } as unknown as Connection;
  const cache = new SettingsCache(connection);
  const uri = pathToFileURL(join(repo, 'k8s', 'prod', 'web.yaml')).href;
  assert.equal((await cache.get(uri)).settings.endpointPropagationSeconds, 12);
  assert.equal((await cache.get('untitled:Untitled-1')).settings.endpointPropagationSeconds, 5, 'no file, no config');
  writeFileSync(join(repo, '.kubegrace.yaml'), 'endpointPropagationSeconds: fast\n');
  cache.clear();
  assert.equal((await cache.get(uri)).settings.endpointPropagationSeconds, 5);
  assert.match(warnings.join('\n'), /endpointPropagationSeconds must be a number/);
  cache.push({ kubegrace: { endpointPropagationSeconds: 8 } });
  cache.clear();
  assert.equal((await cache.get(uri)).settings.endpointPropagationSeconds, 8, 'pushed editor settings win over the file');
});

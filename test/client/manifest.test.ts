/**
 * The extension manifest (package.json) against the code: settings and their defaults
 * (shared/settings.ts), rule ids (shared/rules.ts) and command ids (shared/protocol.ts) must match
 * exactly, so a default changed on one side fails here (STYLE.md habit 4).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COMMANDS, INTERNAL_COMMANDS } from '../../shared/protocol';
import { RULE_IDS, SEVERITIES } from '../../shared/rules';
import { DEFAULT_SETTINGS, NUMERIC_SETTINGS, TOOL_SETTING_KEYS, normalizeSettings, parseMinor } from '../../shared/settings';

interface Property {
  type: string;
  default: unknown;
  scope?: string;
  minimum?: number;
  enum?: string[];
  enumDescriptions?: string[];
  pattern?: string;
  markdownDescription?: string;
  additionalProperties?: boolean;
  properties?: Record<string, Property>;
}

const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8'));
const properties: Record<string, Property> = pkg.contributes.configuration.properties;
const SECTION = 'kubegrace.';
/** Settings of the client and the language client itself, not of the model. */
const CLIENT_ONLY = ['kubegrace.enable', 'kubegrace.trace.server', ...TOOL_SETTING_KEYS.map((k) => `kubegrace.${k}`)];

function property(key: string): Property {
  const p = properties[key];
  assert.ok(p, `${key} is contributed`);
  return p;
}

test('the manifest contributes exactly the model settings, plus enable and trace.server', () => {
  const model = Object.keys(DEFAULT_SETTINGS).map((key) => SECTION + key);
  assert.deepEqual(Object.keys(properties).sort(), [...model, ...CLIENT_ONLY].sort());
});

test('every model setting has the default of DEFAULT_SETTINGS', () => {
  for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
    assert.deepEqual(property(SECTION + key).default, value, key);
  }
});

test('the numeric settings are exactly NUMERIC_SETTINGS: numbers, minimum 0', () => {
  const numeric = Object.keys(properties).filter((key) => properties[key]!.type === 'number');
  assert.deepEqual(numeric.sort(), NUMERIC_SETTINGS.map((key) => SECTION + key).sort());
  for (const key of NUMERIC_SETTINGS) {
    const p = property(SECTION + key);
    assert.equal(p.minimum, 0, key);
    assert.equal(typeof p.default, 'number', key);
  }
});

test('kubegrace.kubernetesVersion: its pattern accepts what parseMinor accepts, and the default passes', () => {
  const p = property('kubegrace.kubernetesVersion');
  assert.equal(p.type, 'string');
  const pattern = new RegExp(p.pattern!);
  for (const version of ['1.33', '1.29', 'v1.30', '1.28.3', '1.100', '1', '2.1', '1.x', 'latest', ' 1.29', '1.29.']) {
    assert.equal(pattern.test(version), parseMinor(version) !== undefined && version.trim() === version, version);
  }
  assert.match(String(p.default), pattern);
});

test('kubegrace.rules: one property per rule id, each a severity or off, nothing else', () => {
  const p = property('kubegrace.rules');
  assert.equal(p.type, 'object');
  assert.equal(p.additionalProperties, false);
  assert.deepEqual(p.default, {});
  assert.deepEqual(Object.keys(p.properties!).sort(), [...RULE_IDS].sort());
  for (const [id, rule] of Object.entries(p.properties!)) {
    assert.deepEqual(rule.enum, [...SEVERITIES, 'off'], id);
    assert.equal(rule.enumDescriptions?.length, rule.enum!.length, id);
    assert.ok(rule.markdownDescription?.startsWith(`\`${id}\``), `${id}: described`);
  }
  // What the manifest allows, the server accepts without a problem.
  const all = Object.fromEntries(RULE_IDS.map((id, i) => [id, p.properties![id]!.enum![i % 5]]));
  assert.deepEqual(normalizeSettings({ rules: all }).problems, []);
});

test('enable, trace.server and scopes', () => {
  assert.deepEqual({ ...property('kubegrace.enable'), markdownDescription: undefined }, { type: 'boolean', default: true, scope: 'resource', markdownDescription: undefined });
  const trace = property('kubegrace.trace.server');
  assert.deepEqual([trace.type, trace.enum, trace.default, trace.scope], ['string', ['off', 'messages', 'verbose'], 'off', 'window']);
  for (const [key, p] of Object.entries(properties)) {
    if (key !== 'kubegrace.trace.server') assert.equal(p.scope, 'resource', `${key} scope`);
    assert.ok(p.markdownDescription && p.markdownDescription.length > 40, `${key} has a description`);
  }
});

test('the contributed commands are exactly COMMANDS, with titles, and menus only use them', () => {
  const commands: Array<{ command: string; title: string; category?: string }> = pkg.contributes.commands;
  assert.deepEqual(commands.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
  const titles = Object.fromEntries(commands.map((c) => [c.command, `${c.category}: ${c.title}`]));
  assert.deepEqual(titles, {
    [COMMANDS.showTimeline]: 'KubeGrace: Show Termination Timeline',
    [COMMANDS.restartServer]: 'KubeGrace: Restart Server',
    [COMMANDS.showOutput]: 'KubeGrace: Show Output',
  });
  // The timeline view's link command is for its page only: not in the palette.
  for (const internal of Object.values(INTERNAL_COMMANDS)) assert.ok(!commands.some((c) => c.command === internal), internal);
  const menus: Record<string, Array<{ command: string }>> = pkg.contributes.menus;
  for (const [menu, entries] of Object.entries(menus)) {
    for (const entry of entries) assert.ok((Object.values(COMMANDS) as string[]).includes(entry.command), `${menu}: ${entry.command}`);
  }
});

test('activation, entry point and capabilities are declared honestly', () => {
  assert.equal(pkg.main, './dist/client.js');
  // Chart templates are `helm` documents when the Kubernetes extension or helm-ls is installed (issue 18).
  assert.deepEqual(pkg.activationEvents, ['onLanguage:yaml', 'onLanguage:helm']);
  // Rendering charts and overlays runs helm and kubectl: limited in Restricted Mode, and the tool paths are not read there.
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, TOOL_SETTING_KEYS.map((k) => `kubegrace.${k}`));
  assert.match(pkg.capabilities.untrustedWorkspaces.description, /Restricted Mode.*not rendered/);
  // The workspace index and .kubegrace.yaml read files from disk: limited in virtual workspaces.
  assert.equal(pkg.capabilities.virtualWorkspaces.supported, 'limited');
  assert.match(pkg.capabilities.virtualWorkspaces.description, /\.kubegrace\.yaml/);
});

test('listing fields: one repository for repository, bugs and homepage; preview; a 128×128 PNG icon', () => {
  const repository = /^https:\/\/github\.com\/([\w.-]+\/[\w.-]+)\.git$/.exec(pkg.repository.url)?.[1];
  assert.ok(repository, `repository.url is a GitHub clone URL: ${pkg.repository.url}`);
  assert.equal(pkg.bugs.url, `https://github.com/${repository}/issues`);
  assert.equal(pkg.homepage, `https://github.com/${repository}#readme`);
  assert.equal(pkg.preview, true);
  const icon = readFileSync(resolve(__dirname, '../..', pkg.icon));
  assert.equal(icon.toString('latin1', 1, 4), 'PNG');
  assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
});

test('vsce runs without bypass flags', () => {
  assert.match(pkg.scripts.package, /vsce package --no-dependencies --readme-path packaging\/vscode\/README\.md$/);
});

test('the timeline command is in the editor title of YAML files, and .kubegrace.yaml has a schema', () => {
  const title: Array<{ command: string; when: string; group: string }> = pkg.contributes.menus['editor/title'];
  assert.deepEqual(title.map((entry) => [entry.command, entry.when]), [[COMMANDS.showTimeline, 'resourceLangId == yaml || resourceLangId == helm']]);
  assert.match(title[0]!.group, /^navigation/, 'an icon button, not the "..." menu');
  const timeline = pkg.contributes.commands.find((c: { command: string }) => c.command === COMMANDS.showTimeline);
  assert.match(timeline.icon, /^\$\([\w-]+\)$/, 'the button has an icon');
  assert.deepEqual(pkg.contributes.yamlValidation, [{ fileMatch: ['.kubegrace.yaml', '.kubegrace.yml'], url: './dist/kubegrace-config.schema.json' }]);
});

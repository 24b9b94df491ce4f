/** Every rule has a page; every bad example shows the rule it is named after; good examples are clean. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeFile } from '../server/engine/analyze';
import { RULE_IDS } from '../shared/rules';
import { DEFAULT_SETTINGS } from '../shared/settings';

const root = resolve(__dirname, '..');

function rulesIn(path: string, version?: string, platform?: string): string[] {
  const settings = { ...DEFAULT_SETTINGS, ...(version ? { kubernetesVersion: version } : {}), ...(platform ? { platform: { profile: platform } } : {}) };
  return analyzeFile(readFileSync(path, 'utf8'), settings).workloads.flatMap((w) => w.analysis.findings.map((f) => f.rule));
}

test('each rule has docs/rules/<id>.md with the sections users rely on', () => {
  for (const id of RULE_IDS) {
    const path = join(root, 'docs/rules', `${id}.md`);
    assert.ok(existsSync(path), `${id}.md exists`);
    const page = readFileSync(path, 'utf8');
    assert.match(page, new RegExp(`^# ${id}\\n`), `${id}: title`);
    for (const section of ['## Why', '## How to fix', '## Example', '## Suppress']) assert.ok(page.includes(section), `${id}: ${section}`);
  }
});

test('examples/good is clean at the default version', () => {
  const dir = join(root, 'examples/good');
  for (const name of readdirSync(dir)) assert.deepEqual(rulesIn(join(dir, name)), [], name);
});

test('each examples/bad/<rule>.yaml shows that rule (with the version its header names)', () => {
  const dir = join(root, 'examples/bad');
  const names = readdirSync(dir).filter((n) => n.endsWith('.yaml'));
  assert.ok(names.length >= 14);
  for (const name of names) {
    const header = readFileSync(join(dir, name), 'utf8').split('\n').filter((l) => l.startsWith('#')).join('\n');
    const version = /--kubernetes-version (1\.\d+)/.exec(header)?.[1];
    const platform = /--platform ([\w-]+)/.exec(header)?.[1];
    const rule = name.replace(/\.yaml$/, '');
    assert.ok(rulesIn(join(dir, name), version, platform).includes(rule), `${name} shows ${rule}`);
  }
});

/**
 * The .vsix: packaged with the vsce flags of `npm run package`, it holds only the bundles, the rule
 * pages, README, CHANGELOG, LICENSE and package.json: no sources, no source maps, no node_modules.
 * Needs dist/ built (`npm test` builds it first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The names in a zip file's central directory (enough of the format for a listing). */
export function zipEntries(zip: Buffer): string[] {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, 'end of central directory found');
  const names: string[] = [];
  let at = zip.readUInt32LE(end + 16);
  for (let i = zip.readUInt16LE(end + 10); i > 0; i--) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

/** `vsce package …` out of the `package` script (after its build step), run with vsce's own binary. */
function vsceArgs(): string[] {
  const command = String(pkg.scripts.package)
    .split('&&')
    .map((part) => part.trim())
    .find((part) => part.startsWith('vsce '));
  assert.ok(command, 'the package script runs vsce');
  return command.split(/\s+/).slice(1);
}

test('the .vsix holds the bundles, rule pages, README, CHANGELOG, LICENSE and package.json only', () => {
  const bundles = ['dist/client.js', ...(existsSync(join(root, 'server/server.ts')) ? ['dist/server.js'] : [])];
  for (const bundle of bundles) assert.ok(existsSync(join(root, bundle)), `${bundle} is built (npm run build)`);
  const dir = mkdtempSync(join(tmpdir(), 'kubegrace-vsix-'));
  try {
    const out = join(dir, `${pkg.name}-${pkg.version}.vsix`);
    const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
    const run = spawnSync(process.execPath, [vsce, ...vsceArgs(), '--out', out], { cwd: root, encoding: 'utf8', input: '' });
    assert.equal(run.status, 0, `vsce failed:\n${run.stdout}\n${run.stderr}`);

    const rulePages = readdirSync(join(root, 'docs/rules')).filter((name) => name.endsWith('.md')).map((name) => `docs/rules/${name}`);
    const expected = [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      ...['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', ...bundles, ...rulePages].map((path) => `extension/${path}`),
    ];
    assert.deepEqual(zipEntries(readFileSync(out)).sort(), expected.sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

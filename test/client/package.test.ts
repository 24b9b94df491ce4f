/**
 * The .vsix: packaged with the vsce flags of `npm run package`, it holds only the bundles, the
 * .kubegrace.yaml schema, the rule pages, the Marketplace README, the icon, CHANGELOG, LICENSE and
 * package.json: no sources, no source maps, no node_modules. Needs dist/ built (`npm test` builds it
 * first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const root = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The entries of a zip file's central directory (enough of the format for a listing and reading). */
function zipDirectory(zip: Buffer): Array<{ name: string; method: number; size: number; offset: number }> {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, 'end of central directory found');
  const entries = [];
  let at = zip.readUInt32LE(end + 16);
  for (let i = zip.readUInt16LE(end + 10); i > 0; i--) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({ name, method: zip.readUInt16LE(at + 10), size: zip.readUInt32LE(at + 20), offset: zip.readUInt32LE(at + 42) });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** The names in a zip file. */
export function zipEntries(zip: Buffer): string[] {
  return zipDirectory(zip).map((entry) => entry.name);
}

/** One file of a zip (stored or deflated). */
export function zipRead(zip: Buffer, name: string): Buffer {
  const entry = zipDirectory(zip).find((e) => e.name === name);
  assert.ok(entry, `${name} is in the zip`);
  const at = entry.offset;
  const data = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const raw = zip.subarray(data, data + entry.size);
  return entry.method === 8 ? inflateRawSync(raw) : raw;
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

/** Packs the .vsix once, into a temporary folder, with the `package` script's vsce flags. */
function packageVsix(): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'kubegrace-vsix-'));
  try {
    const out = join(dir, `${pkg.name}-${pkg.version}.vsix`);
    const vsce = join(root, 'node_modules/@vscode/vsce/vsce');
    const run = spawnSync(process.execPath, [vsce, ...vsceArgs(), '--out', out], { cwd: root, encoding: 'utf8', input: '' });
    assert.equal(run.status, 0, `vsce failed:\n${run.stdout}\n${run.stderr}`);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const bundles = ['dist/client.js', ...(existsSync(join(root, 'server/server.ts')) ? ['dist/server.js'] : [])];
for (const bundle of bundles) assert.ok(existsSync(join(root, bundle)), `${bundle} is built (npm run build)`);
const vsix = packageVsix();

test('the .vsix holds the bundles, schema, rule pages, README and images, CHANGELOG, LICENSE and package.json only', () => {
  const rulePages = readdirSync(join(root, 'docs/rules')).filter((name) => name.endsWith('.md')).map((name) => `docs/rules/${name}`);
  // The icon only: the Marketplace README loads its screenshots from the repository (issue 18: 557 KB
  // of unused pictures were 64 % of the package).
  const images = [pkg.icon];
  const expected = [
    '[Content_Types].xml',
    'extension.vsixmanifest',
    ...['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt', 'dist/kubegrace-config.schema.json', ...bundles, ...rulePages, ...images].map((path) => `extension/${path}`),
  ];
  assert.deepEqual(zipEntries(vsix).sort(), expected.sort());
  assert.ok(images.includes(pkg.icon), 'the icon is packaged');
});

test('the Marketplace README leads with the editor, not with the CLI or an install-from-file line', () => {
  const readme = zipRead(vsix, 'extension/readme.md').toString('utf8');
  const opening = readme.split('\n## ')[0]!;
  assert.match(opening, /Diagnostics[\s\S]*Hover[\s\S]*Quick fixes/);
  assert.doesNotMatch(readme, /npx |--install-extension|Install from VSIX|node dist\//);
});

test('the packaged README points every image and relative link at a file of the repository', () => {
  const readme = zipRead(vsix, 'extension/readme.md').toString('utf8');
  const repository = pkg.repository.url.replace(/\.git$/, '');
  const targets = [...readme.matchAll(/(!?)\[[^\]]*\]\(([^)\s]+)\)/g)].map(([, image, url]) => ({ image: image === '!', url: url! }));
  const images = targets.filter((t) => t.image);
  assert.ok(images.length >= 3, `the README shows pictures (${images.length})`);
  for (const { image, url } of targets) {
    if (url.startsWith('#')) continue;
    const inRepository = new RegExp(`^${repository}/(raw|blob)/HEAD/(.+?)(#.*)?$`).exec(url);
    if (!inRepository) {
      assert.match(url, /^https:\/\//, `${url}: an absolute https link`);
      continue;
    }
    assert.equal(inRepository[1], image ? 'raw' : 'blob', url);
    assert.ok(existsSync(join(root, inRepository[2]!)), `${url}: ${inRepository[2]} exists in the repository`);
    if (image) assert.ok(!zipEntries(vsix).includes(`extension/${inRepository[2]}`), `${inRepository[2]} is served from the repository, not packaged`);
  }
});

test('the bundles are minified, their source maps left out of the .vsix', () => {
  for (const bundle of bundles) {
    const text = readFileSync(join(root, bundle), 'utf8');
    const lines = text.split('\n').length;
    assert.ok(text.length / lines > 500, `${bundle}: ${lines} lines for ${text.length} characters`);
    assert.ok(existsSync(join(root, `${bundle}.map`)), `${bundle}.map is built beside it`);
  }
  assert.deepEqual(zipEntries(vsix).filter((name) => name.endsWith('.map')), []);
});

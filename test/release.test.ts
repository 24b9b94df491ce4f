/**
 * The checks of `npm run release` (scripts/release-checks.mjs): they pass on good artifacts and name
 * what is wrong in bad ones. The tarball is packed for real from dist/ (built by `npm test`); the
 * .vsix-like zips are written here, since packaging the extension is `npm run release`'s own job.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');
interface ReleaseChecks {
  zipEntries(path: string): string[];
  checkVsix(path: string, root: string, limits?: { maxBytes?: number }): string[];
  checkTarball(path: string, root: string, limits?: { maxBytes?: number }): string[];
  writeChecksums(files: string[], out: string): string[];
}
// A plain .mjs script (no build step for the release); tsx loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const checks = require(join(root, 'scripts', 'release-checks.mjs')) as ReleaseChecks;

/** A zip with stored (uncompressed) entries: enough for a central-directory reader. */
function writeZip(path: string, files: Record<string, string>): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, directory, end]));
}

const dir = mkdtempSync(join(tmpdir(), 'kubegrace-release-test-'));
const pages = readdirSync(join(root, 'docs', 'rules')).filter((f) => f.endsWith('.md'));
const goodVsix: Record<string, string> = {
  'extension.vsixmanifest': '<x/>',
  'extension/package.json': '{}',
  'extension/readme.md': '# r',
  'extension/LICENSE.txt': 'Apache',
  'extension/dist/client.js': '',
  'extension/dist/server.js': '',
  ...Object.fromEntries(pages.map((p) => [`extension/docs/rules/${p}`, '# page'])),
};

test('vsix: entries read from the zip; a complete one passes, missing and stray files are named', () => {
  const good = join(dir, 'good.vsix');
  writeZip(good, goodVsix);
  assert.deepEqual(checks.zipEntries(good), Object.keys(goodVsix));
  assert.deepEqual(checks.checkVsix(good, root), []);
  const bad = join(dir, 'bad.vsix');
  const { 'extension/dist/server.js': _, ...rest } = goodVsix;
  writeZip(bad, { ...rest, 'extension/dist/client.js.map': '{}', 'extension/node_modules/yaml/index.js': '' });
  assert.deepEqual(checks.checkVsix(bad, root), [
    'bad.vsix: extension/dist/server.js is missing',
    'bad.vsix: extension/dist/client.js.map should not be packaged',
    'bad.vsix: extension/node_modules/yaml/index.js should not be packaged',
  ]);
  assert.deepEqual(checks.checkVsix(good, root, { maxBytes: 100 }).length, 1);
  assert.throws(() => checks.zipEntries(join(root, 'package.json')), /not a zip file/);
});

test('tarball: the packed CLI passes; one whose CLI does not run is caught', () => {
  const tarball = execFileSync(process.execPath, [join(root, 'scripts', 'pack-cli.mjs'), '--no-build', '--out', dir], { encoding: 'utf8' }).trim();
  assert.deepEqual(checks.checkTarball(tarball, root), []);
  const unpacked = mkdtempSync(join(tmpdir(), 'kubegrace-broken-'));
  execFileSync('tar', ['xzf', tarball, '-C', unpacked]);
  writeFileSync(join(unpacked, 'package', 'dist', 'cli.js'), '#!/usr/bin/env node\nconsole.log("0.0.0");\n');
  writeFileSync(join(unpacked, 'package', 'notes.txt'), 'stray');
  const broken = join(dir, 'broken.tgz');
  execFileSync('tar', ['czf', broken, '-C', unpacked, 'package']);
  const problems = checks.checkTarball(broken, root);
  assert.ok(problems.includes('broken.tgz: package/notes.txt should not be packaged'), problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith('broken.tgz: kubegrace --version prints "0.0.0"')), problems.join('\n'));
  assert.ok(problems.some((p) => p.startsWith('broken.tgz: kubegrace check did not report prestop-missing')), problems.join('\n'));
});

test('checksums are SHA-256 in sha256sum format', (t) => {
  const a = join(dir, 'a.bin');
  writeFileSync(a, 'hello\n');
  const sums = join(dir, 'SHA256SUMS');
  checks.writeChecksums([a], sums);
  assert.equal(readFileSync(sums, 'utf8'), `${createHash('sha256').update('hello\n').digest('hex')}  a.bin\n`);
  assert.equal(readFileSync(sums, 'utf8').slice(0, 64), '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03');
  const verify = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
  if (verify.error) return t.diagnostic('sha256sum is not installed: the coreutils cross-check is left out');
  assert.equal(verify.status, 0, verify.stdout);
});

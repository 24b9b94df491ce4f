// `npm run release`: builds the two things a release ships, checks them, and writes their checksums.
//   release/kubegrace-VERSION.vsix   the VS Code extension (npm run package)
//   release/kubegrace-VERSION.tgz    the CLI npm package (scripts/pack-cli.mjs)
//   release/SHA256SUMS               SHA-256 of both, in sha256sum format
// Exits 1, writing no checksums, when a check fails (scripts/release-checks.mjs says what it checks).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkTarball, checkVsix, tarEntries, writeChecksums, zipEntries } from './release-checks.mjs';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const out = join(root, 'release');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function step(title, command, args) {
  console.log(`release: ${title}`);
  const r = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? '');
    console.error(`release: ${title} failed`);
    process.exit(1);
  }
  return r.stdout.trim();
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
step('npm run package (builds dist/ and the .vsix)', 'npm', ['run', 'package']);
const vsix = join(out, `kubegrace-${version}.vsix`);
renameSync(join(root, `kubegrace-${version}.vsix`), vsix);
const tarball = step('npm pack of the CLI', process.execPath, [join(root, 'scripts', 'pack-cli.mjs'), '--no-build', '--out', out]);

const problems = [...checkVsix(vsix, root), ...checkTarball(tarball, root)];
const kb = (file) => `${(statSync(file).size / 1024).toFixed(1)} KB`;
console.log(`release: ${vsix} — ${zipEntries(vsix).length} entries, ${kb(vsix)}`);
console.log(`release: ${tarball} — ${tarEntries(tarball).length} files, ${kb(tarball)}; installed and run offline`);
if (problems.length > 0) {
  for (const p of problems) console.error(`release: ${p}`);
  process.exit(1);
}
const sums = writeChecksums([vsix, tarball], join(out, 'SHA256SUMS'));
console.log(`release: ${join(out, 'SHA256SUMS')}\n${sums.join('\n')}`);

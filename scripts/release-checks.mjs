// What `npm run release` checks in the two artifacts before it writes their checksums: the file
// lists (everything needed is in, nothing that should stay out is), the sizes, and that the CLI in
// the npm tarball installs and runs. Each check returns a list of problems; empty means good.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** Names of the entries of a zip file (a .vsix), from its central directory. */
export function zipEntries(path) {
  const zip = readFileSync(path);
  // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${path}: not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${path}: broken central directory`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extra = zip.readUInt16LE(offset + 30);
    const comment = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extra + comment;
  }
  return names;
}

/** Rule pages the artifacts must carry: every docs/rules/*.md of the checkout. */
function rulePages(root) {
  return readdirSync(join(root, 'docs', 'rules')).filter((f) => f.endsWith('.md'));
}

const MB = 1024 * 1024;

export function checkVsix(path, root, { maxBytes = 5 * MB } = {}) {
  const problems = [];
  const entries = zipEntries(path);
  const required = ['extension/package.json', 'extension/dist/client.js', 'extension/dist/server.js', 'extension/readme.md', 'extension/LICENSE.txt', ...rulePages(root).map((p) => `extension/docs/rules/${p}`)];
  const lower = new Set(entries.map((e) => e.toLowerCase()));
  for (const file of required) if (!lower.has(file.toLowerCase())) problems.push(`${basename(path)}: ${file} is missing`);
  for (const entry of entries) {
    if (/\.map$|\.ts$|(^|\/)node_modules\/|(^|\/)test\/|\.vsix$|\.tgz$/.test(entry)) problems.push(`${basename(path)}: ${entry} should not be packaged`);
  }
  const size = statSync(path).size;
  if (size > maxBytes) problems.push(`${basename(path)}: ${size} bytes, more than ${maxBytes}`);
  return problems;
}

export function tarEntries(path) {
  return execFileSync('tar', ['tzf', path], { encoding: 'utf8' }).trim().split('\n');
}

/** The npm tarball: its files, its size, and the CLI installed from it run on a manifest. */
export function checkTarball(path, root, { maxBytes = 2 * MB } = {}) {
  const problems = [];
  const entries = tarEntries(path);
  const expected = ['package/package.json', 'package/README.md', 'package/LICENSE', 'package/dist/cli.js', 'package/docs/research.md', ...rulePages(root).map((p) => `package/docs/rules/${p}`)];
  for (const file of expected) if (!entries.includes(file)) problems.push(`${basename(path)}: ${file} is missing`);
  for (const entry of entries) if (!expected.includes(entry)) problems.push(`${basename(path)}: ${entry} should not be packaged`);
  const size = statSync(path).size;
  if (size > maxBytes) problems.push(`${basename(path)}: ${size} bytes, more than ${maxBytes}`);

  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  const project = mkdtempSync(join(tmpdir(), 'kubegrace-release-'));
  const env = { ...process.env, npm_config_cache: join(project, '.npm-cache'), npm_config_offline: 'true', NO_COLOR: '1' };
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', path], { cwd: project, env, encoding: 'utf8' });
  if (install.status !== 0) return [...problems, `${basename(path)}: npm install failed: ${install.stderr.trim()}`];
  const bin = join(project, 'node_modules', '.bin', 'kubegrace');
  const shown = spawnSync(bin, ['--version'], { cwd: project, env, encoding: 'utf8' }).stdout.trim();
  if (shown !== version) problems.push(`${basename(path)}: kubegrace --version prints "${shown}", not ${version}`);
  cpSync(join(root, 'examples', 'bad', 'prestop-missing.yaml'), join(project, 'deploy.yaml'));
  const check = spawnSync(bin, ['check', '--fail-on', 'warning', 'deploy.yaml'], { cwd: project, env, encoding: 'utf8' });
  if (check.status !== 1 || !/^deploy\.yaml:\d+:\d+: warning prestop-missing: /.test(check.stdout)) {
    problems.push(`${basename(path)}: kubegrace check did not report prestop-missing with exit 1 (exit ${check.status}: ${check.stdout}${check.stderr})`);
  }
  return problems;
}

/** `sha256sum` format, so `sha256sum -c SHA256SUMS` verifies the files next to it. */
export function writeChecksums(files, out) {
  const lines = files.map((file) => `${createHash('sha256').update(readFileSync(file)).digest('hex')}  ${basename(file)}`);
  writeFileSync(out, `${lines.join('\n')}\n`);
  return lines;
}

/**
 * The `kubegrace` npm package: scripts/pack-cli.mjs stages and packs it (from the dist/cli.js that
 * `npm test` builds first), then a real npm installs the tarball into an empty folder, offline and
 * with an empty cache (the package has no dependencies), and `npx kubegrace` runs from there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const out = mkdtempSync(join(tmpdir(), 'kubegrace-pack-'));
const tarball = execFileSync(process.execPath, [join(root, 'scripts', 'pack-cli.mjs'), '--no-build', '--out', out], { encoding: 'utf8' }).trim();

test('the tarball holds the bundled CLI, the rule pages (and the research notes they cite), a README and the license, and no dependencies', () => {
  const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
  const pages = readdirSync(join(root, 'docs', 'rules')).filter((f) => f.endsWith('.md'));
  assert.deepEqual(files, ['package/LICENSE', 'package/README.md', 'package/dist/cli.js', 'package/docs/research.md', ...pages.map((p) => `package/docs/rules/${p}`), 'package/package.json'].sort());
  const manifest = JSON.parse(execFileSync('tar', ['xzf', tarball, '-O', 'package/package.json'], { encoding: 'utf8' }));
  assert.equal(manifest.name, 'kubegrace');
  assert.equal(manifest.version, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  assert.deepEqual(manifest.bin, { kubegrace: 'dist/cli.js' });
  assert.deepEqual(manifest.engines, { node: '>=20' });
  assert.equal(manifest.license, 'Apache-2.0');
  assert.equal(manifest.dependencies, undefined);
  assert.equal(manifest.scripts, undefined, 'nothing runs at install time');
  const readme = execFileSync('tar', ['xzf', tarball, '-O', 'package/README.md'], { encoding: 'utf8' });
  assert.match(readme, /npx kubegrace check/);
});

test('npm installs the tarball into an empty folder offline, and npx kubegrace check runs', () => {
  const project = realpathSync(mkdtempSync(join(tmpdir(), 'kubegrace-npx-')));
  const env = { ...process.env, npm_config_cache: join(project, '.npm-cache'), npm_config_offline: 'true', npm_config_update_notifier: 'false', NO_COLOR: '1' };
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: project, env, encoding: 'utf8' });
  assert.equal(install.status, 0, install.stderr);
  cpSync(join(root, 'examples', 'bad', 'prestop-missing.yaml'), join(project, 'deploy.yaml'));
  cpSync(join(root, 'examples', 'bad', 'api-validation.yaml'), join(project, 'api.yaml'));

  const warn = spawnSync('npx', ['kubegrace', 'check', 'deploy.yaml'], { cwd: project, env, encoding: 'utf8' });
  assert.equal(warn.status, 1, 'a warning fails the default run');
  assert.match(warn.stdout, /^deploy\.yaml:19:17: warning prestop-missing: \S/);
  assert.match(warn.stdout, /\n1 warning in 1 of 1 file\n$/);
  const error = spawnSync('npx', ['kubegrace', 'check', '--fail-on', 'error', 'api.yaml', 'deploy.yaml'], { cwd: project, env, encoding: 'utf8' });
  assert.equal(error.status, 1);
  assert.match(error.stdout, /error api-validation/);

  // The installed bin link, as npm run scripts and PATH use it.
  const bin = join(project, 'node_modules', '.bin', 'kubegrace');
  const version = spawnSync(bin, ['--version'], { cwd: project, env, encoding: 'utf8' });
  assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  const rules = spawnSync(bin, ['rules'], { cwd: project, env, encoding: 'utf8' });
  assert.ok(rules.stdout.includes(join(project, 'node_modules', 'kubegrace', 'docs', 'rules', 'prestop-missing.md')), 'the rule pages come with the package');
  const sarif = JSON.parse(spawnSync(bin, ['check', '--format', 'sarif', 'deploy.yaml'], { cwd: project, env, encoding: 'utf8' }).stdout);
  // SARIF is read on a code-scanning page, not on the machine that ran the check: the published page of this version.
  const released = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
  assert.equal(sarif.runs[0].tool.driver.rules[0].helpUri, `https://github.com/kubegrace/kubegrace/blob/v${released}/docs/rules/prestop-missing.md`);
});

// Builds the `kubegrace` npm package (the CLI alone) and packs it with `npm pack`.
// The repository's package.json is the VS Code extension; the CLI package is staged separately in a
// temporary folder (one per run, so parallel test files do not race): the bundled dist/cli.js (every
// dependency inside it, so the package has none), the rule pages it links to (and the research notes
// they cite), its README, the license.
//
// Usage: node scripts/pack-cli.mjs [--no-build] [--out DIR]   (prints the tarball's path)
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const args = process.argv.slice(2);
const out = resolve(args.includes('--out') ? args[args.indexOf('--out') + 1] : join(root, 'build'));
const stage = join(mkdtempSync(join(tmpdir(), 'kubegrace-pack-')), 'kubegrace');

if (!args.includes('--no-build')) {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.error('pack-cli: dist/cli.js is missing; run npm run build first');
  process.exit(1);
}

const extension = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const manifest = {
  name: 'kubegrace',
  version: extension.version,
  description: 'Checks Kubernetes manifests for unsafe Pod shutdowns: preStop, grace periods, sidecars and the endpoint race, modelled the way the kubelet does it.',
  license: 'Apache-2.0',
  keywords: ['kubernetes', 'k8s', 'lint', 'preStop', 'graceful shutdown', 'SIGTERM', 'terminationGracePeriodSeconds', 'sarif'],
  ...(extension.repository ? { repository: extension.repository } : {}),
  ...(extension.homepage ? { homepage: extension.homepage } : {}),
  ...(extension.bugs ? { bugs: extension.bugs } : {}),
  bin: { kubegrace: 'dist/cli.js' },
  files: ['dist/cli.js', 'docs/rules/*.md', 'docs/research.md'],
  engines: { node: '>=20' },
};

mkdirSync(join(stage, 'dist'), { recursive: true });
mkdirSync(join(stage, 'docs'), { recursive: true });
cpSync(join(root, 'dist', 'cli.js'), join(stage, 'dist', 'cli.js'));
cpSync(join(root, 'docs', 'rules'), join(stage, 'docs', 'rules'), { recursive: true });
// Rule pages cite it for their sources (../research.md).
cpSync(join(root, 'docs', 'research.md'), join(stage, 'docs', 'research.md'));
cpSync(join(root, 'packaging', 'cli', 'README.md'), join(stage, 'README.md'));
cpSync(join(root, 'LICENSE'), join(stage, 'LICENSE'));
writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

mkdirSync(out, { recursive: true });
// --ignore-scripts: the package has none, and a user's npm config must not add any.
const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], { cwd: stage, encoding: 'utf8' }));
rmSync(dirname(stage), { recursive: true, force: true });
console.log(join(out, packed[0].filename));

// Bundles the CLI (and later the server and client) into dist/ with esbuild.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: { cli: 'server/cli/main.ts' },
  outdir: 'dist',
  banner: { js: '#!/usr/bin/env node' },
  define: { KUBEGRACE_VERSION: JSON.stringify(pkg.version) },
});
chmodSync('dist/cli.js', 0o755);

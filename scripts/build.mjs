// Bundles the CLI, the language server and the VS Code client into dist/ with esbuild.
// Minified bundles (about half the size: the .vsix and the extension host load less) with source
// maps beside them for stack traces; .vscodeignore keeps the maps out of the .vsix.
import { build } from 'esbuild';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { configSchema } from './config-schema.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: true,
  logLevel: 'warning',
  define: { KUBEGRACE_VERSION: JSON.stringify(pkg.version) },
};

const bundles = [
  build({
    ...common,
    entryPoints: { cli: 'server/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  }).then(() => chmodSync('dist/cli.js', 0o755)),
  // The extension host provides `vscode`; everything else (vscode-languageclient) is bundled.
  build({ ...common, entryPoints: { client: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] }),
];
// The server is started by the client (IPC) or by other editors (`node dist/server.js --stdio`).
if (existsSync('server/server.ts')) {
  bundles.push(build({ ...common, entryPoints: { server: 'server/server.ts' }, outdir: 'dist' }));
} else {
  console.warn('build: server/server.ts does not exist yet; dist/server.js not built');
}
await Promise.all(bundles);
// The GitHub Action and the pre-commit hook run the CLI from the repository at their tag, so a copy
// of the bundle is committed (action/dist/cli.js; test/cli/action.test.ts checks it is current).
mkdirSync('action/dist', { recursive: true });
// Without the source map comment: the map (1 MB) is not committed.
writeFileSync('action/dist/cli.js', readFileSync('dist/cli.js', 'utf8').replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n'));
chmodSync('action/dist/cli.js', 0o755);
// The schema of .kubegrace.yaml, contributed to Red Hat's YAML extension (yamlValidation).
mkdirSync('dist', { recursive: true });
writeFileSync('dist/kubegrace-config.schema.json', `${JSON.stringify(configSchema(pkg), null, 2)}\n`);

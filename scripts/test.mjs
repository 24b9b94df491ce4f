// Runs every test/**/*.test.ts with Node's own test runner (TypeScript through tsx).
// Usage: node scripts/test.mjs [filter-substring]        the tests that need only Node and npm
//        node scripts/test.mjs --system NAME [filter]     the tests of one entry of SYSTEM below
// Tests that drive a system program (one a fresh clone does not have without a root step) are left
// to their own npm script, which CI (.ci/run) runs after installing the program; `npm test` says so
// in one line. test/e2e/ has its own runner (`npm run test:e2e`).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

/** name → the test files it owns, the program they need and the npm script that runs them. */
const SYSTEM = {
  neovim: { files: ['test/editors/neovim.test.ts'], needs: 'nvim: scripts/ci-deps.sh as root', script: 'test:neovim' },
  conformance: {
    files: ['test/conformance/conformance.test.ts'],
    needs: 'root and the servers, shells and inits of scripts/ci-deps.sh',
    script: 'test:conformance',
  },
};
/** Runners of their own, listed in the one line `npm test` prints. */
const ELSEWHERE = [{ script: 'test:e2e', needs: 'code-server and Chromium: scripts/e2e-setup.sh' }];

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return ['fixtures', 'e2e', 'corpus'].includes(name) ? [] : find(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const { values, positionals } = parseArgs({ options: { system: { type: 'string' } }, allowPositionals: true });
const filter = positionals[0];
const systemFiles = new Set(Object.values(SYSTEM).flatMap((entry) => entry.files));
let files;
if (values.system) {
  const entry = SYSTEM[values.system];
  if (!entry) {
    console.error(`unknown --system ${values.system}: one of ${Object.keys(SYSTEM).join(', ')}`);
    process.exit(2);
  }
  files = entry.files;
} else {
  files = find('test').filter((f) => !systemFiles.has(f.split('\\').join('/')));
}
files = files.filter((f) => !filter || f.includes(filter)).sort();
if (files.length === 0) {
  const system = Object.entries(SYSTEM).find(([, entry]) => entry.files.some((f) => filter && f.includes(filter)));
  const hint = system && !values.system ? ` (${system[1].files.join(', ')}: npm run ${system[1].script})` : '';
  console.error(`no test files match ${filter ?? 'test/**/*.test.ts'}${hint}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...files], { stdio: 'inherit' });
if (!values.system && !filter) {
  const left = [...Object.values(SYSTEM), ...ELSEWHERE].map((entry) => `npm run ${entry.script} (${entry.needs})`);
  console.log(`Left to their own scripts (they need system programs): ${left.join('; ')}.`);
}
process.exit(result.status ?? 1);

/**
 * Issue 20, the CLI under hostile input: a reader that closes the pipe early (`| head -1`) ends the
 * run quietly for text, JSON, SARIF and explain (a real pipe, closed after the first chunk); a
 * kustomization listing two symbolic links to its own folder (a real symlink loop) is discovered
 * in one visit per real folder, and `kubegrace check` ends with kubectl's own "cycle" error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { overlayTree } from '../../server/render/discover';
import { CLI, deployment, runCli } from '../robust/helpers';
import { env, sandbox } from './helpers';

function closeEarly(args: string[], cwd: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

test('a closed stdout ends the run quietly: text, JSON, SARIF and explain', async () => {
  const box = sandbox();
  try {
    // Enough output that the pipe closes while the CLI still writes.
    writeFileSync(join(box.root, 'many.yaml'), Array.from({ length: 3000 }, (_, i) => deployment({ tgps: '1' }).replace('name: web}', `name: web${i}}`)).join('---\n'));
    for (const args of [['check'], ['check', '--format', 'json'], ['check', '--format', 'sarif'], ['explain']]) {
      const result = await closeEarly([...args, '--no-config', 'many.yaml'], box.root);
      assert.equal(result.stderr, '', `${args.join(' ')}: ${result.stderr}`);
      assert.ok(result.status === 0 || result.status === 1, `${args.join(' ')}: exit ${result.status}`);
    }
  } finally {
    box.remove();
  }
});

test('a kustomization with two symlinks to its own folder: one visit per real folder, and check ends', () => {
  const box = sandbox();
  try {
    const dir = join(box.root, 'loop');
    mkdirSync(dir);
    writeFileSync(join(dir, 'deployment.yaml'), deployment({ tgps: '30' }));
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n  - deployment.yaml\n  - a\n  - b\n');
    symlinkSync('.', join(dir, 'a'));
    symlinkSync('.', join(dir, 'b'));
    const started = Date.now();
    const tree = overlayTree(dir, () => 'resources:\n  - deployment.yaml\n  - a\n  - b\n');
    assert.deepEqual(tree.dirs, [dir]);
    assert.ok(Date.now() - started < 1000, `${Date.now() - started} ms`);
    const run = runCli(['check', '--no-config', dir], { env: env(box), timeout: 30000 });
    assert.notEqual(run.status, null, 'the CLI finished');
    assert.match(run.stderr, /cycle/i);
  } finally {
    box.remove();
  }
});

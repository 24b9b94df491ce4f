/**
 * The README's commands, run exactly as printed, in a fresh clone of this repository: every line of
 * a README code block that starts with `$ ` (the ones a reader types in the clone), and the output
 * the README shows after it. The clone is of the committed HEAD (`git clone` of this checkout); to
 * keep the test offline and quick, this checkout's node_modules is copied in before `npm install`
 * (npm then installs nothing and runs the `prepare` build, as it does on a first install).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');

/** Each `$ command` of the README's code blocks, with the lines shown after it up to the next one or the fence. */
function commands(markdown: string): Array<{ command: string; output: string }> {
  const out: Array<{ command: string; output: string }> = [];
  let inBlock = false;
  let current: { command: string; output: string } | undefined;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) {
      inBlock = !inBlock;
      current = undefined;
    } else if (inBlock && line.startsWith('$ ')) {
      current = { command: line.slice(2), output: '' };
      out.push(current);
    } else if (current) current.output += `${line}\n`;
  }
  return out;
}

/** The README wraps long lines; the program prints them whole. */
const words = (text: string) => text.split(/\s+/).filter(Boolean).join(' ');

test("the README's commands work as printed in a fresh clone, with the output it shows", { timeout: 300_000 }, () => {
  assert.ok(existsSync(join(root, '.git')), 'run from a git checkout');
  const listed = commands(readFileSync(join(root, 'README.md'), 'utf8'));
  assert.equal(listed[0]?.command, 'npm install', 'the first command sets up the clone');
  assert.match(listed[1]?.command ?? '', /^node dist\/cli\.js check /, 'the first example runs the CLI of the clone');

  const dir = mkdtempSync(join(tmpdir(), 'kubegrace-readme-'));
  try {
    const clone = join(dir, 'kubegrace');
    execFileSync('git', ['clone', '--quiet', root, clone]);
    execFileSync('cp', ['-a', `${join(root, 'node_modules')}/.`, join(clone, 'node_modules')]);
    const env = { ...process.env, NO_COLOR: '1', npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    for (const { command, output } of listed) {
      const r = spawnSync('sh', ['-c', command], { cwd: clone, env, encoding: 'utf8' });
      assert.notEqual(r.status, 2, `${command}: ${r.stderr}`);
      assert.ok(r.status === 0 || (r.status === 1 && command.includes(' check ')), `${command} exited ${r.status}: ${r.stderr}`);
      if (command === 'npm install') {
        assert.ok(existsSync(join(clone, 'dist', 'cli.js')), 'npm install leaves a runnable CLI (the prepare build)');
        continue;
      }
      assert.equal(words(r.stdout), words(output), `${command}: the output the README shows`);
    }
    // The first example fails the check: a warning is at the default gate.
    assert.equal(spawnSync('sh', ['-c', listed[1]!.command], { cwd: clone, encoding: 'utf8' }).status, 1);
    // The build in the clone changed no committed file (the action's bundle is current).
    assert.equal(execFileSync('git', ['status', '--porcelain'], { cwd: clone, encoding: 'utf8' }), '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

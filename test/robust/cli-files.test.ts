/**
 * The CLI's file handling (issue 11 "CLI robustness"): unreadable, read-only, non-regular, binary,
 * UTF-16, non-UTF-8, symlinked and empty inputs each get a clear message and never a stack trace,
 * and the readable files around them are still checked. Permission cases run the CLI as `nobody`
 * when the tests run as root (root ignores file modes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { gatherSources } from '../../server/cli/sources';
import { deployment, runCli, runCliAsUser, tempDir } from './helpers';

const GRACE_ZERO = deployment({ tgps: '0' });

function noStack(output: string): void {
  assert.doesNotMatch(output, /\n\s+at .+:\d+:\d+\)?/, `a stack trace:\n${output}`);
}

function world(dir: string): string {
  chmodSync(dir, 0o755);
  return dir;
}

test('--fix on a read-only file: a clear message, exit 2, the file unchanged', () => {
  const dir = world(tempDir('ro'));
  const file = join(dir, 'ro.yaml');
  writeFileSync(file, GRACE_ZERO);
  chmodSync(file, 0o444);
  const r = runCliAsUser(['check', '--fix', file]);
  noStack(r.stderr);
  assert.match(r.stderr, /kubegrace: cannot write .*ro\.yaml: permission denied; not fixed/);
  assert.equal(r.status, 2);
  assert.equal(readFileSync(file, 'utf8'), GRACE_ZERO);
});

test('an unreadable subdirectory is reported and the readable files are still checked', () => {
  const dir = world(tempDir('subdir'));
  for (const sub of ['a', 'b']) {
    mkdirSync(join(dir, sub));
    writeFileSync(join(dir, sub, 'x.yaml'), GRACE_ZERO);
  }
  chmodSync(join(dir, 'a'), 0o755);
  chmodSync(join(dir, 'b'), 0o000);
  const r = runCliAsUser(['check', dir]);
  chmodSync(join(dir, 'b'), 0o755);
  noStack(r.stderr);
  assert.match(r.stderr, /cannot read .*\/b: permission denied/);
  assert.match(r.stdout, /a\/x\.yaml:\d+:\d+: \w+ grace-zero/);
  assert.equal(r.status, 2);
});

test('fifos and /dev/zero are skipped as not regular files, without hanging', () => {
  const dir = tempDir('fifo');
  const fifo = join(dir, 'fifo.yaml');
  execFileSync('mkfifo', [fifo]);
  writeFileSync(join(dir, 'ok.yaml'), GRACE_ZERO);
  for (const args of [['check', fifo], ['check', '/dev/zero'], ['check', dir]]) {
    const r = runCli(args, { timeout: 10000 });
    assert.equal(r.signal, null, `${args.join(' ')} hung`);
    noStack(r.stderr);
    assert.match(r.stderr, /(fifo\.yaml|\/dev\/zero): not a regular file, skipped/);
  }
});

test('binary and UTF-16 files get a notice instead of passing silently', () => {
  const dir = tempDir('enc');
  const utf16 = join(dir, 'utf16.yaml');
  writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GRACE_ZERO, 'utf16le')]));
  const binary = join(dir, 'binary.yaml');
  writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
  const r = runCli(['check', utf16, binary]);
  assert.match(r.stderr, /utf16\.yaml: UTF-16 text, not checked/);
  assert.match(r.stderr, /binary\.yaml: a binary file/);
});

test('--fix leaves a file with bytes that are not UTF-8 untouched, with a message', () => {
  const dir = tempDir('latin1');
  const file = join(dir, 'latin1.yaml');
  const bytes = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(`\n${GRACE_ZERO}`)]);
  writeFileSync(file, bytes);
  const r = runCli(['check', '--fix', file]);
  noStack(r.stderr);
  assert.match(r.stderr, /latin1\.yaml: not fixed: it holds bytes that are not UTF-8/);
  assert.deepEqual(readFileSync(file), bytes);
  assert.match(r.stdout, /\w+ grace-zero/, 'still checked');
});

test('symlinks are followed; a loop is named as one, not "no such file"', () => {
  const dir = tempDir('links');
  mkdirSync(join(dir, 'real'));
  writeFileSync(join(dir, 'real', 'x.yaml'), GRACE_ZERO);
  symlinkSync(join(dir, 'real'), join(dir, 'linked'));
  symlinkSync('..', join(dir, 'real', 'up'));
  symlinkSync('loop-b.yaml', join(dir, 'loop-a.yaml'));
  symlinkSync('loop-a.yaml', join(dir, 'loop-b.yaml'));
  const r = runCli(['check', join(dir, 'linked'), join(dir, 'loop-a.yaml')], { timeout: 10000 });
  assert.equal(r.signal, null);
  noStack(r.stderr);
  assert.match(r.stdout, /linked\/x\.yaml:\d+:\d+: \w+ grace-zero/);
  assert.match(r.stderr, /loop-a\.yaml: symlink loop/);
  assert.doesNotMatch(r.stderr, /no such file/);
  // The folder reached again through `up` is walked once: each finding is reported once.
  assert.equal(r.stdout.match(/grace-zero/g)?.length, 1);
});

test('an empty folder prints "no YAML files found"', () => {
  const dir = tempDir('empty');
  const r = runCli(['check', dir]);
  assert.match(r.stderr, /no YAML files found/);
  noStack(r.stderr);
});

test('standard input that cannot be read is a message, not a stack trace', () => {
  const closed = () => {
    throw Object.assign(new Error('EBADF: bad file descriptor, read'), { code: 'EBADF' });
  };
  const gathered = gatherSources(['-'], closed, () => false);
  assert.deepEqual(gathered.unreadable, ['<stdin>: standard input is closed']);
  const r = runCli(['check', '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
  noStack(r.stderr);
  assert.equal(r.status, 0);
});

test('files over --max-file-size-mb are not read, with one notice; 0 means no limit', () => {
  const dir = tempDir('size');
  const file = join(dir, 'big.yaml');
  writeFileSync(file, `${GRACE_ZERO}---\n${'# padding\n'.repeat(120_000)}`);
  const r = runCli(['check', '--max-file-size-mb', '1', file]);
  assert.match(r.stderr, /big\.yaml: Not checked: the file is 1\.1 MB, more than the 1 MB of the maxFileSizeMB setting/);
  // Only the summary line: the file was not analysed.
  assert.equal(r.stdout.trim(), 'no problems in 0 files');
  assert.equal(r.status, 0);
  assert.match(runCli(['check', '--max-file-size-mb', '0', file]).stdout, /grace-zero/);
  const piped = runCli(['check', '--max-file-size-mb', '1', '-'], { input: readFileSync(file) });
  assert.match(piped.stderr, /<stdin>: Not checked/);
});

test('maxFileSizeMB in .kubegrace.yaml applies to the CLI', () => {
  const dir = tempDir('size-config');
  writeFileSync(join(dir, '.kubegrace.yaml'), 'maxFileSizeMB: 0.5\n');
  const file = join(dir, 'big.yaml');
  writeFileSync(file, `${GRACE_ZERO}---\n${'# padding\n'.repeat(60_000)}`);
  const r = runCli(['check', '--config', join(dir, '.kubegrace.yaml'), file]);
  assert.match(r.stderr, /big\.yaml: Not checked: the file is 0\.6 MB, more than the 0\.5 MB of the maxFileSizeMB setting/);
  assert.doesNotMatch(r.stderr, /unknown setting/);
});

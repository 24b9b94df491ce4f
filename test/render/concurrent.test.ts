/**
 * `kubegrace check .` on a platform repository renders its charts and overlays at once, at most one
 * per core (KUBEGRACE_JOBS here), and reports exactly what rendering them one after another reports.
 * Real helm and kubectl, behind shell wrappers on PATH that write when each run starts and ends, so
 * the overlap is measured on the real processes. The repository: test/render/platform.ts.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../robust/helpers';
import { env, eventually, leftovers, processesMentioning, sandbox, type Sandbox } from '../reliability/helpers';
import { writePlatform, type PlatformApp } from './platform';
import { packagedBin } from './tools';
import { main } from '../../server/cli/main';

const cwd = process.cwd();
let box: Sandbox;
let apps: PlatformApp[];
let bin = '';
let log = '';

/** helm and kubectl wrappers: a start line, a pause (so that runs that can overlap do), the real tool, an end line. */
function wrappers(dir: string, pause: string): void {
  mkdirSync(dir, { recursive: true });
  for (const tool of ['helm', 'kubectl']) {
    const real = join(packagedBin(), tool);
    writeFileSync(join(dir, tool), `#!/bin/sh\necho "start $(date +%s%N) $$" >> '${log}'\nsleep ${pause}\n'${real}' "$@"\nrc=$?\necho "end $(date +%s%N) $$" >> '${log}'\nexit $rc\n`);
    chmodSync(join(dir, tool), 0o755);
  }
}

/** The most runs that were under way at one moment, from the wrappers' log. */
function mostAtOnce(): { most: number; runs: number } {
  const events = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => line.split(' '));
  const sorted = events.map(([what, at]) => ({ delta: what === 'start' ? 1 : -1, at: BigInt(at!) })).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.delta - b.delta));
  let now = 0;
  let most = 0;
  for (const e of sorted) {
    now += e.delta;
    most = Math.max(most, now);
  }
  return { most, runs: events.filter(([what]) => what === 'start').length };
}

function cli(args: string[], jobs: number): { code: number; out: string; err: string } {
  writeFileSync(log, '');
  const saved = process.env.PATH;
  process.env.PATH = `${bin}:${packagedBin()}:${saved}`;
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = main(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: { KUBEGRACE_JOBS: String(jobs) } });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.env.PATH = saved;
  }
}

before(() => {
  box = sandbox();
  log = join(box.root, 'runs.log');
  bin = join(box.root, 'bin');
  wrappers(bin, '0.2');
  apps = writePlatform(join(box.root, 'repo'), 6);
  process.chdir(box.root);
});
after(() => {
  process.chdir(cwd);
  box.remove();
});

describe('check on a repository of many charts and overlays', () => {
  it('runs the tools at once, never more than KUBEGRACE_JOBS, and one at a time with 1', () => {
    const three = cli(['--no-config', 'check', 'repo', '--format', 'json'], 3);
    const at3 = mostAtOnce();
    assert.equal(three.err, '');
    assert.equal(at3.runs, apps.length, 'one tool run per chart or overlay');
    assert.ok(at3.most >= 2 && at3.most <= 3, `runs at once with KUBEGRACE_JOBS=3: ${at3.most}`);
    const one = cli(['--no-config', 'check', 'repo', '--format', 'json'], 1);
    const at1 = mostAtOnce();
    assert.equal(at1.runs, apps.length);
    assert.equal(at1.most, 1);
    assert.equal(one.out, three.out);
  });

  it('reports the same as rendering one after another, in every format, with the same exit code', () => {
    for (const format of ['text', 'json', 'sarif']) {
      const sequential = cli(['--no-config', 'check', 'repo', '--format', format], 1);
      const concurrent = cli(['--no-config', 'check', 'repo', '--format', format], 4);
      assert.equal(concurrent.out, sequential.out, format);
      assert.equal(concurrent.err, sequential.err, format);
      assert.equal(concurrent.code, sequential.code, format);
    }
    const explain = [1, 4].map((jobs) => cli(['--no-config', 'explain', 'repo'], jobs).out);
    assert.equal(explain[1], explain[0]);
    assert.match(explain[0]!, /overlay repo\/deploy\/app-02\/overlay/);
  });

  it('finds in the whole repository what naming each folder alone finds (no output given to the wrong folder)', () => {
    const rows = (json: string) => (JSON.parse(json).files as Array<{ path: string; findings: Array<{ rule: string; message: string; range: { start: { line: number } } }> }>).flatMap((f) => f.findings.map((x) => `${f.path}:${x.range.start.line + 1} ${x.rule} ${x.message}`));
    const whole = rows(cli(['--no-config', 'check', 'repo', '--format', 'json'], 4).out).filter((r) => !r.startsWith('repo/plain.yaml'));
    const alone = apps.flatMap((app) => rows(cli(['--no-config', 'check', join('repo', app.dir), '--format', 'json'], 4).out));
    assert.ok(alone.length > apps.length, 'the apps have findings');
    assert.deepEqual([...whole].sort(), [...alone].sort());
  });

  it('--fix --dry-run prints the same diffs, and changes nothing', () => {
    const before = readFileSync(join(box.root, 'repo', apps[2]!.dir, 'grace.yaml'), 'utf8');
    const sequential = cli(['--no-config', 'check', 'repo', '--fix', '--dry-run'], 1);
    const concurrent = cli(['--no-config', 'check', 'repo', '--fix', '--dry-run'], 4);
    assert.match(sequential.out, /^--- /m);
    assert.equal(concurrent.out, sequential.out);
    assert.equal(concurrent.err, sequential.err);
    assert.equal(concurrent.code, sequential.code);
    assert.equal(readFileSync(join(box.root, 'repo', apps[2]!.dir, 'grace.yaml'), 'utf8'), before);
  });
});

describe('--fix on a repository of many charts and overlays', () => {
  it('reports what is left after its writes, and writes the same files and reports the same as one at a time', () => {
    const trees = [1, 4].map((jobs) => {
      const repo = join(box.root, `fix-${jobs}`);
      writePlatform(repo, 6);
      // Two overlays of one base whose grace period only the base sets: the first one's fix edits the
      // base, so the second must be rendered again after it, not taken from the batch.
      for (const name of ['shared-a', 'shared-b']) {
        mkdirSync(join(repo, 'deploy/app-02', name));
        writeFileSync(join(repo, 'deploy/app-02', name, 'kustomization.yaml'), `namePrefix: ${name}-\nresources:\n  - ../base\npatches:\n  - path: prestop.yaml\n`);
        writeFileSync(join(repo, 'deploy/app-02', name, 'prestop.yaml'), readFileSync(join(repo, 'deploy/app-02/overlay/prestop.yaml'), 'utf8').replace('seconds: 19', 'seconds: 45'));
      }
      const run = cli(['--no-config', 'check', `fix-${jobs}`, '--fix'], jobs);
      // What --fix reports is what is left: a check of the fixed files afterwards says the same
      // (a render taken from before a write would report a finding already fixed).
      const after = cli(['--no-config', 'check', `fix-${jobs}`], jobs);
      assert.equal(run.out, after.out, `KUBEGRACE_JOBS=${jobs}`);
      const files = Object.fromEntries(
        (readdirSync(repo, { recursive: true }) as string[])
          .filter((f) => statSync(join(repo, f)).isFile())
          .sort()
          .map((f) => [f, readFileSync(join(repo, f), 'utf8')]),
      );
      return { run: { code: run.code, out: run.out.replaceAll(`fix-${jobs}`, 'REPO'), err: run.err.replaceAll(`fix-${jobs}`, 'REPO') }, files };
    });
    assert.match(trees[0]!.run.err, /: fixed /, 'some fixes were written');
    assert.match(trees[0]!.files['deploy/app-02/base/deployment.yaml']!, /terminationGracePeriodSeconds: (?!20\n)\d+/, 'the shared base was fixed');
    assert.deepEqual(trees[1]!.run, trees[0]!.run);
    assert.deepEqual(trees[1]!.files, trees[0]!.files);
  });
});

describe('the CLI killed while a batch renders', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal} ends every tool of the batch and its temporary folders`, async () => {
      const slow = sandbox();
      try {
        const slowBin = join(slow.root, 'bin');
        log = join(slow.root, 'runs.log');
        writeFileSync(log, '');
        wrappers(slowBin, '60');
        writePlatform(join(slow.root, 'repo'), 4);
        const run = env(slow);
        const child = spawn(process.execPath, [CLI, 'check', '--no-config', join(slow.root, 'repo')], { env: { ...run, PATH: `${slowBin}:${run.PATH}`, KUBEGRACE_JOBS: '4' }, stdio: 'ignore' });
        const status = new Promise<number | null>((resolve) => child.once('exit', (c, s) => resolve(c ?? (s ? 128 + (s === 'SIGTERM' ? 15 : 2) : null))));
        assert.ok(await eventually(() => processesMentioning(slowBin).length >= 4, 10000), 'four tools run at once');
        assert.ok(leftovers(slow.tmp).length > 0, "the overlay's temporary folder exists while it builds");
        child.kill(signal);
        assert.equal(await status, code);
        assert.ok(await eventually(() => processesMentioning(slowBin).length === 0, 3000), `processes left: ${processesMentioning(slowBin).length}`);
        assert.deepEqual(leftovers(slow.tmp), []);
      } finally {
        slow.remove();
        log = join(box.root, 'runs.log');
      }
    });
  }
});

/**
 * A checked repository must not make `kubegrace check` run its own programs, nor reach the network
 * through a remote Kustomize base (issue 17). Real helm and kubectl; a real script that leaves a
 * marker file when it runs; a real git refusing ssh.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOverlay } from '../../server/render/kustomize/kustomize';
import { isRemote } from '../../server/render/kustomize/remote';
import { runToolSync } from '../../server/render/tools';
import { packagedBin, runCli } from './tools';

let dir = '';
const marker = () => join(dir, 'ran');

function cli(args: string[], env: Record<string, string | undefined> = {}) {
  return runCli(args, env);
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubegrace-trust-'));
  // A repository whose settings file names its own "helm": a script that records that it ran,
  // then hands over to the real helm so that the run would otherwise look normal.
  mkdirSync(join(dir, 'repo/chart/templates'), { recursive: true });
  mkdirSync(join(dir, 'repo/tools'));
  writeFileSync(join(dir, 'repo/.kubegrace.yaml'), 'helmPath: ./tools/helm\nkubectlPath: ./tools/helm\n');
  writeFileSync(join(dir, 'repo/tools/helm'), `#!/bin/sh\ntouch ${JSON.stringify(marker())}\nexec helm "$@"\n`);
  chmodSync(join(dir, 'repo/tools/helm'), 0o755);
  writeFileSync(join(dir, 'repo/chart/Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
  writeFileSync(
    join(dir, 'repo/chart/templates/deployment.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      terminationGracePeriodSeconds: 0\n      containers:\n        - name: web\n          image: nginx:1.27\n',
  );
  // An overlay whose base is fetched over ssh.
  mkdirSync(join(dir, 'remote'));
  writeFileSync(join(dir, 'remote/kustomization.yaml'), 'resources:\n  - git@github.com:kubernetes-sigs/kustomize.git//examples/helloWorld?ref=v3.3.1\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('programs named by the checked repository', () => {
  it('are not run without an opt-in: the notice says so and helm from PATH renders', () => {
    const r = cli(['check', '--format', 'json', '--fail-on', 'none', join(dir, 'repo/chart')]);
    assert.equal(existsSync(marker()), false, 'the repository’s script ran');
    assert.match(r.err, /ignored helmPath, kubectlPath of .*\.kubegrace\.yaml: a checked repository may not choose the programs kubegrace runs; using PATH/);
    assert.equal(r.code, 0);
    // The chart was still rendered and checked (by the helm on PATH): grace-zero on the template line.
    const files = JSON.parse(r.out).files as Array<{ path: string; findings: Array<{ rule: string; range: { start: { line: number } } }> }>;
    assert.deepEqual(files.flatMap((f) => f.findings.filter((x) => x.rule === 'grace-zero').map((x) => `${f.path.split('/').pop()}:${x.range.start.line + 1}`)), ['deployment.yaml:10']);
  });

  it('are run with --allow-config-tools', () => {
    rmSync(marker(), { force: true });
    const r = cli(['check', '--allow-config-tools', '--fail-on', 'none', join(dir, 'repo/chart')]);
    assert.equal(r.code, 0, r.err);
    assert.equal(existsSync(marker()), true);
    assert.doesNotMatch(r.err, /ignored helmPath/);
  });

  it('are run with KUBEGRACE_ALLOW_CONFIG_TOOLS=1 in the environment', () => {
    rmSync(marker(), { force: true });
    const r = cli(['check', '--fail-on', 'none', join(dir, 'repo/chart')], { KUBEGRACE_ALLOW_CONFIG_TOOLS: '1' });
    assert.equal(r.code, 0, r.err);
    assert.equal(existsSync(marker()), true);
  });
});

describe('remote Kustomize bases', () => {
  it('are refused before kubectl runs, naming the file and the reference', () => {
    const r = cli(['check', join(dir, 'remote')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /kustomization\.yaml refers to the remote git@github\.com:kubernetes-sigs\/kustomize\.git\/\/examples\/helloWorld\?ref=v3\.3\.1; kubegrace never downloads/);
    assert.equal(r.out, "1 chart or overlay not checked: could not be rendered");
  });

  it('cannot reach ssh even when kubectl is run on them directly: git refuses the transport', () => {
    // buildOverlay alone skips the up-front check; the child environment must still stop git.
    const kubectl = join(packagedBin(), 'kubectl');
    assert.throws(
      () => buildOverlay(join(dir, 'remote'), { kubectl }, (program, args, cwd) => runToolSync(program, args, { cwd })),
      /transport 'ssh' not allowed/,
    );
    assert.throws(() => runToolSync('git', ['ls-remote', 'ssh://git@github.com/kubernetes-sigs/kustomize.git']), /transport 'ssh' not allowed/);
  });

  it('are told from local folders', () => {
    assert.equal(isRemote('git@github.com:org/repo//base?ref=v1', dir), true);
    assert.equal(isRemote('ssh://git@example.com/org/repo.git', dir), true);
    assert.equal(isRemote('https://github.com/org/repo//base', dir), true);
    assert.equal(isRemote('github.com/org/repo/base?ref=v2', dir), true);
    assert.equal(isRemote('../base', dir), false);
    assert.equal(isRemote('deployment.yaml', dir), false);
  });
});

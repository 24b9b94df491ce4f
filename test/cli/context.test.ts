/** `--context PATH`: Services and Ingresses of other files count, those files are not reported on. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../server/cli/main';

// Plain text whatever the CI's environment asks for (FORCE_COLOR would colour even into a pipe).
delete process.env.FORCE_COLOR;

function cli(args: string[]) {
  let out = '';
  let err = '';
  const status = main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { status, out, err };
}

const [deployment, service] = readFileSync(resolve(__dirname, '../../examples/bad/prestop-missing.yaml'), 'utf8').split('\n---\n');
const repo = mkdtempSync(join(tmpdir(), 'kubegrace-context-'));
mkdirSync(join(repo, '.git'));
mkdirSync(join(repo, 'services'));
writeFileSync(join(repo, 'deployment.yaml'), deployment!);
writeFileSync(join(repo, 'services', 'checkout.yaml'), service!);
writeFileSync(join(repo, 'services', 'other.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  terminationGracePeriodSeconds: 0\n  containers: [{name: c, image: x}]\n');

test('without --context the Deployment is not known to be served; with it the Service counts', () => {
  const alone = JSON.parse(cli(['check', '--format', 'json', join(repo, 'deployment.yaml')]).out);
  assert.equal(alone.files[0].findings[0].severity, 'information');
  const withContext = cli(['check', '--format', 'json', '--context', repo, join(repo, 'deployment.yaml')]);
  const json = JSON.parse(withContext.out);
  assert.deepEqual(json.files.map((f: { path: string }) => f.path), [join(repo, 'deployment.yaml')], 'context files are not reported on');
  assert.equal(json.files[0].findings[0].severity, 'warning');
  assert.match(json.files[0].findings[0].message, /Service\/checkout/);
});

test('--context is repeatable, takes files, and a missing one is a notice', () => {
  const r = cli(['check', '--fail-on', 'error', '--context', join(repo, 'nothing'), '--context', join(repo, 'services', 'checkout.yaml'), join(repo, 'deployment.yaml')]);
  assert.match(r.out, /warning prestop-missing/);
  assert.match(r.err, /--context: cannot read .*nothing/);
  assert.equal(r.status, 0);
  assert.equal(cli(['check', '--context', '-', join(repo, 'deployment.yaml')]).status, 2);
});

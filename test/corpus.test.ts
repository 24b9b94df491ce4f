/**
 * The real-world corpus (test/corpus; sources and licenses in its SOURCES.md and LICENSES.md): the CLI
 * never throws, stays quiet on non-Kubernetes files and CRD schemas, models ingress-nginx correctly,
 * and its whole output is kept as a snapshot so any change is deliberate. Refresh with UPDATE_SNAPSHOTS=1 after reviewing the diff.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { main } from '../server/cli/main';
import type { JsonFile } from '../server/cli/output/report';

const corpus = resolve(__dirname, 'corpus');
/** The corpus's own notes, not corpus files. */
const NOTES = new Set(['SOURCES.md', 'LICENSES.md']);
const snapshotPath = join(__dirname, 'snapshots/corpus.json');

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : NOTES.has(name) ? [] : [path];
    });
}

function check(path: string): { status: number; file: JsonFile } {
  let out = '';
  const status = main(['check', '--format', 'json', path], { out: (t) => (out += t), err: () => {} });
  const [file] = (JSON.parse(out) as { files: JsonFile[] }).files;
  return { status, file: file! };
}

/** SOURCES.md rows: path inside the corpus → the row's kinds and notes. */
function sources(): Map<string, string> {
  const rows = new Map<string, string>();
  let dir = '';
  for (const line of readFileSync(join(corpus, 'SOURCES.md'), 'utf8').split('\n')) {
    const heading = /^### (\S+) — /.exec(line);
    if (heading) dir = heading[1]!;
    const row = /^\| `([^`]+)` \|(.*)$/.exec(line);
    if (row && dir) rows.set(`${dir}/${row[1]}`, row[2]!);
  }
  return rows;
}

const all = existsSync(corpus) ? files(corpus) : [];
const results = new Map(all.map((path) => [relative(corpus, path), check(path)]));

test('the corpus is there and every file is checked with exit 0 or 1', () => {
  assert.ok(all.length >= 140, `expected the ~146 corpus files at ${corpus}, found ${all.length}`);
  for (const [path, { status }] of results) assert.ok(status === 0 || status === 1, `${path} exited ${status}`);
});

test('no findings on non-Kubernetes files, unrendered templates and CRD schemas', () => {
  const rows = sources();
  const quiet = [...rows].filter(([, row]) => /NON-K8S|UNRENDERED|CRD \(schema only\)|\| CustomResourceDefinition \|/.test(row)).map(([path]) => path);
  assert.ok(quiet.length >= 25, `SOURCES.md lists the quiet files (${quiet.length})`);
  for (const path of quiet) {
    const result = results.get(path);
    assert.ok(result, `${path} is in the corpus`);
    assert.deepEqual(result.file.findings, [], `${path} has no findings`);
  }
});

test('ingress-nginx: the controller (preStop /wait-shutdown, grace 300) gets no timing finding', () => {
  const timing = new Set(['prestop-missing', 'prestop-too-short', 'prestop-exceeds-grace', 'grace-exhausted']);
  for (const provider of ['cloud', 'baremetal', 'aws/nlb-with-tls-termination']) {
    const { file } = results.get(`ingress-nginx/deploy/static/provider/${provider}/deploy.yaml`)!;
    const controller = file.findings.filter((f) => f.object === 'Deployment/ingress-nginx-controller');
    assert.deepEqual(controller.filter((f) => timing.has(f.rule)), [], provider);
  }
});

test('unparsable documents are reported once as parse problems, not as findings', () => {
  const { file } = results.get('polaris/pkg/kube/test_files/test_3/bad.yaml')!;
  assert.deepEqual(file.findings, []);
  assert.equal(file.errors.length, 1);
  const helm = results.get('ingress-nginx/charts/ingress-nginx/templates/controller-deployment.yaml')!.file;
  assert.match(helm.errors[0]!, /unrendered template/);
});

test('the corpus output matches the reviewed snapshot', () => {
  const snapshot: Record<string, string[]> = {};
  for (const [path, { file }] of results) {
    const lines = file.findings.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.rule} ${f.object}${f.container ? ` [${f.container}]` : ''}`);
    if (lines.length > 0) snapshot[path] = lines;
  }
  if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(snapshotPath, `${JSON.stringify(snapshot, null, 2)}\n`);
  assert.ok(existsSync(snapshotPath), 'no snapshot yet: run UPDATE_SNAPSHOTS=1 npm run test:unit -- corpus and review it');
  assert.deepEqual(snapshot, JSON.parse(readFileSync(snapshotPath, 'utf8')));
});

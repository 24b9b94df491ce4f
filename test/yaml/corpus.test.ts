// Runs the YAML layer over the real-world corpus described in test/corpus/SOURCES.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extractFacts } from '../../server/yaml/facts/extract';
import { workloadInputs } from '../../server/yaml/facts/match';
import { parseFile } from '../../server/yaml/parse/parse';

const CORPUS = resolve(__dirname, '../corpus');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Corpus paths (relative to the corpus root) whose SOURCES.md row says NON-K8S, or that hold only a CRD. */
function nonWorkloadFiles(): string[] {
  const result: string[] = [];
  let source = '';
  for (const line of readFileSync(join(CORPUS, 'SOURCES.md'), 'utf8').split('\n')) {
    const heading = /^### (\S+) — /.exec(line);
    if (heading) source = heading[1]!;
    const cells = line.split('|').map((cell) => cell.trim());
    const path = /^`(.+)`$/.exec(cells[1] ?? '');
    if (!source || !path || cells.length < 8) continue;
    const kinds = cells[5]!;
    const notes = cells[6]!;
    if (notes.startsWith('NON-K8S') || kinds === 'CustomResourceDefinition') result.push(`${source}/${path[1]}`);
  }
  return result;
}

test('extractFacts never throws on any corpus file', () => {
  const all = files(CORPUS).filter((path) => !/\/(SOURCES|LICENSES)\.md$/.test(path));
  assert.ok(all.length >= 140, `only ${all.length} corpus files`);
  for (const path of all) {
    const text = readFileSync(path, 'utf8');
    assert.doesNotThrow(() => workloadInputs(extractFacts(parseFile(text))), path);
  }
});

test('NON-K8S and CRD corpus files yield no workloads', () => {
  const listed = nonWorkloadFiles();
  assert.ok(listed.length >= 20, `only ${listed.length} NON-K8S/CRD rows found in SOURCES.md`);
  for (const relative of listed) {
    const path = join(CORPUS, relative);
    assert.ok(existsSync(path), `listed but missing: ${relative}`);
    const facts = extractFacts(parseFile(readFileSync(path, 'utf8')));
    assert.deepEqual(
      facts.workloads.map((w) => `${w.kind}/${w.name}`),
      [],
      relative,
    );
  }
});

test('argo-cd install.yaml (1.9 MB): the CRDs are skipped, the workloads found', () => {
  const text = readFileSync(join(CORPUS, 'argo-cd/manifests/install.yaml'), 'utf8');
  const file = parseFile(text);
  const facts = extractFacts(file);
  const crds = file.chunks.filter((chunk) => chunk.content.kind === 'CustomResourceDefinition');
  assert.equal(crds.length, 3);
  assert.ok(crds.every((chunk) => chunk.content.skipped && !chunk.content.isParsed));
  assert.equal(facts.workloads.length, 7);
  assert.equal(facts.services.length, 8);
  assert.deepEqual(facts.parseErrors, []);
});

test('invalid corpus files give parse errors, not facts', () => {
  for (const relative of ['polaris/pkg/kube/test_files/test_3/bad.yaml', 'kube-linter/pkg/command/lint/testdata/invalid.yaml']) {
    const facts = extractFacts(parseFile(readFileSync(join(CORPUS, relative), 'utf8')));
    assert.equal(facts.parseErrors.length, 1, relative);
    assert.deepEqual(facts.workloads, [], relative);
  }
});

/** files.exclude globs and the folder rules of the workspace index. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { excludeMatcher, globToRegExp } from '../../server/workspace/glob';
import { childUri, folderOf, keyOf, skipped } from '../../server/workspace/folders';

test('globs: ** spans folders (or none), * and ? stay within a segment, {a,b} and [..] alternatives', () => {
  const cases: Array<[string, string, boolean]> = [
    ['**/.git', '.git', true],
    ['**/.git', 'a/b/.git', true],
    ['**/dist', 'dist', true],
    ['**/dist', 'src/distant', false],
    ['dist', 'dist', true],
    ['dist', 'a/dist', false],
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'x/a.yaml', false],
    ['**/*.yaml', 'x/y/a.yaml', true],
    ['charts/**', 'charts/web/templates/d.yaml', true],
    ['charts/**/templates', 'charts/web/templates', true],
    ['charts/**/templates', 'charts/templates', true],
    ['file?.yml', 'file1.yml', true],
    ['file?.yml', 'file/.yml', false],
    ['**/{build,out}', 'a/out', true],
    ['**/{build,out}', 'a/output', false],
    ['**/*.{yaml,yml}', 'k/a.yml', true],
    ['v[0-9].yaml', 'v1.yaml', true],
    ['v[!0-9].yaml', 'v1.yaml', false],
    ['a+b (1).yaml', 'a+b (1).yaml', true],
    ['./local', 'local', true],
  ];
  for (const [glob, path, expected] of cases) assert.equal(globToRegExp(glob).test(path), expected, `${glob} ~ ${path}`);
});

test('files.exclude: only patterns set to true exclude; when-clauses and junk are ignored', () => {
  const excluded = excludeMatcher({ '**/dist': true, '**/tmp': false, '**/*.js': { when: '$(basename).ts' }, '{': true });
  assert.equal(excluded('a/dist'), true);
  assert.equal(excluded('a/tmp'), false);
  assert.equal(excluded('a.js'), false);
  assert.equal(excludeMatcher(undefined)('dist'), false);
  assert.equal(excludeMatcher('**/dist')('dist'), false);
});

test('folders: node_modules and .git are skipped, an excluded folder excludes what is below it', () => {
  const folder = folderOf('file:///ws/', { '**/generated': true })!;
  assert.equal(folder.uri, 'file:///ws');
  assert.equal(skipped(folder, 'node_modules/x/a.yaml'), true);
  assert.equal(skipped(folder, 'a/.git/a.yaml'), true);
  assert.equal(skipped(folder, 'k8s/generated/deep/a.yaml'), true);
  assert.equal(skipped(folder, 'k8s/a.yaml'), false);
  assert.equal(folderOf('vscode-vfs://github/o/r'), undefined, 'virtual folders are not on disk');
});

test('file URIs: built the way the client spells them, keyed by path whatever the spelling', () => {
  const folder = folderOf('file:///ws/my%20app')!;
  assert.equal(childUri(folder, 'k8s/web (prod).yaml'), 'file:///ws/my%20app/k8s/web%20%28prod%29.yaml');
  assert.equal(keyOf('file:///ws/my%20app/k8s/web%20%28prod%29.yaml'), keyOf('file:///ws/my app/k8s/web (prod).yaml'));
  assert.equal(keyOf('untitled:Untitled-1'), 'untitled:Untitled-1');
});

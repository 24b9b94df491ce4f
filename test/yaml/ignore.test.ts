import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRules, readIgnoreComments } from '../../server/yaml/facts/ignore';
import { at, factsOf, yaml } from './helpers';

test('an ignore comment applies to the next line that is not blank or a comment', () => {
  const text = yaml(
    'apiVersion: v1',
    'kind: Pod',
    'spec:',
    '  containers:',
    '    # kubegrace-ignore prestop-missing, grace-zero -- batch job, nobody waits',
    '',
    '    # another comment',
    '    - name: app',
    '      #kubegrace-ignore',
    '      image: x',
  );
  const comments = factsOf(text).ignoreComments;
  assert.equal(comments.length, 2);
  assert.equal(at(text, comments[0]!.line), '    - name: app');
  assert.deepEqual(comments[0]!.rules, ['prestop-missing', 'grace-zero']);
  assert.equal(at(text, comments[1]!.line), '      image: x');
  assert.deepEqual(comments[1]!.rules, [], 'no list: every rule');
});

test('rule lists: commas or blanks, stop at trailing text', () => {
  assert.deepEqual(parseRules(' a-b c-d,e'), ['a-b', 'c-d', 'e']);
  assert.deepEqual(parseRules(' prestop-missing -- reason with words'), ['prestop-missing']);
  assert.deepEqual(parseRules(': prestop-missing (legacy)'), ['prestop-missing']);
  assert.deepEqual(parseRules(' -- all of them'), []);
  assert.deepEqual(parseRules(' Prestop-Missing'), []);
  assert.deepEqual(parseRules(' a, a'), ['a']);
});

test('CRLF lines: the span stops before the CR; ignore comments in skipped documents count too', () => {
  const text = 'kind: ConfigMap\r\n# kubegrace-ignore shell-pid1\r\ndata: {}\r\n';
  const comments = readIgnoreComments(text);
  assert.deepEqual(comments, [{ line: { start: text.indexOf('data'), end: text.indexOf('data') + 'data: {}'.length }, rules: ['shell-pid1'] }]);
});

test('not an ignore comment: other words, trailing comments, no following line', () => {
  const text = yaml('# kubegrace-ignored x', 'a: 1 # kubegrace-ignore x', 'b: 2', '# kubegrace-ignore at-the-end');
  assert.deepEqual(readIgnoreComments(text), []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open, WEB } from './harness';

test('a code lens above each workload summarises its timeline and opens the view', async () => {
  const o = open(WEB.replace('readinessProbe: {httpGet: {path: /ready, port: 8080}}', 'readinessProbe: {httpGet: {path: /ready, port: 8080}}\n          lifecycle: {preStop: {sleep: {seconds: 5}}}'));
  const lenses = await o.service.codeLenses(o.uri);
  assert.equal(lenses.length, 1);
  assert.deepEqual(lenses[0]!.range, { start: { line: 1, character: 6 }, end: { line: 1, character: 16 } });
  assert.equal(lenses[0]!.command!.title, 'SIGTERM at 5 s · SIGKILL at 30 s · drain 25 s');
  assert.equal(lenses[0]!.command!.command, 'kubegrace.showTimeline');
  assert.deepEqual(lenses[0]!.command!.arguments, [{ uri: o.uri, position: { line: 1, character: 6 } }]);
});

test('the lens counts findings and containers', async () => {
  const o = open(WEB);
  assert.equal((await o.service.codeLenses(o.uri))[0]!.command!.title, 'SIGTERM at 0 s · SIGKILL at 30 s · drain 30 s · 1 finding');
});

test('the timeline request: the workload at or above the position, with its version and findings', async () => {
  const o = open(WEB);
  const result = (await o.service.timeline({ uri: o.uri, position: { line: 15, character: 3 } }))!;
  assert.equal(result.timeline.object, 'Deployment/web');
  assert.equal(result.version, 1);
  assert.equal(result.line, 1);
  assert.deepEqual(result.findings.map((f) => f.rule), ['prestop-missing']);
  const below = (await o.service.timeline({ uri: o.uri, position: { line: 22, character: 0 } }))!;
  assert.equal(below.timeline.object, 'Deployment/web', 'from the Service below, the nearest workload above');
  assert.equal(await open('a: 1\n').service.timeline({ uri: 'file:///work/app.yaml', position: { line: 0, character: 0 } }), null);
});

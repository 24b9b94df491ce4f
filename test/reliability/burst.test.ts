/**
 * Issue 20: typing in a chart template. A push client (like Neovim) sends 10 edits 50 ms apart to a
 * template of a chart, rendered by the real helm (counted by a wrapper that execs it). The burst
 * starts one helm, not one per keystroke; no list is published for a render a newer edit replaced
 * (no empty list, findings never vanish); the final list is published once; another open file of
 * the chart, whose findings did not change, is not published again.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PUSH_CLIENT, TestClient } from '../protocol/client';
import { deployment } from '../robust/helpers';
import { countingHelm, env, folderParams, sandbox, uriOf, writeChart } from './helpers';

after(() => TestClient.killAll());

test('a 10-keystroke burst in a template: one helm, no empty or repeated lists', async () => {
  const box = sandbox();
  const client = new TestClient({ env: env(box) });
  try {
    const text = deployment({ tgps: '30' });
    const other = text.replace('name: web}', 'name: other}');
    const chart = writeChart(box.root, 'typing', { 'web.yaml': text, 'other.yaml': other });
    const counting = countingHelm(box.root);
    client.configuration = { helmPath: counting.helm };
    await client.initialize(PUSH_CLIENT, folderParams(box.root));
    const uri = uriOf(join(chart, 'templates/web.yaml'));
    const otherUri = uriOf(join(chart, 'templates/other.yaml'));
    await client.open(uri, text);
    await client.open(otherUri, other);
    await client.until(() => client.latest(uri)?.diagnostics.some((d) => d.code === 'prestop-missing') && client.latest(otherUri)?.diagnostics.length, 'first lists', 20000);
    const runsBefore = counting.runs();
    const publishedBefore = client.published.length;
    let edited = text;
    for (let version = 2; version <= 11; version++) {
      edited = version === 11 ? edited.replace('terminationGracePeriodSeconds: 30', 'terminationGracePeriodSeconds: 0') : `${edited}# ${version}\n`;
      await client.change(uri, version, edited);
      await new Promise((r) => setTimeout(r, 50));
    }
    await client.until(() => client.latest(uri)?.diagnostics.some((d) => d.code === 'grace-zero'), 'the final list', 20000);
    // A quiet second: anything still to come (a late render, a repeat) would arrive in it.
    await new Promise((r) => setTimeout(r, 1000));
    const after = client.published.slice(publishedBefore);
    const mine = after.filter((p) => p.uri === uri);
    assert.equal(counting.runs() - runsBefore, 1, 'helm runs for the burst');
    assert.deepEqual(
      mine.map((p) => p.diagnostics.map((d) => d.code).sort()),
      [['grace-zero', 'prestop-missing']],
      'lists published for the edited template',
    );
    assert.deepEqual(
      after.filter((p) => p.uri === otherUri),
      [],
      'the unchanged file is not published again',
    );
  } finally {
    await client.stop();
    box.remove();
  }
});

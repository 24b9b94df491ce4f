/**
 * A short, seeded round of the fuzzers (`npm run fuzz` runs them for longer with a random seed):
 * the same edits every run, against the real server over JSON-RPC and the real CLI.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzServer } from '../scripts/fuzz/server';
import { fuzzCli } from '../scripts/fuzz/cli';
import { loadSeeds, mutate, Random } from '../scripts/fuzz/mutate';
import { TestClient } from './protocol/client';

after(() => TestClient.killAll());

test('the mutations are deterministic per seed', () => {
  const [seed] = loadSeeds();
  const a = new Random(42);
  const b = new Random(42);
  const edits = Array.from({ length: 20 }, () => [mutate(seed!.text, a), mutate(seed!.text, b)]);
  for (const [x, y] of edits) assert.equal(x, y);
  assert.ok(new Set(edits.map(([x]) => x)).size > 10, 'and they differ from each other');
});

test('server: 80 seeded edits, every request answered, no crash, no stack in the log', async () => {
  const stats = await fuzzServer({ seed: 20261130, edits: 80, limitMs: 10000 });
  assert.equal(stats.edits, 80);
  assert.ok(stats.requests >= 80 * 5);
  assert.deepEqual(stats.failures.map((f) => f.what), []);
});

test('CLI: 5 seeded inputs through check --fix and explain', () => {
  const stats = fuzzCli({ seed: 20261130, runs: 5, timeoutMs: 20000 });
  assert.equal(stats.runs, 10);
  assert.deepEqual(stats.failures.map((f) => f.what), []);
});

/**
 * Fuzzes the language server over real JSON-RPC (dist/server.js --stdio): random edits of the seed
 * manifests, and after each edit every request an editor sends, plus some malformed ones. A
 * failure is a crash, an error-level log with a stack, a request slower than the limit, a wrong
 * error code, or a quick fix that turns valid YAML invalid.
 */
import { parseAllDocuments } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PULL_CLIENT, TestClient } from '../../test/protocol/client';
import { loadSeeds, mutate, Random } from './mutate';

export interface FuzzFailure {
  what: string;
  input: string;
}

export interface FuzzStats {
  edits: number;
  requests: number;
  slowest: { method: string; ms: number };
  failures: FuzzFailure[];
}

export interface FuzzOptions {
  seed: number;
  /** Stop after this many edits, or at `deadline` (ms since the epoch), whichever comes first. */
  edits: number;
  deadline?: number;
  /** A request slower than this is a failure. */
  limitMs: number;
}

const URI = 'file:///fuzz/manifest.yaml';

function valid(text: string): boolean {
  try {
    return parseAllDocuments(text, { version: '1.1', merge: true, uniqueKeys: false, logLevel: 'error' } as never).every((d) => d.errors.length === 0);
  } catch {
    return false;
  }
}

function randomPosition(text: string, random: Random) {
  const lines = text.split('\n');
  const line = random.int(lines.length + 2);
  return { line, character: random.int((lines[line]?.length ?? 0) + 2) };
}

/** Random JSON shaped a little like LSP params (so some of it gets past the first check). */
function randomParams(random: Random, uri: string, depth: number): unknown {
  const position = { line: 1, character: 2 };
  const leaf = () => random.pick<unknown>([null, 0, -1, 1.5, 2 ** 53, '', uri, 'x', true, [], {}, position, { start: position, end: position }, { uri }, ['quickfix'], { kubegrace: 'deferred-fix', uri, version: 1 }, 'kubegrace', 'prestop-missing']);
  if (depth === 0 || random.next() < 0.3) return leaf();
  if (random.next() < 0.2) return Array.from({ length: random.int(3) }, () => randomParams(random, uri, depth - 1));
  const keys = ['textDocument', 'uri', 'position', 'line', 'character', 'range', 'start', 'end', 'context', 'diagnostics', 'only', 'data', 'title', 'kind', 'key', 'source', 'code', 'version', 'fix'];
  const result: Record<string, unknown> = {};
  for (let i = random.int(4); i >= 0; i--) result[random.pick(keys)] = randomParams(random, uri, depth - 1);
  return result;
}

export async function fuzzServer(options: FuzzOptions): Promise<FuzzStats> {
  const random = new Random(options.seed);
  const seeds = loadSeeds();
  const stats: FuzzStats = { edits: 0, requests: 0, slowest: { method: '', ms: 0 }, failures: [] };
  const client = new TestClient();
  // Odd but valid settings: huge estimates must not hang the timeline or the chart.
  const settingsPool: Array<Record<string, unknown>> = [{}, { endpointPropagationSeconds: 1e10 }, { shutdownSeconds: 1e300, kubernetesVersion: '1.28' }, { kubernetesVersion: '1.37', maxFileSizeMB: 0.01 }, { rules: { 'grace-zero': 'off' } }];
  client.configuration = random.pick(settingsPool);
  await client.initialize({ ...PULL_CLIENT, textDocument: { ...PULL_CLIENT.textDocument, codeLens: {} } });
  let text = seeds[0]!.text;
  let version = 1;
  await client.open(URI, text, version);

  const call = async <T>(method: string, params: unknown): Promise<T | { error: number }> => {
    const started = Date.now();
    try {
      return await client.connection.sendRequest<T>(method, params);
    } catch (error) {
      return { error: (error as { code: number }).code };
    } finally {
      const ms = Date.now() - started;
      stats.requests++;
      if (ms > stats.slowest.ms) stats.slowest = { method, ms };
      if (ms > options.limitMs) stats.failures.push({ what: `${method} took ${ms} ms`, input: text });
    }
  };

  while (stats.edits < options.edits && (options.deadline === undefined || Date.now() < options.deadline) && client.process.exitCode === null) {
    text = random.next() < 0.15 ? random.pick(seeds).text : mutate(text, random);
    if (text.length > 2_000_000) text = random.pick(seeds).text;
    version++;
    stats.edits++;
    await client.change(URI, version, text);
    const doc = { textDocument: { uri: URI } };
    const report = await call<{ items: Array<Record<string, unknown>> }>('textDocument/diagnostic', doc);
    const items = 'items' in report ? report.items : [];
    await call('textDocument/hover', { ...doc, position: randomPosition(text, random) });
    await call('textDocument/codeLens', doc);
    await call('kubegrace/timeline', { uri: URI, position: randomPosition(text, random) });
    const range = { start: { line: 0, character: 0 }, end: randomPosition(text, random) };
    const only = random.next() < 0.3 ? ['quickfix', 'source.fixAll.kubegrace'] : undefined;
    const actions = await call<Array<{ title: string; edit?: { documentChanges?: Array<{ edits: Array<{ range: never; newText: string }> }> } }>>('textDocument/codeAction', { ...doc, range, context: { diagnostics: items.slice(0, 5), ...(only ? { only } : {}) } });
    if (Array.isArray(actions) && valid(text)) {
      for (const action of actions) {
        const edits = action.edit?.documentChanges?.flatMap((c) => c.edits) ?? [];
        const after = TextDocument.applyEdits(TextDocument.create(URI, 'yaml', version, text), edits);
        if (!valid(after)) stats.failures.push({ what: `the quick fix "${action.title}" made the YAML invalid`, input: text });
      }
    }
    if (random.next() < 0.03) {
      client.configuration = random.pick(settingsPool);
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    }
    if (random.next() < 0.1) {
      // Random JSON where params belong: a well-formed answer or InvalidParams, never a crash.
      const method = random.pick(['textDocument/hover', 'textDocument/codeAction', 'textDocument/codeLens', 'textDocument/diagnostic', 'kubegrace/timeline', 'codeAction/resolve']);
      const answer = await call(method, randomParams(random, URI, 3));
      const code = answer !== null && typeof answer === 'object' && 'error' in answer ? answer.error : undefined;
      if (code !== undefined && code !== -32602) stats.failures.push({ what: `${method} with random params answered error ${code}`, input: text });
    }
    if (random.next() < 0.1) {
      const malformed = await call('textDocument/hover', random.pick([{}, { textDocument: { uri: URI } }, { textDocument: { uri: URI }, position: { line: -1 } }]));
      const code = malformed !== null && typeof malformed === 'object' && 'error' in malformed ? malformed.error : undefined;
      if (code !== -32602) stats.failures.push({ what: `malformed hover answered ${JSON.stringify(malformed)}`, input: text });
    }
  }
  const crashed = client.process.exitCode !== null;
  const logged = [...client.logs, client.stderr].filter((line) => /\n\s+at .+:\d+:\d+|failed:/.test(line));
  if (crashed) stats.failures.push({ what: `the server exited (${client.process.exitCode}): ${client.stderr.slice(-500)}`, input: text });
  for (const line of logged) stats.failures.push({ what: `the server logged: ${line.slice(0, 500)}`, input: text });
  if (!crashed) await client.stop();
  return stats;
}

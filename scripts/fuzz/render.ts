/**
 * Fuzzes rendering (issue 20): sessions of the bundled server (dist/server.js) over JSON-RPC on a
 * chart and a Kustomize overlay written to a fresh folder, whose templates are, at random, plain,
 * slow (helm busy for minutes), failing (`fail`) or broken by random edits; random requests, some
 * cancelled; then the session ends one of the ways an editor ends it (shutdown and exit, exit
 * alone, stdin closed, SIGTERM). After each session the child processes still running on the
 * session's files and the `kubegrace-*` folders in its TMPDIR are counted: both must be 0, and a
 * request must never wait for a tool (a chart answers within the render wait or says "rendering").
 * Needs helm and kubectl (scripts/tools-setup.mjs) and the bundles.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import { PULL_CLIENT, TestClient } from '../../test/protocol/client';
import { mutate, Random } from './mutate';
import type { FuzzFailure } from './server';

const BUSY = '{{- range $i := until 100000 }}{{- range $j := until 100000 }}{{- end }}{{- end }}\n';
const FAILING = '{{ fail "a required value is missing" }}\n';
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      terminationGracePeriodSeconds: {{ .Values.grace | default 30 }}\n      containers:\n        - name: web\n          image: example/web\n          ports: [{containerPort: 8080}]\n';
const BASE = DEPLOYMENT.replace('{{ .Values.grace | default 30 }}', '30');
/** A request may wait for the render this long (the server's 1.5 s wait, with room for a loaded machine). */
const ANSWER_MS = 6000;

export interface RenderFuzzStats {
  sessions: number;
  requests: number;
  /** Processes and temporary folders left after all sessions (each must be 0). */
  leftProcesses: number;
  leftFolders: number;
  failures: FuzzFailure[];
}

function processesMentioning(text: string): number[] {
  return readdirSync('/proc').flatMap((name) => {
    if (!/^\d+$/.test(name)) return [];
    try {
      if (/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${name}/stat`, 'utf8'))) return [];
      return readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(text) ? [Number(name)] : [];
    } catch {
      return [];
    }
  });
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) if (condition()) return true;
  return condition();
}

export async function fuzzRender(options: { seed: number; deadline: number }): Promise<RenderFuzzStats> {
  const random = new Random(options.seed);
  const bin = execFileSync(process.execPath, [resolve(__dirname, '../tools-setup.mjs')], { encoding: 'utf8' }).trim().split('\n').pop()!;
  const stats: RenderFuzzStats = { sessions: 0, requests: 0, leftProcesses: 0, leftFolders: 0, failures: [] };
  while (Date.now() < options.deadline) {
    const base = mkdtempSync(join(tmpdir(), 'kubegrace-fuzz-render-'));
    const root = join(base, 'ws');
    const tmp = join(base, 'tmp');
    mkdirSync(join(root, 'chart/templates'), { recursive: true });
    mkdirSync(join(root, 'kustomize/base'), { recursive: true });
    mkdirSync(join(root, 'kustomize/overlay'), { recursive: true });
    mkdirSync(tmp);
    writeFileSync(join(root, 'chart/Chart.yaml'), 'apiVersion: v2\nname: chart\nversion: 0.1.0\n');
    writeFileSync(join(root, 'chart/values.yaml'), 'grace: 30\n');
    const template = random.pick([DEPLOYMENT, BUSY, FAILING, mutate(DEPLOYMENT, random)]);
    writeFileSync(join(root, 'chart/templates/web.yaml'), DEPLOYMENT);
    writeFileSync(join(root, 'chart/templates/other.yaml'), template);
    writeFileSync(join(root, 'kustomize/base/kustomization.yaml'), 'resources:\n  - web.yaml\n');
    writeFileSync(join(root, 'kustomize/base/web.yaml'), BASE);
    writeFileSync(join(root, 'kustomize/overlay/kustomization.yaml'), random.int(4) === 0 ? 'resources:\n  - ../missing\n' : 'resources:\n  - ../base\nnamePrefix: prod-\n');
    const files = ['chart/templates/web.yaml', 'chart/templates/other.yaml', 'chart/values.yaml', 'kustomize/base/web.yaml', 'kustomize/overlay/kustomization.yaml'].map((f) => join(root, f));
    const client = new TestClient({ env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, TMPDIR: tmp } });
    const what = `session ${stats.sessions} (other.yaml: ${JSON.stringify(template.slice(0, 60))})`;
    try {
      await client.initialize(PULL_CLIENT, { rootUri: pathToFileURL(root).href, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }] });
      const versions = new Map<string, number>();
      for (let step = 0, steps = 3 + random.int(8); step < steps; step++) {
        const file = random.pick(files);
        const uri = pathToFileURL(file).href;
        const version = (versions.get(uri) ?? 0) + 1;
        versions.set(uri, version);
        const text = random.int(2) === 0 ? readFileSync(file, 'utf8') : mutate(readFileSync(file, 'utf8'), random);
        if (version === 1) await client.open(uri, text);
        else await client.change(uri, version, text);
        const method = random.pick(['textDocument/diagnostic', 'textDocument/hover', 'textDocument/codeLens']);
        const params = method === 'textDocument/diagnostic' || method === 'textDocument/codeLens' ? { textDocument: { uri } } : { textDocument: { uri }, position: { line: random.int(12), character: random.int(20) } };
        const source = new CancellationTokenSource();
        if (random.int(4) === 0) setTimeout(() => source.cancel(), random.int(300));
        const started = Date.now();
        await client.connection.sendRequest(method, params, source.token).catch(() => undefined);
        stats.requests++;
        if (Date.now() - started > ANSWER_MS) stats.failures.push({ what: `${what}: ${method} waited ${Date.now() - started} ms`, input: text });
      }
      const end = random.int(4);
      if (end === 0) await client.stop();
      else if (end === 1) await client.connection.sendNotification('exit');
      else if (end === 2) client.process.stdin!.end();
      else client.process.kill('SIGTERM');
      await until(() => client.process.exitCode !== null || client.process.signalCode !== null, 10000);
      if (client.process.exitCode === null && client.process.signalCode === null) stats.failures.push({ what: `${what}: the server did not exit`, input: template });
      await until(() => processesMentioning(base).length === 0, 3000);
      const processes = processesMentioning(base);
      const folders = readdirSync(tmp).filter((n) => n.startsWith('kubegrace-'));
      stats.leftProcesses += processes.length;
      stats.leftFolders += folders.length;
      if (processes.length + folders.length > 0) stats.failures.push({ what: `${what}: left ${processes.length} processes and ${folders.length} folders`, input: template });
      // Whatever the session left, the next one must not inherit it.
      for (const pid of processes) process.kill(pid, 'SIGKILL');
    } catch (error) {
      stats.failures.push({ what: `${what}: ${(error as Error).message}`, input: template });
      client.process.kill('SIGKILL');
    } finally {
      client.connection.dispose();
      rmSync(base, { recursive: true, force: true });
      stats.sessions++;
    }
  }
  return stats;
}

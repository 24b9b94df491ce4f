/**
 * Benchmark (issue 20): rendering cost against the size of the chart and the shape of the change,
 * each figure beside the bare tool's time measured in the same run, with the real helm and kubectl
 * (scripts/tools-setup.mjs). Tools are counted by wrappers that record a line and exec them.
 *   1. a generated chart of 2,000 templates (one Deployment with a finding each): the first
 *      render, an unsaved edit of one template, and a request with no edit in between;
 *   2. a generated base shared by five overlays that build the same names (one joint build);
 *   3. a 10-keystroke burst, 50 ms apart, in a template, through the real server over stdio with
 *      a push client: helm processes started and lists published.
 * Renders here run without the edit debounce (except the burst, which measures it), and every
 * figure waits for the render to be done (a request that answered "rendering" asks again).
 *
 *   npm run bench        (after npm run build; this part: node --import tsx bench/render-scale.ts)
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseAllDocuments } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver';
import { parseConfig } from '../server/engine/config';
import { RenderedWorkspace } from '../server/lsp/render/workspace';
import { LanguageService } from '../server/lsp/service';
import { DEFAULT_SETTINGS } from '../shared/settings';
import { PUSH_CLIENT, TestClient } from '../test/protocol/client';
import { bareRun, jointKustomization, median } from './stats';
import { editorFiles } from '../test/render/tools';

const TEMPLATES = 2000;
const OVERLAYS = 5;
const EDITS = 5;

function bin(): string {
  return execFileSync(process.execPath, [resolve(__dirname, '../scripts/tools-setup.mjs')], { encoding: 'utf8' }).trim().split('\n').pop()!;
}

/** A wrapper around a tool that counts its runs, named `name`. */
function counted(dir: string, tool: string, name = tool): { path: string; runs(): number } {
  const log = join(dir, `${name}.log`);
  const path = join(dir, name);
  writeFileSync(log, '');
  writeFileSync(path, `#!/bin/sh\necho run >> '${log}'\nexec '${join(bin(), tool)}' "$@"\n`);
  chmodSync(path, 0o755);
  return { path, runs: () => readFileSync(log, 'utf8').split('\n').filter(Boolean).length };
}

function bare(program: string, args: string[], cwd: string, rounds = 3): number {
  return median(
    Array.from({ length: rounds }, () => {
      const start = performance.now();
      execFileSync(program, args, { cwd, stdio: 'ignore', maxBuffer: 1 << 30 });
      return performance.now() - start;
    }),
  );
}

function deployment(name: string, grace: number): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      terminationGracePeriodSeconds: ${grace}\n      containers:\n        - name: web\n          image: example/web\n          ports: [{containerPort: 8080}]\n          readinessProbe: {tcpSocket: {port: 8080}}\n`;
}

/** An in-process language service on `root` whose render results can be awaited to the end. */
function service(root: string, tools: { helm?: string; kubectl?: string }) {
  const open = new Map<string, TextDocument>();
  const { read, dirty } = editorFiles(open);
  let refreshed: (() => void) | undefined;
  const rendering = new RenderedWorkspace({ read, dirty, folders: () => [root], notify: () => undefined, refresh: () => refreshed?.(), debounceMs: 0 });
  rendering.trusted = true;
  const resource = { enable: true, settings: DEFAULT_SETTINGS, tools, config: parseConfig('') };
  const svc = new LanguageService({ document: (u) => open.get(u), settings: async () => resource }, undefined, { workspace: rendering, read, uriOf: (p) => pathToFileURL(p).href, versionOf: () => null });
  return {
    /** How the last render split: the tool (with the copy of unsaved text), analysis, mapping. */
    split(): string {
      const t = rendering.lastTimings;
      return t ? `render ${t.renderMs.toFixed(0)} + analysis ${t.analysisMs.toFixed(0)} + mapping ${t.mapMs.toFixed(0)} ms` : 'no render';
    },
    open(path: string, text: string, version: number) {
      open.set(pathToFileURL(path).href, TextDocument.create(pathToFileURL(path).href, 'yaml', version, text));
    },
    /** Diagnostics once rendered: asks again after each refresh while the answer is "rendering". */
    async settled(path: string): Promise<{ ms: number; diagnostics: Diagnostic[] }> {
      const start = performance.now();
      for (;;) {
        const wait = new Promise<void>((r) => (refreshed = r));
        const diagnostics = await svc.diagnostics(pathToFileURL(path).href).catch(() => undefined);
        if (diagnostics && !diagnostics.some((d) => d.code === 'render-pending')) return { ms: performance.now() - start, diagnostics };
        await wait;
      }
    },
  };
}

async function bigChart(root: string): Promise<void> {
  const helm = counted(root, 'helm');
  const chart = join(root, 'big');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: big\nversion: 0.1.0\n');
  writeFileSync(join(chart, 'values.yaml'), 'grace: 1\n');
  for (let i = 0; i < TEMPLATES; i++) writeFileSync(join(chart, 'templates', `d${i}.yaml`), deployment(`d${i}`, 30).replace('terminationGracePeriodSeconds: 30', 'terminationGracePeriodSeconds: {{ .Values.grace }}'));
  const s = service(root, { helm: helm.path });
  const file = join(chart, 'templates/d7.yaml');
  const text = readFileSync(file, 'utf8');
  const rss0 = process.memoryUsage().rss;
  s.open(file, text, 1);
  const first = await s.settled(file);
  const firstSplit = s.split();
  const runsFirst = helm.runs();
  s.open(file, `${text}# an unsaved edit\n`, 2);
  const edit = await s.settled(file);
  const editSplit = s.split();
  const runsEdit = helm.runs() - runsFirst;
  // Later edits: the chart's copy is kept, so only the edited file is written again.
  // Each beside a bare run: the machine's load changes within a run, and ratios must compare like with like.
  const later: number[] = [];
  const bares: number[] = [];
  const splits: string[] = [];
  const helmBare = () => bare(join(bin(), 'helm'), ['template', 'release', chart], root, 1);
  for (let i = 0; i < EDITS; i++) {
    s.open(file, `${text}# an unsaved edit ${i}\n`, i + 3);
    later.push((await s.settled(file)).ms);
    splits.push(s.split());
    bares.push(helmBare());
  }
  const runsLater = (helm.runs() - runsFirst - runsEdit) / EDITS;
  const before = helm.runs();
  const again = await s.settled(file);
  const runsAgain = helm.runs() - before;
  for (let i = 0; i < 2; i++) bares.push(helmBare());
  const tool = median(bares);
  // The floor of a first render: helm, then one YAML parse of its whole output.
  const output = execFileSync(join(bin(), 'helm'), ['template', 'release', chart], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  const parse = median(
    Array.from({ length: 3 }, () => {
      const start = performance.now();
      parseAllDocuments(output);
      return performance.now() - start;
    }),
  );
  const rss = (process.memoryUsage().rss - rss0) / 2 ** 20;
  console.log(`\nchart of ${TEMPLATES} templates, a finding each (bare helm template: ${tool.toFixed(0)} ms)`);
  console.log(`  first render → diagnostics   ${first.ms.toFixed(0)} ms  (${(first.ms / tool).toFixed(2)} × bare helm; ${runsFirst} helm run; ${first.diagnostics.length} diagnostics)`);
  console.log(`                               ${firstSplit}`);
  console.log(`                               (${(first.ms / (tool + parse)).toFixed(2)} × bare helm + one raw parse of its output, ${parse.toFixed(0)} ms)`);
  console.log(`  first unsaved edit           ${edit.ms.toFixed(0)} ms  (${(edit.ms / tool).toFixed(2)} × bare helm; ${runsEdit} helm run; the chart is copied once)`);
  console.log(`                               ${editSplit}`);
  const mid = later.indexOf([...later].sort((a, b) => a - b)[Math.floor(later.length / 2)]);
  const ratios = later.map((ms, i) => ms / bares[i]);
  console.log(`  later edits → diagnostics    ${median(later).toFixed(0)} ms median of ${EDITS}  (${median(ratios).toFixed(2)} × the bare helm run beside each, median; ${runsLater.toFixed(1)} helm run each)`);
  console.log(`                               ${splits[mid]}`);
  console.log(`  request with no edit         ${again.ms.toFixed(0)} ms  (${runsAgain} helm runs)`);
  console.log(`  memory added (RSS)           ${rss.toFixed(0)} MiB`);
}

async function sharedBase(root: string): Promise<void> {
  const kubectl = counted(root, 'kubectl');
  const dir = join(root, 'shared');
  mkdirSync(join(dir, 'base'), { recursive: true });
  writeFileSync(join(dir, 'base/kustomization.yaml'), 'resources:\n  - web.yaml\n  - api.yaml\n');
  writeFileSync(join(dir, 'base/web.yaml'), deployment('web', 30));
  writeFileSync(join(dir, 'base/api.yaml'), deployment('api', 30));
  for (let i = 0; i < OVERLAYS; i++) {
    mkdirSync(join(dir, `overlays/o${i}`), { recursive: true });
    // The same names in every overlay: Kustomize refuses them in one plain joint build.
    writeFileSync(join(dir, `overlays/o${i}/kustomization.yaml`), `resources:\n  - ../../base\nlabels:\n  - pairs: {overlay: o${i}}\n`);
  }
  const s = service(root, { kubectl: kubectl.path });
  const file = join(dir, 'base/web.yaml');
  const text = readFileSync(file, 'utf8');
  s.open(file, text, 1);
  await s.settled(file);
  const edits: number[] = [];
  const ratios: number[] = [];
  const before = kubectl.runs();
  // The bare equivalent of the server's build (the five overlays in one kustomize run), after each edit.
  // Outside the workspace folder: the server would find it as the overlays' own root.
  const joint = jointKustomization(tmpdir(), Array.from({ length: OVERLAYS }, (_, i) => join(dir, `overlays/o${i}`)));
  const jointRun = () => bareRun(join(bin(), 'kubectl'), ['kustomize', joint], root);
  for (let i = 0; i < 7; i++) {
    s.open(file, `${text}# edit ${i}\n`, i + 2);
    edits.push((await s.settled(file)).ms);
    ratios.push(edits[i] / jointRun());
  }
  const runs = (kubectl.runs() - before) / 7;
  const one = bare(join(bin(), 'kubectl'), ['kustomize', 'overlays/o0'], dir);
  const all = median(Array.from({ length: 3 }, jointRun));
  rmSync(joint, { recursive: true, force: true });
  console.log(`\nbase shared by ${OVERLAYS} overlays (bare kubectl kustomize: ${one.toFixed(0)} ms one overlay; ${all.toFixed(0)} ms the ${OVERLAYS} in one run, as the server builds them)`);
  console.log(`  base edit → diagnostics      ${median(edits).toFixed(0)} ms median of 7  (${median(ratios).toFixed(2)} × the bare joint build run after each edit, median; ${runs.toFixed(1)} kubectl runs per edit)`);
  console.log(`                               ${s.split()}`);
}

async function burst(root: string): Promise<void> {
  // A wrapper of its own: the server takes it through the helmPath setting.
  const helm = counted(root, 'helm', 'helm-burst');
  const chart = join(root, 'typing');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: typing\nversion: 0.1.0\n');
  const text = deployment('web', 30);
  writeFileSync(join(chart, 'templates/web.yaml'), text);
  const client = new TestClient({ env: { ...process.env, TMPDIR: root } });
  client.configuration = { helmPath: helm.path };
  try {
    await client.initialize(PUSH_CLIENT, { rootUri: pathToFileURL(root).href, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }] });
    const uri = pathToFileURL(join(chart, 'templates/web.yaml')).href;
    await client.open(uri, text);
    await client.until(() => client.latest(uri)?.diagnostics.length, 'first list', 30000);
    const runs = helm.runs();
    const published = client.published.length;
    const start = performance.now();
    let edited = text;
    for (let v = 2; v <= 11; v++) {
      edited = v === 11 ? edited.replace('terminationGracePeriodSeconds: 30', 'terminationGracePeriodSeconds: 0') : `${edited}# ${v}\n`;
      await client.change(uri, v, edited);
      await new Promise((r) => setTimeout(r, 50));
    }
    await client.until(() => client.latest(uri)?.diagnostics.some((d) => d.code === 'grace-zero'), 'final list', 30000);
    const ms = performance.now() - start;
    await new Promise((r) => setTimeout(r, 1000));
    const lists = client.published.slice(published).filter((p) => p.uri === uri);
    console.log(`\n10-keystroke burst, 50 ms apart, in a template (push client over stdio)`);
    console.log(`  helm processes started       ${helm.runs() - runs}  (one per keystroke before: 9)`);
    console.log(`  lists published              ${lists.length}  (empty ones: ${lists.filter((l) => l.diagnostics.length === 0).length}); first keystroke → final list ${ms.toFixed(0)} ms`);
  } finally {
    await client.stop();
  }
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'kubegrace-bench-scale-'));
  try {
    console.log('rendering at scale (issue 20), each beside the bare tool in the same run');
    // `node --import tsx bench/render-scale.ts chart` runs one part (e.g. under --cpu-prof).
    const only = process.argv[2];
    if (!only || only === 'chart') await bigChart(root);
    if (!only || only === 'base') await sharedBase(root);
    if (!only || only === 'burst') await burst(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();

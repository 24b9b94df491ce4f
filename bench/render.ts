/**
 * Benchmark: edit → diagnostics in files of a chart and of overlays, rendering included, with the
 * real helm and kubectl (scripts/tools-setup.mjs). The language service runs in this process on a
 * copy of test/fixtures/render; each edit is unsaved editor text, so every round renders a copy.
 *   1. a template of Online Boutique's chart (templates/adservice.yaml: the grace period changes);
 *   2. a base of podinfo used by three overlays (bases/backend/deployment.yaml: the three overlays
 *      are built by one kustomize run when their objects can be told apart, else one run each).
 * Reports the median (target ≤ 300 ms), how it splits into rendering, analysis and mapping, and its
 * ratio to the bare tool doing the same work (`helm template`; `kubectl kustomize` of the three
 * overlays in one run, as the server builds them), run right after each edit (issue 20: ≤ 1.2×).
 *
 *   npm run bench
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver';
import { parseConfig } from '../server/engine/config';
import { RenderedWorkspace } from '../server/lsp/render/workspace';
import type { Timings } from '../server/render/project';
import { LanguageService } from '../server/lsp/service';
import { DEFAULT_SETTINGS } from '../shared/settings';
import { bareRun, jointKustomization, median } from './stats';
import { editorFiles } from '../test/render/tools';

const ROUNDS = 15;
const WARMUP = 3;

function tools(): { helm: string; kubectl: string } {
  const bin = execFileSync(process.execPath, [resolve(__dirname, '../scripts/tools-setup.mjs')], { encoding: 'utf8' }).trim().split('\n').pop()!;
  return { helm: join(bin, 'helm'), kubectl: join(bin, 'kubectl') };
}


interface Scenario {
  name: string;
  file: string;
  /** The edited text of round `i`. */
  edit(text: string, i: number): string;
  /** The bare tool doing what the server's render does (one chart; the overlays' joint build). */
  baseline: () => number;
  baselineName: string;
}

async function run(root: string, scenario: Scenario, paths: { helm: string; kubectl: string }) {
  const open = new Map<string, TextDocument>();
  const { read, dirty } = editorFiles(open);
  const timings: Timings[] = [];
  let refreshed: (() => void) | undefined;
  // No edit debounce: it is a chosen wait for typing to pause, not a cost (bench/render-scale.ts measures it).
  const rendering = new RenderedWorkspace({ read, dirty, folders: () => [root], notify: () => undefined, refresh: () => refreshed?.(), debounceMs: 0 });
  rendering.trusted = true;
  const resource = { enable: true, settings: DEFAULT_SETTINGS, tools: paths, config: parseConfig('') };
  const service = new LanguageService({ document: (u) => open.get(u), settings: async () => resource }, undefined, { workspace: rendering, read, uriOf: (p) => pathToFileURL(p).href, versionOf: () => null });
  const path = join(root, scenario.file);
  const uri = pathToFileURL(path).href;
  const original = readFileSync(path, 'utf8');
  const total: number[] = [];
  const ratios: number[] = [];
  const splits: Timings[][] = [];
  for (let i = 0; i < ROUNDS + WARMUP; i++) {
    open.set(uri, TextDocument.create(uri, 'yaml', i + 1, scenario.edit(original, i)));
    const start = performance.now();
    let diagnostics: Diagnostic[] | undefined;
    // A render longer than the server's wait is answered "rendering": asked again when it ends.
    while (!diagnostics) {
      const wait = new Promise<void>((r) => (refreshed = r));
      diagnostics = await service.diagnostics(uri).catch(() => undefined);
      if (diagnostics?.some((d) => d.code === 'render-pending')) diagnostics = undefined;
      if (!diagnostics) await wait;
    }
    const elapsed = performance.now() - start;
    if (diagnostics.length === 0) throw new Error(`${scenario.name}: no diagnostics`);
    if (i < WARMUP) continue;
    total.push(elapsed);
    // The bare tool right after each edit: the load of a shared machine changes within a run.
    ratios.push(elapsed / scenario.baseline());
    // The renders of this round (one per chart or overlay), read back from the service's results.
    const rendered = await rendering.rendered(path, DEFAULT_SETTINGS, parseConfig(''), paths);
    splits.push(rendered!.results.map((r) => r.timings));
  }
  timings.push(...splits.flat());
  const baseline = median(Array.from({ length: 3 }, scenario.baseline));
  const renders = splits[0].length;
  const per = (key: keyof Timings) => median(splits.map((s) => Math.max(...s.map((t) => t[key]))));
  return { total: median(total), min: Math.min(...total), max: Math.max(...total), renders, render: per('renderMs'), analysis: per('analysisMs'), map: per('mapMs'), baseline, ratio: median(ratios) };
}

async function main(): Promise<void> {
  const paths = tools();
  const root = mkdtempSync(join(tmpdir(), 'kubegrace-bench-'));
  const outside = mkdtempSync(join(tmpdir(), 'kubegrace-bench-joint-'));
  try {
    cpSync(resolve(__dirname, '../test/fixtures/render'), root, { recursive: true });
    // Outside the workspace folder: the server would find it as the overlays' own root.
    const joint = jointKustomization(outside, ['dev', 'production', 'staging'].map((o) => join(root, 'podinfo/deploy/overlays', o)));
    const scenarios: Scenario[] = [
      {
        name: 'Online Boutique chart, templates/adservice.yaml',
        file: 'microservices-demo/helm-chart/templates/adservice.yaml',
        edit: (text, i) => text.replace('terminationGracePeriodSeconds: 5', `terminationGracePeriodSeconds: ${5 + (i % 7)}`),
        baseline: () => bareRun(paths.helm, ['template', 'release', '.'], join(root, 'microservices-demo/helm-chart')),
        baselineName: 'helm template',
      },
      {
        name: 'podinfo base used by 3 overlays, bases/backend/deployment.yaml',
        file: 'podinfo/deploy/bases/backend/deployment.yaml',
        edit: (text, i) => text.replace('spec:\n', `spec:\n  # edit ${i}\n`),
        baseline: () => bareRun(paths.kubectl, ['kustomize', joint], root),
        baselineName: 'kubectl kustomize of the 3 overlays in one run, as the server builds them',
      },
    ];
    console.log(`edit → diagnostics with rendering (median of ${ROUNDS} edits after ${WARMUP} warm-up; target ≤ 300 ms)`);
    for (const s of scenarios) {
      const r = await run(root, s, paths);
      console.log(`\n${s.name}`);
      console.log(`  edit → diagnostics        ${r.total.toFixed(0)} ms median  (min ${r.min.toFixed(0)}, max ${r.max.toFixed(0)}; ${r.renders > 1 ? `${r.renders} overlays` : '1 chart'})`);
      console.log(`  split (slowest render)    rendering ${r.render.toFixed(0)} ms · analysis ${r.analysis.toFixed(0)} ms · mapping back ${r.map.toFixed(0)} ms`);
      console.log(`  baseline: bare ${s.baselineName}  ${r.baseline.toFixed(0)} ms median`);
      console.log(`  edit → diagnostics = ${r.ratio.toFixed(2)} × the bare run right after each edit (median of ${ROUNDS})`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
}

void main();

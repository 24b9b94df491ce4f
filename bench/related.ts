/**
 * What the related objects of issue 16 cost the engine: files of N Deployment + Service pairs
 * (bench/pairs.ts), bare (the baseline) and with a PodDisruptionBudget and a BackendConfig (named by
 * the Service) after each pair, and a Namespace per namespace and one Karpenter NodePool with a
 * deadline at the top (the NodePool column only), so every workload matches up to four kinds of
 * related objects (a Namespace without mesh labels is not matched). The last column has, instead of
 * the NodePool, a Service per namespace that selects all its pods (label `tier: web`) and an Ingress
 * routing to it, at the top. A NodePool, a shared Service or an Ingress is matched by many workloads:
 * an edit moves the workloads after it relative to that object, and the engine moves the object's
 * spans in their kept analyses instead of analysing them again (server/engine/placed.ts); the last
 * two columns measure that. Per N: a whole analysis (CLI, first open) and a one-line
 * edit inside the middle Deployment through the engine's incremental path (the editor), each the
 * median of several runs, and the ratio to the bare file in the same run. On a shared machine
 * compare the ratios, not the times.
 *
 *   node --import tsx bench/related.ts [N …]
 */
import { performance } from 'node:perf_hooks';
import { analyzeFile } from '../server/engine/analyze';
import { analyzeIncremental, prepare } from '../server/engine/incremental';
import { AnalysisMemo } from '../server/engine/state';
import { parseFile, type ParsedFile } from '../server/yaml/parse/parse';
import { DEFAULT_SETTINGS } from '../shared/settings';
import { editOffset, pairsFile } from './pairs';
import { median } from './stats';

export function relatedFile(n: number, shared: 'none' | 'pool' | 'service'): string {
  // As charts lay them out: the cluster-wide objects first, each pair followed by its budget and BackendConfig.
  const docs: string[] = shared === 'pool' ? ['apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: default}\nspec:\n  template:\n    spec:\n      terminationGracePeriod: 1h\n'] : [];
  for (let t = 0; t < 7 && shared === 'service'; t++) {
    docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: team-${t}}\nspec:\n  selector: {tier: web}\n  ports: [{port: 80, targetPort: http}]\n`);
    docs.push(`apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: team-${t}}\nspec: {defaultBackend: {service: {name: web, port: {number: 80}}}}\n`);
  }
  for (let t = 0; t < 7; t++) docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: team-${t}}\n`);
  const pairs = pairsFile(n)
    .replace(/\nspec:\n {2}selector:\n {4}app: app-(\d+)\n/g, "\n  annotations:\n    cloud.google.com/backend-config: '{\"default\": \"be-$1\"}'\nspec:\n  selector:\n    app: app-$1\n")
    .split('---\n');
  pairs.forEach((doc, k) => {
    docs.push(doc);
    if (k % 2 === 0) return;
    const i = (k - 1) / 2;
    docs.push(`apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: app-${i}, namespace: team-${i % 7}}\nspec: {maxUnavailable: 1, selector: {matchLabels: {app: app-${i}}}}\n`);
    docs.push(`apiVersion: cloud.google.com/v1\nkind: BackendConfig\nmetadata: {name: be-${i}, namespace: team-${i % 7}}\nspec: {connectionDraining: {drainingTimeoutSec: 20}}\n`);
  });
  return docs.join('---\n');
}

function whole(text: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const begin = performance.now();
    analyzeFile(text, DEFAULT_SETTINGS);
    times.push(performance.now() - begin);
  }
  return median(times);
}

function edit(text: string, n: number, runs: number): number {
  const memo = new AnalysisMemo();
  let previous: ParsedFile | undefined;
  const step = (t: string) => {
    previous = parseFile(t, previous);
    return analyzeIncremental(prepare(previous, memo), DEFAULT_SETTINGS, memo);
  };
  step(text);
  const at = editOffset(text, n);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const edited = `${text.slice(0, at)}          # bench edit ${i}\n${text.slice(at)}`;
    const begin = performance.now();
    step(edited);
    times.push(performance.now() - begin);
    step(text);
  }
  return median(times);
}

const ns = process.argv.slice(2).map(Number).filter((n) => n > 0);
console.log('N       bare: whole      edit   related: whole  edit (ratio)      + NodePool: whole  edit (ratio)      + shared Service, Ingress: whole  edit (ratio)');
for (const n of ns.length > 0 ? ns : [500, 2000]) {
  const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(10);
  const row = (t: { whole: number; edit: number }, base: { whole: number; edit: number }) => `${ms(t.whole)} ${ms(t.edit)} (${(t.whole / base.whole).toFixed(2)}, ${(t.edit / base.edit).toFixed(2)})`;
  const bare = pairsFile(n);
  const b = { whole: whole(bare, 5), edit: edit(bare, n, 15) };
  const files = [relatedFile(n, 'none'), relatedFile(n, 'pool'), relatedFile(n, 'service')];
  const [r, p, s] = files.map((text) => ({ whole: whole(text, 5), edit: edit(text, n, 15) }));
  console.log(`${String(n).padEnd(6)} ${ms(b.whole)} ${ms(b.edit)}   ${row(r!, b)}   ${row(p!, b)}   ${row(s!, b)}`);
}

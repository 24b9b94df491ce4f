/**
 * SARIF against text and JSON (issue 20: SARIF cost 4× the CPU and 3× the memory of JSON on 10,000
 * anchors). The bundled CLI checks the same file in each format, each run in a fresh process whose
 * CPU time and peak RSS come from its own `process.resourceUsage()`; the raw parse of the same text
 * is measured in the same run. SARIF renders and checks every fix it offers (each check parses the
 * fix's document and the edited text), which text and JSON do not.
 *
 *   npm run build && node --import tsx bench/sarif.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { findingsFile } from './findings';

const CLI = resolve(__dirname, '../dist/cli.js');

function anchors(n: number): string {
  const defs = Array.from({ length: n }, (_, i) => `    a${i}: &a${i} "${i}"`).join('\n');
  const uses = Array.from({ length: n }, (_, i) => `            - {name: V${i}, value: *a${i}}`).join('\n');
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n${defs}\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: example/web\n          ports: [{containerPort: 8080}]\n          env:\n${uses}\n`;
}

interface Run {
  cpu: number;
  rss: number;
}

function run(dir: string, file: string, format: string): Run {
  const hook = join(dir, 'usage.js');
  const out = join(dir, `usage-${format}.json`);
  writeFileSync(hook, `process.on('exit', () => require('node:fs').writeFileSync(process.env.KUBEGRACE_BENCH_USAGE, JSON.stringify(process.resourceUsage())));\n`);
  spawnSync(process.execPath, ['--require', hook, CLI, 'check', '--format', format, file], { env: { ...process.env, KUBEGRACE_BENCH_USAGE: out }, stdio: 'ignore' });
  const usage = JSON.parse(readFileSync(out, 'utf8')) as NodeJS.ResourceUsage;
  return { cpu: (usage.userCPUTime + usage.systemCPUTime) / 1000, rss: usage.maxRSS / 1024 };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kubegrace-bench-'));
  try {
    const inputs: Array<[string, string]> = [
      ['10,000 anchors', anchors(10_000)],
      ['1,000 pairs, a finding per workload', findingsFile(1000)],
    ];
    console.log('| input | raw parse (CPU) | text: CPU, peak RSS | JSON | SARIF | SARIF / text (CPU) | SARIF / JSON (CPU, RSS) |');
    console.log('| --- | ---: | --- | --- | --- | ---: | --- |');
    for (const [name, text] of inputs) {
      const file = join(dir, 'input.yaml');
      writeFileSync(file, text);
      parseAllDocuments(text);
      // CPU time, like the CLI's figures: on a shared machine wall time counts the others' work too.
      const start = process.cpuUsage();
      parseAllDocuments(text);
      const used = process.cpuUsage(start);
      const raw = (used.user + used.system) / 1000;
      const [t, j, s] = ['text', 'json', 'sarif'].map((format) => run(dir, file, format)) as [Run, Run, Run];
      const cell = (r: Run) => `${r.cpu.toFixed(0)} ms, ${r.rss.toFixed(0)} MiB`;
      console.log(`| ${name} | ${raw.toFixed(0)} ms | ${cell(t)} | ${cell(j)} | ${cell(s)} | ${(s.cpu / t.cpu).toFixed(2)} | ${(s.cpu / j.cpu).toFixed(2)}, ${(s.rss / j.rss).toFixed(2)} |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();

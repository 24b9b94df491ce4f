/**
 * Runs the whole lab (servers, process rules, sleep forms) and writes the measured table as JSON and
 * Markdown to test-results/conformance/. `conformance.test.ts` runs it and compares the table with
 * the model; run alone (`npx tsx test/conformance/lab.ts [group] [program]`) it only prints.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ProcessRow, runProcessRules } from './process';
import { runServers, type ServerRow, GRACE } from './servers';
import { runSleeps, type SleepRow } from './sleep';
import { LAB_PROGRAMS } from './programs';

export interface Table {
  date: string;
  kernel: string;
  packages: Record<string, string>;
  graceSeconds: number;
  servers: ServerRow[];
  processes: ProcessRow[];
  sleeps: SleepRow[];
}

export const OUT = resolve(__dirname, '../../test-results/conformance');

/** Debian package versions (dpkg), the Node.js version for the node rows. */
function versions(): Record<string, string> {
  const pkgs = [...new Set(LAB_PROGRAMS.map((p) => p.pkg).filter((p) => !p.startsWith('node')))];
  pkgs.push('tini', 'dumb-init', 'busybox', 'bash', 'dash', 'coreutils', 'util-linux');
  const out: Record<string, string> = { node: process.version };
  for (const pkg of pkgs) {
    const r = spawnSync('dpkg-query', ['-W', `-f=\${Version}`, pkg], { encoding: 'utf8' });
    out[pkg] = r.status === 0 ? r.stdout : 'not installed';
  }
  return out;
}

export async function runLab(log: (line: string) => void, group?: string, only?: string): Promise<Table> {
  if (process.getuid?.() !== 0) throw new Error('the conformance lab needs root (PID namespaces, nsenter, daemons dropping privileges)');
  const table: Table = {
    date: new Date().toISOString().slice(0, 10),
    kernel: spawnSync('uname', ['-r'], { encoding: 'utf8' }).stdout.trim(),
    packages: versions(),
    graceSeconds: GRACE,
    servers: !group || group === 'servers' ? await runServers(log, only) : [],
    processes: !group || group === 'process' ? await runProcessRules(log) : [],
    sleeps: !group || group === 'sleep' ? await runSleeps(log) : [],
  };
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'measured.json'), `${JSON.stringify(table, null, 2)}\n`);
  writeFileSync(join(OUT, 'measured.md'), markdown(table));
  return table;
}

const cell = (v: unknown) => (v === undefined ? '–' : String(v).replace(/\|/g, '\\|'));

export function markdown(t: Table): string {
  const lines = [
    `Measured ${t.date} on Linux ${t.kernel} (Debian 12), grace period ${t.graceSeconds} s after the stop, slow request 2.5 s.`,
    '',
    `Packages: ${Object.entries(t.packages).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
    '| program | stop | why | in-flight request | new connection | PID 1 exit | measured | model |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...t.servers.map((r) => `| ${cell(r.program)} | \`${cell(r.stop)}\` | ${r.roles.join(', ')} | ${r.inFlight}${r.clean === undefined ? '' : r.clean ? ', clean shutdown' : ', not clean'} | ${r.newConnection} | ${r.killed ? 'SIGKILL at deadline' : `${r.exitAfter} s`} | ${r.measured} | ${cell(r.model)}${r.model && r.model !== r.measured ? ' **(differs)**' : ''} |`),
    '',
    'Notes on the Debian builds:',
    '',
    ...[...new Map(t.servers.map((r) => [r.program, r.note])).entries()].map(([p, n]) => `- ${p}: ${n}`),
    '',
    '| PID 1 command | PID 1 runs | app got | PID 1 exit | measured | model (§15) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...t.processes.map((r) => `| \`${cell(r.argv.join(' '))}\` | ${cell(r.pid1)} | ${cell(r.appGot)} | ${r.killed ? 'SIGKILL at deadline' : `${r.exitAfter} s`} | ${r.measured} | ${r.model} |`),
    '',
    '| sleep | family | exit code | ran for | measured | model |',
    '| --- | --- | --- | --- | --- | --- |',
    ...t.sleeps.map((r) => `| \`${cell(r.args.join(' '))}\` | ${r.family} | ${cell(r.code)} | ${r.stillRunning ? `> ${r.ranFor} s (stopped)` : `${r.ranFor} s`} | ${r.measured} | ${r.model} |`),
    '',
  ];
  return lines.join('\n');
}

if (require.main === module) {
  runLab((line) => console.log(line), process.argv[2], process.argv[3]).then(
    (t) => console.log(markdown(t)),
    (e) => { console.error(e); process.exit(1); },
  );
}

// The GitHub Action's entry (action.yml, runs.using node24). Plain JavaScript with no dependencies;
// the CLI it runs is action/dist/cli.js, the bundle committed at the action's own tag (built by
// `npm run build`, kept current by test/cli/action.test.ts), so the action needs nothing from a
// registry. One `kubegrace check` run writes the SARIF file and the text for the log (charts are
// rendered once); the annotations are made from the SARIF results, the step outputs and the job
// summary from the run.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const FAIL_ON = ['error', 'warning', 'information', 'none'];

/** An input as the runner passes it: INPUT_ + the name upper-cased, spaces as underscores. */
function input(name) {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
const words = (text) => text.split(/\s+/).filter(Boolean);

// Workflow commands read `::`-lines; data and properties must be escaped or a message could end
// the command early or inject another (docs.github.com, "Workflow commands for GitHub Actions").
const escapeData = (s) => String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
function command(name, properties, message) {
  const props = Object.entries(properties).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${escapeProperty(v)}`);
  console.log(`::${name}${props.length > 0 ? ` ${props.join(',')}` : ''}::${escapeData(message)}`);
}

/** A step output, in the multi-line form so that no value can break the file's format. */
function output(name, value) {
  if (!process.env.GITHUB_OUTPUT) return;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(process.env.GITHUB_OUTPUT, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

function jobSummary(lines) {
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${lines.join('\n')}\n`);
}

/** An empty SARIF log, so that an upload step with `if: always()` has a file after a failed run. */
function emptySarif(version) {
  return JSON.stringify({ $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [{ tool: { driver: { name: 'kubegrace', version, rules: [] } }, results: [] }] }, null, 2);
}

/** Stops the step with exit status 2 and an error annotation, after writing what an upload needs. */
function fail(message, sarifFile, version) {
  command('error', { title: 'kubegrace' }, message);
  if (!existsSync(sarifFile)) writeFileSync(sarifFile, emptySarif(version));
  output('sarif-file', input('sarif-file') || 'kubegrace.sarif');
  output('exit-code', 2);
  output('summary', message);
  jobSummary(['### KubeGrace', '', `The check did not run: ${message}`]);
  process.exit(2);
}

const version = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')).version;
const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
// The SARIF file is named relative to the workspace, where the upload step looks for it.
const sarifFile = resolve(workspace, input('sarif-file') || 'kubegrace.sarif');
const failOn = input('fail-on') || 'warning';
const cwd = resolve(workspace, input('working-directory') || '.');
// A report left by an earlier step must not pass for this run's.
rmSync(sarifFile, { force: true });

if (!FAIL_ON.includes(failOn)) fail(`fail-on must be error, warning, information or none, not "${failOn}"`, sarifFile, version);
if (input('kubernetes-version') && !/^v?1\.\d{1,3}$/.test(input('kubernetes-version'))) fail(`kubernetes-version must look like 1.30, not "${input('kubernetes-version')}"`, sarifFile, version);
if (!existsSync(cwd) || !statSync(cwd).isDirectory()) fail(`working-directory ${input('working-directory')} is not a folder of the workspace`, sarifFile, version);

// The published rule pages at the action's own tag, unless told otherwise (the CLI's default is
// the same pages at the bundle's version).
const server = process.env.GITHUB_SERVER_URL || 'https://github.com';
const actionRepo = process.env.GITHUB_ACTION_REPOSITORY;
const actionRef = process.env.GITHUB_ACTION_REF;
const helpUriBase = input('help-uri-base') || (actionRepo && actionRef ? `${server}/${actionRepo}/blob/${actionRef}/docs/rules` : '');

const cli = input('cli') ? words(input('cli')) : [process.execPath, join(here, 'dist', 'cli.js')];
const args = [
  'check',
  '--format',
  `sarif=${sarifFile}`,
  '--format',
  'text',
  '--fail-on',
  failOn,
  ...(helpUriBase ? ['--help-uri-base', helpUriBase] : []),
  ...(input('config') ? ['--config', input('config')] : []),
  ...(input('kubernetes-version') ? ['--kubernetes-version', input('kubernetes-version')] : []),
  ...words(input('context')).flatMap((path) => ['--context', path]),
  ...words(input('args')),
  ...words(input('paths') || '.'),
];

// The CLI's output is data, not commands: a line in it that starts with `::` must not act as one.
const token = randomUUID();
console.log(`::stop-commands::${token}`);
const run = spawnSync(cli[0], [...cli.slice(1), ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', maxBuffer: 1 << 30 });
process.stdout.write(run.stdout ?? '');
process.stderr.write(run.stderr ?? '');
console.log(`::${token}::`);
const status = run.status ?? 2;
if (run.error || status === 2 || !existsSync(sarifFile)) {
  const why = run.error ? `cannot run ${cli[0]}: ${run.error.message}` : (run.stderr ?? '').trim().split('\n').filter(Boolean).join(' / ') || `kubegrace exited with ${status}`;
  if (!existsSync(sarifFile)) fail(why, sarifFile, version);
  command('error', { title: 'kubegrace' }, why);
}

// Annotations on the changed lines, from the SARIF results (paths relative to the repository).
const log = JSON.parse(readFileSync(sarifFile, 'utf8'));
for (const result of log.runs?.[0]?.results ?? []) {
  if (result.level !== 'error' && result.level !== 'warning') continue;
  const location = result.locations?.[0]?.physicalLocation;
  const uri = location?.artifactLocation?.uri ?? '';
  const file = uri.startsWith('file:') ? fileURLToPath(uri) : decodeURIComponent(uri);
  const region = location?.region ?? {};
  command(result.level, { file, line: region.startLine, col: region.startColumn, endLine: region.endLine, endColumn: region.endColumn, title: `kubegrace ${result.ruleId}` }, result.message?.text ?? '');
}

const summary = (run.stdout ?? '').trim().split('\n').at(-1) || 'no summary';
output('sarif-file', input('sarif-file') || 'kubegrace.sarif');
output('summary', summary);
output('exit-code', status);
jobSummary(['### KubeGrace', '', summary, '', `SARIF: \`${input('sarif-file') || 'kubegrace.sarif'}\` · fails on: ${failOn} · exit status ${status}`]);
process.exit(status);

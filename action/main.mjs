// The GitHub Action's entry (action.yml, runs.using node24). Plain JavaScript with no dependencies,
// so the action runs from a checkout of this repository without a build. It reads the INPUT_*
// variables the runner sets, runs `kubegrace check` twice — once for the SARIF file (never failing),
// once as text for the log, the annotations (a problem matcher) and the exit status — and writes
// the step outputs and the job summary.
import { spawnSync } from 'node:child_process';
import { accessSync, appendFileSync, constants, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** An input as the runner passes it: INPUT_ + the name upper-cased, spaces as underscores. */
function input(name) {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}
const words = (text) => text.split(/\s+/).filter(Boolean);

function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {}
  }
  return undefined;
}

/** The CLI: the `cli` input, kubegrace on PATH, or the npm package at this action's version. */
function cliCommand() {
  if (input('cli')) return words(input('cli'));
  const installed = onPath('kubegrace');
  if (installed) return [installed];
  const version = input('version') || JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')).version;
  return ['npx', '--yes', `kubegrace@${version}`];
}

function output(name, value) {
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

const server = process.env.GITHUB_SERVER_URL || 'https://github.com';
const actionRepo = process.env.GITHUB_ACTION_REPOSITORY;
const actionRef = process.env.GITHUB_ACTION_REF;
const helpUriBase = input('help-uri-base') || (actionRepo && actionRef ? `${server}/${actionRepo}/blob/${actionRef}/docs/rules` : '');

const options = [
  ...(input('kubernetes-version') ? ['--kubernetes-version', input('kubernetes-version')] : []),
  ...words(input('context')).flatMap((path) => ['--context', path]),
  ...words(input('args')),
];
const paths = words(input('paths') || '.');
const sarifFile = input('sarif-file') || 'kubegrace.sarif';
const failOn = input('fail-on') || 'error';
const [command, ...prefix] = cliCommand();
const env = { ...process.env, NO_COLOR: '1' };

const sarif = spawnSync(command, [...prefix, 'check', '--format', 'sarif', '--fail-on', 'none', ...(helpUriBase ? ['--help-uri-base', helpUriBase] : []), ...options, ...paths], { env, encoding: 'utf8', maxBuffer: 1 << 30 });
if (sarif.error || sarif.status !== 0) {
  const why = sarif.error ? `cannot run ${command}: ${sarif.error.message}` : sarif.stderr.trim().split('\n').join(' / ');
  console.log(`::error title=kubegrace::${why}`);
  output('exit-code', sarif.status ?? 2);
  process.exit(sarif.status || 2);
}
writeFileSync(sarifFile, sarif.stdout);
output('sarif-file', sarifFile);

// Text output for people: the problem matcher turns error and warning lines into annotations.
console.log(`::add-matcher::${join(here, 'matcher.json')}`);
const text = spawnSync(command, [...prefix, 'check', '--fail-on', failOn, ...options, ...paths], { env, encoding: 'utf8', maxBuffer: 1 << 30 });
process.stdout.write(text.stdout);
process.stderr.write(text.stderr);
console.log('::remove-matcher owner=kubegrace::');
if (text.error || text.status === 2 || text.status === null) {
  console.log(`::error title=kubegrace::${text.error ? text.error.message : text.stderr.trim().split('\n').join(' / ')}`);
}
const lines = text.stdout.trim().split('\n');
const summary = lines.at(-1) ?? '';
output('summary', summary);
output('exit-code', text.status ?? 2);
if (process.env.GITHUB_STEP_SUMMARY) {
  appendFileSync(process.env.GITHUB_STEP_SUMMARY, `### KubeGrace\n\n${summary}\n\nSARIF: \`${sarifFile}\` · fails on: ${failOn}\n`);
}
process.exit(text.status ?? 2);

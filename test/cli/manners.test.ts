/**
 * The CLI as a new user meets it: --version, help, rules, colour, the summary line, --fix --dry-run,
 * one-line usage errors with exit 2, --fail-on none, --fail-on-parse-error, ignore notices, and the
 * settings file found per checked file. The bundled dist/cli.js is run as a program (a real terminal
 * through `script` for colour); the rest calls main() in-process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../server/cli/main';
import { RULE_IDS } from '../../shared/rules';

const cliJs = resolve(__dirname, '../../dist/cli.js');
const examples = resolve(__dirname, '../../examples');
/** Rule-book ids such as (H3) or SC1 must not reach users. */
const RULE_BOOK_ID = /\b(G|H|S|SC|N|M|K|V|P|SIG)\d{1,2}\b/;

function cli(args: string[], env: Record<string, string | undefined> = {}, isTty = false) {
  let out = '';
  let err = '';
  const status = main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), stdin: () => '', env, isTty });
  return { status, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'kubegrace-manners-'));
const missing = join(dir, 'prestop-missing.yaml');
cpSync(join(examples, 'bad', 'prestop-missing.yaml'), missing);
const good = join(dir, 'web.yaml');
cpSync(join(examples, 'good', 'web.yaml'), good);

test('--version prints the version; help, help check and check --help print usage', () => {
  assert.match(cli(['--version']).out.trim(), /^\d+\.\d+\.\d+$|^dev$/);
  const overview = cli(['help']);
  assert.equal(overview.status, 0);
  for (const command of ['check', 'explain', 'rules', 'help']) assert.match(overview.out, new RegExp(`^  ${command}\\b`, 'm'));
  const check = cli(['help', 'check']);
  assert.match(check.out, /--fail-on-parse-error/);
  assert.match(check.out, /--dry-run/);
  assert.equal(cli(['check', '--help']).out, check.out);
  assert.equal(cli(['help', 'lint']).status, 2);
  for (const text of [overview.out, check.out, cli(['help', 'explain']).out, cli(['help', 'rules']).out]) assert.doesNotMatch(text, RULE_BOOK_ID);
});

test('rules lists every rule with its severity and page; a settings file changes the severity', () => {
  const text = cli(['rules', '--no-config']);
  assert.equal(text.status, 0);
  for (const id of RULE_IDS) assert.match(text.out, new RegExp(`^${id}\\s+(error|warning|information|hint)\\s+\\S`, 'm'), id);
  assert.match(text.out, /docs\/rules\/prestop-missing\.md$/m);
  const config = join(dir, 'rules-config.yaml');
  writeFileSync(config, 'rules:\n  legacy-sidecar: off\n');
  const json = JSON.parse(cli(['rules', '--config', config, '--format', 'json', '--help-uri-base', 'https://example.org/rules']).out);
  const sidecar = json.rules.find((r: { id: string }) => r.id === 'legacy-sidecar');
  assert.deepEqual(sidecar, { id: 'legacy-sidecar', severity: 'off', defaultSeverity: 'warning', description: sidecar.description, page: 'https://example.org/rules/legacy-sidecar.md' });
  assert.match(cli(['rules', '--config', config]).out, /^legacy-sidecar\s+off \(default warning\)/m);
  assert.doesNotMatch(text.out, RULE_BOOK_ID);
});

test('the summary line counts findings by severity, and files', () => {
  const r = cli(['check', '--no-config', missing, good]);
  assert.equal(r.out.trim().split('\n').at(-1), '1 warning in 1 of 2 files');
  assert.equal(cli(['check', '--no-config', good]).out.trim(), 'no problems in 1 file');
  const all = cli(['check', '--no-config', join(examples, 'bad')]);
  const files = readdirSync(join(examples, 'bad')).filter((f) => f.endsWith('.yaml')).length;
  assert.match(all.out.trim().split('\n').at(-1)!, new RegExp(`^\\d+ errors?, \\d+ warnings?(, \\d+ information)?(, \\d+ hints?)? in \\d+ of ${files} files$`));
});

test('colour only on a terminal (a real pty through script), never with NO_COLOR or --no-color', (t) => {
  if (spawnSync('script', ['--version']).status !== 0) return t.diagnostic('script (util-linux) is not installed: the pty check is left out');
  const inPty = (command: string, env: Record<string, string> = {}) =>
    spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', TERM: 'xterm', ...env } }).stdout;
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(cliJs)} check --no-config ${JSON.stringify(missing)}`;
  assert.match(inPty(command), /\u001b\[33mwarning\u001b\[0m/, 'yellow warnings on a terminal');
  assert.doesNotMatch(inPty(command, { NO_COLOR: '1' }), /\u001b\[/);
  assert.doesNotMatch(inPty(`${command} --no-color`), /\u001b\[/);
  const piped = spawnSync(process.execPath, [cliJs, 'check', '--no-config', missing], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '' } });
  assert.doesNotMatch(piped.stdout, /\u001b\[/, 'no colour into a pipe');
  assert.match(cli(['check', '--no-config', missing], { FORCE_COLOR: '1' }).out, /\u001b\[33m/);
});

test('bad values: one line naming the option, exit 2, no fallback', () => {
  const cases: Array<[string[], RegExp]> = [
    [['check', '--shutdown-seconds', '-5', good], /^kubegrace: --shutdown-seconds must be a number of seconds, 0 or more, not "-5"$/],
    [['check', '--endpoint-propagation-seconds', 'soon', good], /^kubegrace: --endpoint-propagation-seconds must be a number/],
    [['check', '--kubernetes-version', '1.9', good], /^kubegrace: --kubernetes-version 1\.9 is outside 1\.20–1\.38/],
    [['check', '--kubernetes-version', 'latest', good], /^kubegrace: --kubernetes-version must look like 1\.30, not "latest"$/],
    [['check', '--format', 'xml', good], /^kubegrace: --format for check must be text, json, sarif, gitlab or junit, not "xml"$/],
    [['check', '--format'], /^kubegrace: --format needs a value$/],
    [['check', '--fix=yes', good], /^kubegrace: --fix takes no value$/],
    [['check', '--fail-on', 'hint', good], /^kubegrace: --fail-on must be error, warning, information or none/],
    [['check', '--dry-run', good], /^kubegrace: --dry-run goes with --fix$/],
    [['check', '--fix', '--dry-run', '--format', 'json', good], /^kubegrace: --fix --dry-run prints a unified diff; it takes no --format$/],
    [['check', '--colour', good], /^kubegrace: unknown option --colour$/],
    [['check', '--fail-on-parse-errors', good], /^kubegrace: unknown option --fail-on-parse-errors \(did you mean "--fail-on-parse-error"\?\)$/],
    [['chek', good], /^kubegrace: unknown command "chek" \(did you mean "check"\?\)/],
    [['explain', '--format', 'sarif', good], /^kubegrace: --format for explain must be text or json/],
    [[], /^kubegrace: missing command/],
  ];
  for (const [args, expected] of cases) {
    const r = cli(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.out, '', args.join(' '));
    assert.equal(r.err.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${r.err}`);
    assert.match(r.err.trim(), expected);
    assert.doesNotMatch(r.err, /using|ambiguous/);
  }
});

test('--fail-on none never fails on findings; --fail-on-parse-error fails on invalid YAML', () => {
  assert.equal(cli(['check', '--no-config', '--fail-on', 'warning', missing]).status, 1);
  assert.equal(cli(['check', '--no-config', '--fail-on', 'none', join(examples, 'bad')]).status, 0);
  const broken = join(dir, 'broken.yaml');
  writeFileSync(broken, 'apiVersion: v1\nkind: Pod\nmetadata: {name: [unclosed\n');
  const lenient = cli(['check', '--no-config', broken]);
  assert.equal(lenient.status, 0, 'by default a parse error is reported and does not fail');
  assert.match(lenient.err, /broken\.yaml:\d+:\d+: document skipped/);
  assert.match(lenient.out, /1 document not valid YAML, skipped/);
  assert.equal(cli(['check', '--no-config', '--fail-on-parse-error', broken]).status, 1);
});

test('--fix --dry-run prints a unified diff that patch applies to give what --fix writes', (t) => {
  const work = mkdtempSync(join(tmpdir(), 'kubegrace-dry-'));
  cpSync(join(examples, 'bad'), join(work, 'a'), { recursive: true });
  const before = readFileSync(join(work, 'a', 'grace-exhausted.yaml'), 'utf8');
  const dry = spawnSync(process.execPath, [cliJs, 'check', '--no-config', '--fix', '--dry-run', '.'], { cwd: join(work, 'a'), encoding: 'utf8' });
  assert.equal(readFileSync(join(work, 'a', 'grace-exhausted.yaml'), 'utf8'), before, 'dry run writes nothing');
  assert.match(dry.stdout, /^--- a\/grace-exhausted\.yaml\n\+\+\+ b\/grace-exhausted\.yaml\n@@ -\d+,7 \+\d+,7 @@\n/m);
  assert.match(dry.stdout, /^- {6}terminationGracePeriodSeconds: 15\n\+ {6}terminationGracePeriodSeconds: 25$/m);
  assert.match(dry.stderr, /grace-exhausted\.yaml: would fix Deployment\/uploads/);
  assert.match(dry.stderr, /^after the fixes: /m);
  cpSync(join(work, 'a'), join(work, 'b'), { recursive: true });
  spawnSync(process.execPath, [cliJs, 'check', '--no-config', '--fix', '.'], { cwd: join(work, 'a') });
  writeFileSync(join(work, 'fix.patch'), `${dry.stdout}\n`);
  const patch = spawnSync('patch', ['-p1', '-i', join(work, 'fix.patch')], { cwd: join(work, 'b'), encoding: 'utf8' });
  if (patch.error) return t.diagnostic('patch is not installed: applying the diff is left out');
  assert.equal(patch.status, 0, patch.stdout + patch.stderr);
  for (const name of ['grace-exhausted.yaml', 'prestop-missing.yaml', 'exec-hook-unavailable.yaml']) {
    assert.equal(readFileSync(join(work, 'b', name), 'utf8'), readFileSync(join(work, 'a', name), 'utf8'), name);
  }
});

test('.kubegrace.yaml is found from each checked file, not the working directory; its errors name it', () => {
  const repo = mkdtempSync(join(tmpdir(), 'kubegrace-repo-'));
  mkdirSync(join(repo, '.git'));
  mkdirSync(join(repo, 'team-a'));
  mkdirSync(join(repo, 'team-b'));
  cpSync(missing, join(repo, 'team-a', 'app.yaml'));
  cpSync(missing, join(repo, 'team-b', 'app.yaml'));
  writeFileSync(join(repo, 'team-a', '.kubegrace.yaml'), 'rules:\n  prestop-missing: error\n');
  const r = cli(['check', '--format', 'json', join(repo, 'team-a', 'app.yaml'), join(repo, 'team-b', 'app.yaml')]);
  const severities = JSON.parse(r.out).files.map((f: { findings: Array<{ severity: string }> }) => f.findings[0]?.severity);
  assert.deepEqual(severities, ['error', 'warning'], 'team-a has its own settings file');
  assert.equal(r.status, 1);
  writeFileSync(join(repo, 'team-b', '.kubegrace.yaml'), 'rules:\n  prestop-mising: off\nshutdownSecond: 5\nkubernetesVersion: "1.9"\n');
  const bad = cli(['check', join(repo, 'team-b', 'app.yaml')]);
  assert.equal(bad.status, 2);
  assert.equal(bad.out, '', 'nothing is checked with a broken settings file');
  const file = join(repo, 'team-b', '.kubegrace.yaml');
  assert.ok(bad.err.includes(`kubegrace: ${file}: unknown rule "prestop-mising" in rules (did you mean "prestop-missing"?)`), bad.err);
  assert.ok(bad.err.includes(`kubegrace: ${file}: unknown setting "shutdownSecond" (did you mean "shutdownSeconds"?)`), bad.err);
  assert.ok(bad.err.includes(`kubegrace: ${file}: kubernetesVersion "1.9" is outside 1.20–1.38`), bad.err);
  assert.doesNotMatch(bad.err, /using/);
});

test('a path named on the command line that ignore: excludes gets a notice', () => {
  const repo = mkdtempSync(join(tmpdir(), 'kubegrace-ignore-'));
  mkdirSync(join(repo, '.git'));
  mkdirSync(join(repo, 'charts', 'web'), { recursive: true });
  mkdirSync(join(repo, 'k8s'));
  cpSync(missing, join(repo, 'charts', 'web', 'deploy.yaml'));
  cpSync(missing, join(repo, 'k8s', 'deploy.yaml'));
  writeFileSync(join(repo, '.kubegrace.yaml'), 'ignore:\n  - charts/\n');
  const walked = cli(['check', repo]);
  assert.equal(walked.err, '', 'walking a folder skips ignored files quietly');
  assert.match(walked.out, /1 warning in 1 of 1 file/);
  const named = cli(['check', join(repo, 'charts', 'web', 'deploy.yaml'), join(repo, 'k8s')]);
  assert.equal(named.err, `kubegrace: ${join(repo, 'charts', 'web', 'deploy.yaml')} is not checked: the ignore list of ${join(repo, '.kubegrace.yaml')} excludes it\n`);
  const folder = cli(['check', join(repo, 'charts')]);
  assert.match(folder.err, /charts has nothing to check: the ignore list of .*\.kubegrace\.yaml excludes its 1 YAML file$/m);
});

test('no rule-book ids in the messages the CLI itself writes', () => {
  const texts = [cli(['check', '--no-config', join(examples, 'good')]).out, cli(['help', 'check']).out, cli(['check', '--kubernetes-version', '1.9', good]).err];
  for (const text of texts) assert.doesNotMatch(text, RULE_BOOK_ID);
});

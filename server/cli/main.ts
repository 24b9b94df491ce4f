/**
 * `kubegrace` — check manifests for unsafe Pod shutdowns, explain their timelines, list the rules.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atLeast } from '../../shared/rules';
import { ruleHref } from '../engine/docs';
import { paint, useColor, type Paint } from './output/color';
import { Configs } from './configs';
import { unifiedDiff } from './output/diff';
import { toGitLab } from './output/gitlab';
import { toJUnit } from './output/junit';
import { skipIgnored } from './named';
import { parseCli, UsageError, type CliOptions } from './options';
import { checkFile, checkText, explainFile, explainText, type JsonFile, type JsonWorkload } from './output/report';
import { ruleList, rulesText } from './rules-list';
import { analyzeSources, fixSources, type SettingsFor } from './run';
import { toSarif } from './output/sarif';
import { gatherSources, type Source } from './sources';
import { writeSource } from './read';
import { checkRendered, renderedDiffs, renderedJson, type RenderedCheck } from './rendered';
import { nestedProjects } from '../render/nested';
import { summaryLine } from './output/summary';
import { usage } from './usage';

declare const KUBEGRACE_VERSION: string | undefined;
const VERSION = typeof KUBEGRACE_VERSION === 'string' ? KUBEGRACE_VERSION : 'dev';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Standard input, read when a PATH is `-`. */
  stdin?(): string | Uint8Array;
  /** Whether standard output is a terminal (colour is used only there). */
  isTty?: boolean;
  /** The environment (NO_COLOR, FORCE_COLOR); process.env when not given. */
  env?: Record<string, string | undefined>;
}

/** A rule page as readers open it: a path on this machine, or the published URL. */
function page(options: CliOptions, rule: string): string {
  const href = ruleHref(rule, options.helpUriBase);
  return href.startsWith('file:') ? fileURLToPath(href) : href;
}

/** Messages about the run itself (not findings) go to stderr, each line prefixed with the program's name. */
function say(io: Io, lines: Iterable<string>, prefix = ''): void {
  for (const line of lines) io.err(`kubegrace: ${prefix}${line}`);
}

/** Prints the problems of the settings files read so far; true when there are any (exit 2). */
function reportConfigProblems(configs: Configs, io: Io): boolean {
  const problems = configs.problems();
  say(io, problems);
  return problems.length > 0;
}

function listRules(options: CliOptions, configs: Configs, io: Io, colors: Paint): number {
  const settings = configs.settingsFor(undefined);
  if (reportConfigProblems(configs, io)) return 2;
  const rules = ruleList(settings, (rule) => page(options, rule));
  io.out(options.format === 'json' ? JSON.stringify({ rules }, null, 2) : rulesText(rules, colors));
  return 0;
}

/** `--fix`: writes the fixed files, or with `--dry-run` prints their diff. The sources then hold the fixed text. */
function fix(options: CliOptions, sources: Source[], settingsFor: SettingsFor, context: Source[], io: Io, unwritable: string[]): void {
  for (const { source, text, applied } of fixSources(sources, settingsFor, context)) {
    if (text === source.text) continue;
    if (options.dryRun) io.out(unifiedDiff(source.path, source.text, text).trimEnd());
    else {
      const problem = source.utf8 === false ? `${source.path}: not fixed: it holds bytes that are not UTF-8, which a rewrite would replace` : writeSource(source.path, text);
      if (problem) {
        say(io, [problem]);
        unwritable.push(problem);
        continue;
      }
    }
    for (const a of applied) io.err(`${source.path}: ${options.dryRun ? 'would fix' : 'fixed'} ${a}`);
    source.text = text;
  }
}

/**
 * `--context`: the files whose Services and Ingresses count for the checked ones (pre-commit names
 * only the staged files; the rest of the repository still routes traffic to them). Files that are
 * also checked, and files the ignore lists exclude, are left out; unreadable ones are only noted.
 */
function contextSources(options: CliOptions, sources: Source[], configs: Configs, io: Io): Source[] {
  if (options.context.length === 0) return [];
  const checked = new Set(sources.filter((s) => s.onDisk).map((s) => resolve(s.path)));
  const { sources: found, unreadable } = gatherSources(options.context, () => '', (path) => checked.has(resolve(path)) || configs.ignored(path) !== undefined, configs.settingsFor(undefined));
  say(io, unreadable, '--context: cannot read ');
  return found;
}

/**
 * `check` and `explain` render each PATH that is a chart or an overlay folder, with the settings file
 * nearest to it; in any other folder, the charts and overlays inside it (server/render/nested.ts),
 * whose files the plain walk then leaves out (`covers`).
 */
function renderFolders(options: CliOptions, configs: Configs, env: Record<string, string | undefined>): RenderedCheck & { diffs?: string[]; covers(path: string): boolean } {
  const out: RenderedCheck = { files: [], workloads: [], errors: [], notices: [], fixed: [], rest: [] };
  // Running a program named by the checked repository is the caller's choice, never the repository's.
  const fix = options.fix ? (options.dryRun ? ('dry-run' as const) : ('write' as const)) : undefined;
  const flags = { ...options.render, allowConfigTools: options.render.allowConfigTools || env.KUBEGRACE_ALLOW_CONFIG_TOOLS === '1', fix, pending: new Map() };
  const render = (path: string): string[] => {
    // A name inside the folder, so that the settings file nearest to the folder applies.
    const inside = path === '-' ? undefined : join(path, '.kubegrace.yaml');
    const one = checkRendered([path], flags, configs.settingsFor(inside), configs.configFor(inside));
    out.files.push(...one.files);
    out.workloads.push(...one.workloads);
    out.errors.push(...one.errors);
    out.fixed!.push(...(one.fixed ?? []));
    for (const n of one.notices) if (!out.notices.includes(n)) out.notices.push(n);
    return one.rest;
  };
  // A folder named on the command line renders when its turn comes, not also as part of a parent.
  const named = new Set(options.paths.filter((p) => p !== '-').map((p) => resolve(p)));
  const covers: Array<(path: string) => boolean> = [];
  for (const path of options.paths) {
    const rest = render(path);
    out.rest.push(...rest);
    if (!options.render.enabled || rest.length === 0 || path === '-' || !isDirectory(path)) continue;
    const nested = nestedProjects(path, (dir) => configs.ignored(dir) !== undefined);
    for (const dir of nested.dirs) if (!named.has(resolve(dir))) render(dir);
    covers.push(nested.covers);
  }
  // With --fix --dry-run, every chart's and overlay's edits as one diff per file.
  const diffs = fix === 'dry-run' ? renderedDiffs(flags.pending) : [];
  // A file named on the command line is checked as it is, as before.
  return { ...out, diffs, covers: (path) => !named.has(resolve(path)) && covers.some((c) => c(path)) };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function run(options: CliOptions, io: Io): number {
  const configs = new Configs(options.config, options.flags);
  const colors = paint(useColor(options.color, io.isTty ?? false, io.env ?? process.env));
  if (options.command === 'rules') return listRules(options, configs, io, colors);

  // Chart and overlay folders are rendered and reported at their source lines (server/render/).
  const rendered = renderFolders(options, configs, io.env ?? process.env);
  for (const n of rendered.notices) io.err(n);
  for (const e of rendered.errors) io.err(e);
  for (const d of rendered.diffs ?? []) io.out(d);
  for (const f of rendered.fixed ?? []) io.err(f);
  const skip = skipIgnored(rendered.rest, configs);
  const { sources, unreadable, notices } = gatherSources(rendered.rest, io.stdin ?? (() => readFileSync(0)), (path) => rendered.covers(path) || skip.test(path), configs.settingsFor(undefined));
  say(io, skip.notices());
  say(io, unreadable, 'cannot read ');
  say(io, notices);
  // Files on disk have their own settings file; standard input uses the working directory's.
  const onDisk = new Set(sources.filter((s) => s.onDisk).map((s) => s.path));
  const settingsFor = (path: string) => configs.settingsFor(onDisk.has(path) ? path : undefined);
  // Reads every settings file in play first, so that a bad one stops the run before any output.
  for (const s of sources) settingsFor(s.path);
  if (reportConfigProblems(configs, io)) return 2;

  const context = contextSources(options, sources, configs, io);
  if (options.fix) fix(options, sources, settingsFor, context, io, unreadable);
  const analysed = analyzeSources(sources, settingsFor, context);
  const checked: JsonFile[] = [...rendered.files.map(renderedJson), ...analysed.map(({ source, analysis }) => checkFile(source.path, source.text, analysis))];
  if (options.format !== 'json') for (const e of checked.flatMap((f) => [...f.errors, ...(f.notices ?? [])])) io.err(e);

  if (options.command === 'explain') {
    const workloads: JsonWorkload[] = [...rendered.workloads.map((w) => w.json), ...analysed.flatMap(({ source, analysis }) => explainFile(source.path, analysis))];
    if (options.format === 'json') io.out(JSON.stringify({ workloads }, null, 2));
    else {
      const text = [...rendered.workloads.map((w) => w.text), ...analysed.map(({ source, analysis }) => explainText(source.path, source.text, analysis))].filter(Boolean).join('\n\n');
      if (text) io.out(text);
    }
  } else if (options.dryRun) {
    io.err(summaryLine(checked, rendered.errors.length).replace(/^/, 'after the fixes: '));
  } else if (options.format === 'json') {
    io.out(JSON.stringify({ files: checked }, null, 2));
  } else if (options.format === 'sarif') {
    const files = [...rendered.files, ...analysed.map(({ source, analysis }) => ({ path: source.path, text: source.text, findings: analysis.workloads.flatMap((w) => w.analysis.findings) }))];
    io.out(JSON.stringify(toSarif(files, { version: VERSION, helpUri: (rule) => ruleHref(rule, options.helpUriBase) }), null, 2));
  } else if (options.format === 'gitlab') {
    io.out(JSON.stringify(toGitLab(checked), null, 2));
  } else if (options.format === 'junit') {
    io.out(toJUnit(checked, options.failOn, (rule) => page(options, rule)));
  } else {
    const text = checkText(checked, colors);
    if (text) io.out(text);
    io.out(colors.dim(summaryLine(checked, rendered.errors.length)));
  }

  if (unreadable.length > 0 || rendered.errors.length > 0) return 2;
  if (options.failOnParseError && checked.some((f) => f.errors.length > 0)) return 1;
  const failOn = options.failOn;
  return failOn !== 'none' && checked.some((f) => f.findings.some((x) => atLeast(x.severity, failOn))) ? 1 : 0;
}

export function main(argv: string[], io: Io): number {
  try {
    const options = parseCli(argv);
    if (options.command === 'help') {
      io.out(usage(options.topic));
      return 0;
    }
    if (options.command === 'version') {
      io.out(VERSION);
      return 0;
    }
    return run(options, io);
  } catch (error) {
    if (error instanceof UsageError) {
      // One line: what was wrong and what is accepted. `kubegrace help` has the rest.
      io.err(`kubegrace: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  const io: Io = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`), isTty: process.stdout.isTTY === true };
  process.exitCode = main(process.argv.slice(2), io);
}

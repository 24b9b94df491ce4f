/**
 * `kubegrace` — check manifests for unsafe Pod shutdowns, or explain their timelines.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { atLeast } from '../../shared/rules';
import { isIgnored } from '../config';
import { ruleHref } from '../docs';
import { checkFile, checkText, explainFile, explainText, type JsonFile, type JsonWorkload } from './report';
import { parseCli, UsageError, USAGE, type CliOptions } from './options';
import { analyzeSources, fixSources } from './run';
import { toSarif } from './sarif';
import { gatherSources } from './sources';
import { checkRendered, renderedJson } from '../render/cli';

declare const KUBEGRACE_VERSION: string | undefined;
const VERSION = typeof KUBEGRACE_VERSION === 'string' ? KUBEGRACE_VERSION : 'dev';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Standard input, read when a PATH is `-`. */
  stdin?(): string;
}

function run(options: CliOptions, io: Io): number {
  options.problems.forEach((p) => io.err(`kubegrace: ${p}`));
  // Chart and overlay folders are rendered and reported at their source lines (server/render/).
  const rendered = checkRendered(options.paths, options.render, options.settings, options.config);
  rendered.errors.forEach((e) => io.err(e));
  const { sources, unreadable } = gatherSources(rendered.rest, io.stdin ?? (() => readFileSync(0, 'utf8')), (path) => isIgnored(options.config, path));
  unreadable.forEach((u) => io.err(`kubegrace: cannot read ${u}`));

  if (options.fix) {
    for (const { source, text, applied } of fixSources(sources, options.settings)) {
      if (text === source.text) continue;
      writeFileSync(source.path, text);
      source.text = text;
      applied.forEach((a) => io.err(`${source.path}: fixed ${a}`));
    }
  }

  const analysed = analyzeSources(sources, options.settings);
  const checked: JsonFile[] = [...rendered.files.map(renderedJson), ...analysed.map(({ source, analysis }) => checkFile(source.path, source.text, analysis))];
  if (options.format !== 'json') checked.forEach((f) => f.errors.forEach((e) => io.err(e)));

  if (options.command === 'explain') {
    const workloads: JsonWorkload[] = [...rendered.workloads.map((w) => w.json), ...analysed.flatMap(({ source, analysis }) => explainFile(source.path, analysis))];
    if (options.format === 'json') io.out(JSON.stringify({ workloads }, null, 2));
    else {
      const text = [...rendered.workloads.map((w) => w.text), ...analysed.map(({ source, analysis }) => explainText(source.path, source.text, analysis))].filter(Boolean).join('\n\n');
      if (text) io.out(text);
    }
  } else if (options.format === 'json') {
    io.out(JSON.stringify({ files: checked }, null, 2));
  } else if (options.format === 'sarif') {
    const files = [...rendered.files, ...analysed.map(({ source, analysis }) => ({ path: source.path, text: source.text, findings: analysis.workloads.flatMap((w) => w.analysis.findings) }))];
    io.out(JSON.stringify(toSarif(files, { version: VERSION, helpUri: (rule) => ruleHref(rule, options.helpUriBase) }), null, 2));
  } else {
    const text = checkText(checked);
    if (text) io.out(text);
  }

  if (unreadable.length > 0 || rendered.errors.length > 0) return 2;
  return checked.some((f) => f.findings.some((x) => atLeast(x.severity, options.failOn))) ? 1 : 0;
}

export function main(argv: string[], io: Io): number {
  try {
    const options = parseCli(argv);
    if (options === 'help') {
      io.out(USAGE);
      return 0;
    }
    if (options === 'version') {
      io.out(VERSION);
      return 0;
    }
    return run(options, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`kubegrace: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  const io: Io = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };
  process.exitCode = main(process.argv.slice(2), io);
}

/**
 * `kubegrace` — check manifests for unsafe Pod shutdowns, or explain their timelines.
 */
import { readFileSync } from 'node:fs';
import { analyzeFile } from '../analyze';
import { atLeast } from '../../shared/rules';
import { expandPaths } from './files';
import { checkFile, checkText, explainFile, explainText, type JsonFile, type JsonWorkload } from './report';
import { parseCli, UsageError, USAGE, type CliOptions } from './options';

declare const KUBEGRACE_VERSION: string | undefined;

interface Io {
  out(text: string): void;
  err(text: string): void;
}

function run(options: CliOptions, io: Io): number {
  const { files, missing } = expandPaths(options.paths);
  let status = 0;
  for (const path of missing) {
    io.err(`kubegrace: cannot read ${path}: no such file or directory`);
    status = 2;
  }
  const checked: JsonFile[] = [];
  const explained: JsonWorkload[] = [];
  const texts: string[] = [];
  for (const path of files) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      io.err(`kubegrace: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      status = 2;
      continue;
    }
    const analysis = analyzeFile(text, options.settings);
    const file = checkFile(path, text, analysis);
    checked.push(file);
    if (options.format === 'text') file.errors.forEach((e) => io.err(e));
    if (options.command === 'explain') {
      explained.push(...explainFile(path, analysis));
      const block = explainText(path, text, analysis);
      if (block) texts.push(block);
    }
  }
  if (options.command === 'check') {
    if (options.format === 'json') io.out(JSON.stringify({ files: checked }, null, 2));
    else {
      const text = checkText(checked);
      if (text) io.out(text);
    }
  } else if (options.format === 'json') io.out(JSON.stringify({ workloads: explained }, null, 2));
  else if (texts.length > 0) io.out(texts.join('\n\n'));

  const failing = checked.some((f) => f.findings.some((x) => atLeast(x.severity, options.failOn)));
  return status === 2 ? 2 : failing ? 1 : 0;
}

export function main(argv: string[], io: Io): number {
  try {
    const options = parseCli(argv);
    if (options === 'help') {
      io.out(USAGE);
      return 0;
    }
    if (options === 'version') {
      io.out(typeof KUBEGRACE_VERSION === 'string' ? KUBEGRACE_VERSION : 'dev');
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

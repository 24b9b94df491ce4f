/**
 * The workspace index against reading and parsing the same files (issue 11: ≤ 1 × the raw parse).
 * Indexes a folder with the server's own code (server/workspace/files.ts), then lists, reads and
 * runs `parseAllDocuments` on the same YAML files, in the same process, warm, best of three.
 * The folder is ../shared (the corpus and the chart sources) or the one given as an argument.
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { indexFolder } from '../server/workspace/files';
import { folderOf } from '../server/workspace/folders';
import { WorkspaceIndex } from '../server/workspace/index';

export interface IndexFigures {
  files: number;
  index: number;
  raw: number;
}

export async function indexBench(dir: string): Promise<IndexFigures> {
  const folder = folderOf(pathToFileURL(dir).href)!;
  const run = async () => {
    const index = new WorkspaceIndex();
    index.addFolder(folder);
    const start = performance.now();
    const result = await indexFolder(index, folder);
    return { time: performance.now() - start, files: result.files };
  };
  const raw = async () => {
    const start = performance.now();
    for (const path of await yamlPaths(dir)) {
      try {
        parseAllDocuments(await readFile(path, 'utf8'));
      } catch {
        // unreadable: the index skips it too
      }
    }
    return performance.now() - start;
  };
  await run(); // warm: V8 and the disk cache
  await raw();
  // Alternating, best of three each: the machine may be busy with other work.
  const times = { index: Infinity, raw: Infinity, files: 0 };
  for (let i = 0; i < 3; i++) {
    const indexed = await run();
    times.files = indexed.files;
    times.index = Math.min(times.index, indexed.time);
    times.raw = Math.min(times.raw, await raw());
  }
  return { files: times.files, index: times.index, raw: times.raw };
}

/** The files the index reads: those it kept or skipped below 1 MiB, found the same way. */
async function yamlPaths(dir: string): Promise<string[]> {
  const { opendir, stat } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for await (const entry of await opendir(d)) {
      const path = join(d, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) await walk(path);
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name) && (await stat(path)).size <= 1024 * 1024) out.push(path);
    }
  };
  await walk(dir);
  return out;
}

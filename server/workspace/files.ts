/**
 * Reads the workspace folders into the index without blocking the server: directories are walked
 * asynchronously, files are read and extracted a few at a time with a turn of the event loop
 * (`setImmediate`) between batches, so requests are answered meanwhile with what is indexed so far.
 */
import { opendir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { childUri, isYamlPath, pathOf, relativeTo, skipped, type Folder } from './folders';
import type { WorkspaceIndex } from './index';

/** Files larger than this are not indexed (generated bundles, CRD dumps): 1 MiB. */
export const MAX_INDEXED_BYTES = 1024 * 1024;
const BATCH_FILES = 16;
const BATCH_BYTES = 256 * 1024;

/** Set `cancelled` to stop a scan after its current file. */
export interface ScanToken {
  cancelled: boolean;
}

export interface ScanResult {
  files: number;
  skippedLarge: number;
}

const TOO_LARGE = Symbol('too large');
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The YAML files below a folder, found as the walk goes; skipped folders are not entered. */
async function* yamlFiles(folder: Folder, dir: string, token: ScanToken): AsyncGenerator<string> {
  let entries: Awaited<ReturnType<typeof opendir>>;
  try {
    entries = await opendir(dir);
  } catch {
    return; // unreadable or vanished while walking
  }
  const subdirectories: string[] = [];
  for await (const entry of entries) {
    if (token.cancelled) return;
    const path = join(dir, entry.name);
    const relative = relativeTo(folder, path);
    // Symbolic links are not followed: they can loop, and their target is usually indexed anyway.
    if (relative === undefined || entry.isSymbolicLink() || skipped(folder, relative)) continue;
    if (entry.isDirectory()) subdirectories.push(path);
    else if (entry.isFile() && isYamlPath(entry.name)) yield path;
  }
  for (const sub of subdirectories) yield* yamlFiles(folder, sub, token);
}

/** Hears, after each batch, how many files are indexed so far (for work-done progress). */
export type ScanProgress = (files: number) => void;

/** Indexes every YAML file of a folder. Resolves when done (or cancelled). */
export async function indexFolder(
  index: WorkspaceIndex,
  folder: Folder,
  token: ScanToken = { cancelled: false },
  maxBytes = MAX_INDEXED_BYTES,
  progress: ScanProgress = () => undefined,
): Promise<ScanResult> {
  const result: ScanResult = { files: 0, skippedLarge: 0 };
  let batchFiles = 0;
  let batchBytes = 0;
  for await (const { path, read: reading } of readAhead(yamlFiles(folder, folder.path, token), maxBytes)) {
    const read = await reading;
    if (token.cancelled) break;
    if (read === TOO_LARGE) result.skippedLarge++;
    if (typeof read !== 'string') continue;
    index.setFromDisk(childUri(folder, relativeTo(folder, path)!), read);
    result.files++;
    batchFiles++;
    batchBytes += read.length;
    if (batchFiles >= BATCH_FILES || batchBytes >= BATCH_BYTES) {
      batchFiles = 0;
      batchBytes = 0;
      progress(result.files);
      await nextTurn();
    }
  }
  return result;
}

/**
 * Reads one file again after a watcher event or when its editor closes: indexed when it is a YAML
 * file of the workspace within the size cap, removed from the index otherwise.
 */
export async function reindexFile(index: WorkspaceIndex, uri: string, maxBytes = MAX_INDEXED_BYTES): Promise<void> {
  const path = pathOf(uri);
  if (path === undefined || !index.covers(uri)) return;
  // A document the editor took as YAML without the extension leaves with its editor.
  if (!isYamlPath(path)) return index.remove(uri);
  const text = await readCapped(path, maxBytes);
  if (typeof text === 'string') index.setFromDisk(uri, text);
  else index.remove(uri);
}

/** The file's text; TOO_LARGE above the cap; undefined when it is not a readable file. */
/** How many files are read ahead of the one being extracted: reads overlap extraction (issue 20). */
const READ_AHEAD = 8;

/**
 * The paths with their reads started, READ_AHEAD ahead of the consumer: file reads go to libuv's
 * thread pool, so the next files are read while this one is extracted, instead of the server
 * waiting for each read in turn.
 */
async function* readAhead(paths: AsyncGenerator<string>, maxBytes: number): AsyncGenerator<{ path: string; read: ReturnType<typeof readCapped> }> {
  const pending: Array<{ path: string; read: ReturnType<typeof readCapped> }> = [];
  let done = false;
  try {
    for (;;) {
      while (!done && pending.length < READ_AHEAD) {
        const next = await paths.next();
        if (next.done) done = true;
        else pending.push({ path: next.value, read: readCapped(next.value, maxBytes) });
      }
      const first = pending.shift();
      if (!first) return;
      yield first;
    }
  } finally {
    // A cancelled scan stops the walk too (reads already started just finish).
    await paths.return(undefined);
  }
}

async function readCapped(path: string, maxBytes: number): Promise<string | typeof TOO_LARGE | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return undefined;
    if (info.size > maxBytes) return TOO_LARGE;
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

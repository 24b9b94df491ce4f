/**
 * Reading one manifest for the CLI: what is too large, binary or not UTF-8 is named, not checked
 * silently. Kubernetes reads manifests as UTF-8; a UTF-16 file or one with NUL bytes is either not
 * YAML at all or would be checked as garbage.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Settings } from '../../shared/settings';
import { sizeNotice } from '../../shared/size';
import { reason } from './files';

export type ReadResult =
  | { kind: 'text'; text: string; /** False when bytes were not UTF-8 (replaced by U+FFFD in `text`). */ utf8: boolean }
  | { kind: 'skipped'; notice: string }
  | { kind: 'unreadable'; problem: string };

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LENIENT = new TextDecoder('utf-8');

/** A text from bytes: binary and UTF-16 are refused, invalid UTF-8 is decoded leniently and flagged. */
export function decode(bytes: Uint8Array, settings: Pick<Settings, 'maxFileSizeMB'>): ReadResult {
  const tooLarge = sizeNotice(bytes.length, settings);
  if (tooLarge) return { kind: 'skipped', notice: tooLarge };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { kind: 'skipped', notice: 'UTF-16 text, not checked; save it as UTF-8 (as kubectl reads it)' };
  }
  if (bytes.subarray(0, 8000).includes(0)) return { kind: 'skipped', notice: 'a binary file (it holds NUL bytes), not checked' };
  try {
    return { kind: 'text', text: UTF8.decode(bytes), utf8: true };
  } catch {
    return { kind: 'text', text: LENIENT.decode(bytes), utf8: false };
  }
}

/** Reads a regular file, refusing before reading when its size is over the limit. */
export function readSource(path: string, settings: Pick<Settings, 'maxFileSizeMB'>): ReadResult {
  try {
    const tooLarge = sizeNotice(statSync(path).size, settings);
    if (tooLarge) return { kind: 'skipped', notice: tooLarge };
    return decode(readFileSync(path), settings);
  } catch (error) {
    return { kind: 'unreadable', problem: reason(error) };
  }
}

/** Reads standard input; a closed or unreadable stdin is a problem, not a crash. */
export function readStdin(settings: Pick<Settings, 'maxFileSizeMB'>, read: () => Uint8Array | string = () => readFileSync(0)): ReadResult {
  try {
    const data = read();
    return typeof data === 'string' ? { kind: 'text', text: data, utf8: true } : decode(data, settings);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { kind: 'unreadable', problem: code === 'EBADF' || code === 'EINVAL' ? 'standard input is closed' : reason(error) };
  }
}

/** `--fix` writing a file back: undefined when written, else why not. */
export function writeSource(path: string, text: string): string | undefined {
  try {
    writeFileSync(path, text);
    return undefined;
  } catch (error) {
    return `cannot write ${path}: ${reason(error)}; not fixed`;
  }
}

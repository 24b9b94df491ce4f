/**
 * The file size limit (`maxFileSizeMB`): beyond it a file gets one notice and no analysis, so no
 * generated 50 MB bundle holds the server or the CLI. Shared by both so they word it the same.
 */
import type { Settings } from './settings';

/** The limit in bytes, or Infinity when the setting is 0 (no limit). */
export function sizeLimitBytes(settings: Pick<Settings, 'maxFileSizeMB'>): number {
  return settings.maxFileSizeMB > 0 ? settings.maxFileSizeMB * 1024 * 1024 : Infinity;
}

/** UTF-8 bytes of a text, without allocating an encoded copy. */
export function utf8Bytes(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Surrogate pairs count 2 + 2 = 4 bytes; other code units above 0x7f 2 or 3.
    if (c > 0x7f) bytes += c > 0x7ff && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return bytes;
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** The notice for a file of `bytes` (or a text) over the limit, or undefined when it is within. */
export function sizeNotice(size: number | string, settings: Pick<Settings, 'maxFileSizeMB'>): string | undefined {
  const limit = sizeLimitBytes(settings);
  // A UTF-16 code unit is at most 3 UTF-8 bytes: most texts are decided by their length alone.
  if (typeof size === 'string' && size.length * 3 <= limit) return undefined;
  const bytes = typeof size === 'string' ? utf8Bytes(size) : size;
  if (bytes <= limit) return undefined;
  return `Not checked: the file is ${megabytes(bytes)}, more than the ${settings.maxFileSizeMB} MB of the maxFileSizeMB setting.`;
}

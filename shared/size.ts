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
  // Node's native count: the loop below costs ~7 ms on a 2 MB text, paid on every version of a
  // document whose length alone does not decide the size limit.
  if (typeof Buffer !== 'undefined') return Buffer.byteLength(text, 'utf8');
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Surrogate pairs count 2 + 2 = 4 bytes; other code units above 0x7f 2 or 3.
    if (c > 0x7f) bytes += c > 0x7ff && (c < 0xd800 || c > 0xdfff) ? 2 : 1;
  }
  return bytes;
}

/** The UTF-8 bytes of `text` when they are more than `limit`, else undefined. */
function bytesOver(text: string, limit: number): number | undefined {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: most texts are decided by their length alone.
  if (text.length * 3 <= limit) return undefined;
  const bytes = utf8Bytes(text);
  return bytes > limit ? bytes : undefined;
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** The notice for a file of `bytes` (or a text) over the limit, or undefined when it is within. */
export function sizeNotice(size: number | string, settings: Pick<Settings, 'maxFileSizeMB'>): string | undefined {
  const limit = sizeLimitBytes(settings);
  const bytes = typeof size === 'string' ? bytesOver(size, limit) : size > limit ? size : undefined;
  if (bytes === undefined) return undefined;
  return `Not checked: the file is ${megabytes(bytes)}, more than the ${settings.maxFileSizeMB} MB of the maxFileSizeMB setting.`;
}

/**
 * The largest single document analysed. Kubernetes cannot store a bigger object: etcd refuses
 * requests over 1.5 MiB by default (`--max-request-bytes` 1572864), and the API server reads at
 * most 3 MiB of request body to allow for JSON larger than the stored protobuf (docs/research.md).
 * A manifest beyond it cannot be applied as is, and parsing it would hold the server for seconds.
 */
export const MAX_DOCUMENT_BYTES = 1.5 * 1024 * 1024;

/** The notice for one YAML document over MAX_DOCUMENT_BYTES, or undefined when it is within. */
export function documentSizeNotice(text: string): string | undefined {
  const bytes = bytesOver(text, MAX_DOCUMENT_BYTES);
  if (bytes === undefined) return undefined;
  // Bytes, not MB: a document just over the bound would read "1.5 MB, more than 1.5 MB".
  return `Not checked: this document is ${bytes.toLocaleString('en-US')} bytes, more than the 1,572,864 (1.5 MiB) a Kubernetes object can have (etcd's default request limit), so it cannot be applied as it is.`;
}

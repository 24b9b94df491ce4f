/**
 * Cheap text checks that run before any YAML parsing: where the documents of a file start, and
 * which documents can be skipped without parsing because of their `kind`.
 */

/** A document's text and where it starts in the file. */
export interface ChunkText {
  offset: number;
  text: string;
}

// A `---` or `...` marker at column 0, followed by a blank, a line break or the end of the text.
// The YAML spec forbids such a line inside any scalar, so splitting there is exact. No `m` flag:
// in that mode `^` also matches after U+2028, which is not a line break for the parser.
const MARKER = /(?:^|\n)(---|\.\.\.)(?=[ \t\r\n]|$)/g;

/**
 * Splits a file into one chunk per YAML document. A `---` line starts a new chunk unless the
 * current chunk so far holds only comments, blank lines and directives (those belong to the
 * document the `---` opens). A `...` line ends the current chunk.
 */
export function splitChunks(text: string): ChunkText[] {
  const starts: number[] = [0];
  let current = 0;
  for (const match of text.matchAll(MARKER)) {
    const lineStart = match.index + (match[0].startsWith('\n') ? 1 : 0);
    if (match[1] === '...') {
      const next = text.indexOf('\n', lineStart);
      if (next === -1 || next + 1 >= text.length) continue;
      current = next + 1;
      starts.push(current);
    } else if (lineStart > current && hasContent(text.slice(current, lineStart))) {
      current = lineStart;
      starts.push(current);
    }
  }
  return starts.map((start, i) => ({ offset: start, text: text.slice(start, starts[i + 1] ?? text.length) }));
}

/** True when the text holds more than comments, blank lines and directives, or a `---` line. */
function hasContent(text: string): boolean {
  // Line by line without splitting: the first content line is usually the first line, and chunks
  // can be hundreds of kilobytes.
  for (let start = 0; start <= text.length; ) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end);
    const trimmed = line.trim();
    if (!(trimmed === '' || trimmed.startsWith('#') || line.startsWith('%'))) return true;
    if (end === -1) break;
    start = end + 1;
  }
  return false;
}

// Kinds that never embed a pod template and are not read as facts (Service, Ingress,
// PodDisruptionBudget, Namespace: yaml/facts). Their documents
// (CRDs and ConfigMaps can be hundreds of kilobytes) are not parsed at all. Lists of them too.
const SKIPPED_KINDS = new Set([
  'APIService', 'Certificate', 'CertificateSigningRequest', 'ClusterIssuer', 'ClusterRole',
  'ConfigMap', 'CSIDriver', 'CustomResourceDefinition', 'Endpoints', 'EndpointSlice', 'Event',
  'HorizontalPodAutoscaler', 'IngressClass', 'Issuer', 'Lease', 'LimitRange',
  'MutatingWebhookConfiguration', 'NetworkPolicy', 'PersistentVolume',
  'PersistentVolumeClaim', 'PodMonitor', 'PriorityClass', 'PrometheusRule',
  'ResourceQuota', 'Role', 'RuntimeClass', 'Secret', 'ServiceAccount', 'ServiceMonitor',
  'StorageClass', 'ValidatingAdmissionPolicy', 'ValidatingWebhookConfiguration', 'VolumeAttachment',
]);

/** True when a document of this kind can be skipped (see SKIPPED_KINDS; any `*Binding` too). */
export function isSkippedKind(kind: string): boolean {
  const base = kind.endsWith('List') ? kind.slice(0, -'List'.length) : kind;
  return SKIPPED_KINDS.has(base) || base.endsWith('Binding');
}

const KIND_LINE = /(?:^|\n)kind[ \t]*:([^\r\n]*)/g;
const PLAIN_KIND = /^[A-Za-z][A-Za-z0-9]*$/;
const MERGE_LINE = /(?:^|\n)<<[ \t]*:/;
// The first line with content must be a plain block mapping key at column 0, or a bare `---`.
const FIRST_KEY = /^[A-Za-z_][\w.\-/]*[ \t]*:(?:[ \t]|$)/;

/**
 * The document's top-level kind read from the text, or undefined when the text does not say it
 * unambiguously: no or several column-0 `kind:` lines, a quoted or flow value, a top-level merge
 * key that could override it, or a root that is not a plain block mapping.
 */
export function prescanKind(text: string): string | undefined {
  const matches = [...text.matchAll(KIND_LINE)];
  if (matches.length !== 1 || MERGE_LINE.test(text) || !startsWithBlockMap(text)) return undefined;
  const value = (matches[0]![1] ?? '').replace(/[ \t]#.*$/, '').trim();
  return PLAIN_KIND.test(value) ? value : undefined;
}

function startsWithBlockMap(text: string): boolean {
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || line.startsWith('%')) continue;
    if (/^---[ \t]*(#.*)?$/.test(line)) continue;
    return FIRST_KEY.test(line);
  }
  return false;
}

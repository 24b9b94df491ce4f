/**
 * Object metadata: name, namespace, labels and annotations.
 */
import { isScalar } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { Located, MetadataFacts, ObjectHeader } from '../../../shared/model/facts';
import { deref, entries, entry, get, getMap, getString, pairSpan, readString, scalarText, span } from '../parse/nodes';
import type { Reader } from '../parse/nodes';

export type { ObjectHeader };

/** The header of a mapping with string `apiVersion` and `kind`; undefined for anything else. */
export function readHeader(reader: Reader, map: YAMLMap): ObjectHeader | undefined {
  const apiVersion = getString(reader, map, 'apiVersion');
  const kindEntry = entry(reader, map, 'kind');
  const kindNode = get(reader, map, 'kind');
  const kind = kindNode ? readString(kindNode) : undefined;
  if (apiVersion === undefined || kind === undefined || !kindNode) return undefined;
  const metadata = getMap(reader, map, 'metadata');
  // generateName stands in for the name of objects created with `kubectl create`.
  const nameNode = get(reader, metadata, 'name') ?? get(reader, metadata, 'generateName');
  const name = nameNode ? readString(nameNode) : undefined;
  const header: ObjectHeader = { apiVersion, kind, name: name ?? '', kindSpan: span(reader, kindNode), span: span(reader, map) };
  if (kindEntry) header.kindPairSpan = pairSpan(reader, kindEntry);
  if (name !== undefined && nameNode) header.nameSpan = span(reader, nameNode);
  const namespace = getString(reader, metadata, 'namespace');
  if (namespace !== undefined) header.namespace = namespace;
  return header;
}

/** The API group of an apiVersion: '' for the core group (`v1`). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** Labels and annotations of a `metadata` mapping (absent mapping: empty facts). */
export function readMetadata(reader: Reader, metadata: YAMLMap | undefined): MetadataFacts {
  if (!metadata) return { labels: {}, annotations: {} };
  const facts: MetadataFacts = {
    span: span(reader, metadata),
    labels: readLabels(reader, getMap(reader, metadata, 'labels')),
    annotations: {},
  };
  const annotations = getMap(reader, metadata, 'annotations');
  if (annotations) {
    facts.annotationsSpan = span(reader, annotations);
    facts.annotations = readAnnotations(reader, annotations);
  }
  return facts;
}

/** A string map such as labels or a selector: string values, numbers and booleans as strings. */
export function readLabels(reader: Reader, map: YAMLMap | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!map) return result;
  for (const [key, found] of entries(reader, map)) {
    const node = deref(reader, found.raw);
    const value = isScalar(node) ? scalarText(node) : undefined;
    if (value !== undefined && key !== '__proto__') result[key] = value;
  }
  return result;
}

export function readAnnotations(reader: Reader, map: YAMLMap | undefined): Record<string, Located<string>> {
  const result: Record<string, Located<string>> = {};
  if (!map) return result;
  for (const [key, found] of entries(reader, map)) {
    const node = deref(reader, found.raw);
    const value = isScalar(node) ? scalarText(node) : undefined;
    if (value === undefined || !node || key === '__proto__') continue;
    result[key] = { value, span: span(reader, node), pairSpan: pairSpan(reader, found) };
  }
  return result;
}

/**
 * Type errors the API server finds while it decodes an object, before any validation: a string
 * where the schema has an integer (`terminationGracePeriodSeconds: "5"`), a number in a string list
 * (`command: [sleep, 40]`), a mapping where a scalar belongs. The server answers with Go's JSON
 * decoder message, "json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.
 * terminationGracePeriodSeconds of type int64" (docs/research.md, "decode errors"); the facts keep
 * what it needs: the Go type, what was found, the struct and the field path below the pod spec.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { DecodeErrorFacts } from '../../../shared/model/facts';
import { deref, entry, span } from '../parse/nodes';
import type { Reader } from '../parse/nodes';

/** The Go types of the fields the model reads. Named string types print as `v1.Name`. */
export type GoType = 'int64' | 'int32' | 'string' | 'bool' | '[]string' | 'intstr' | `v1.${string}`;

const INT_RANGE: Record<string, [number, number]> = { int64: [-(2 ** 63), 2 ** 63 - 1], int32: [-(2 ** 31), 2 ** 31 - 1] };

/** What Go's decoder calls a JSON value it cannot store: "string", "number", "number 5.5", "bool", "object", "array". */
function found(node: Node, type: GoType): string | undefined {
  if (isMap(node)) return 'object';
  if (isSeq(node)) return type === '[]string' ? undefined : 'array';
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (value === null || value === undefined) return undefined; // JSON null leaves the field unset
  const kind = typeof value === 'number' || typeof value === 'bigint' ? 'number' : typeof value === 'boolean' ? 'bool' : 'string';
  if (type === 'int64' || type === 'int32') {
    if (kind !== 'number') return kind;
    const number = Number(value);
    // `.inf` (or 1e309) has no JSON form at all: the YAML-to-JSON conversion already fails.
    if (!Number.isFinite(number)) return 'infinite';
    const [min, max] = INT_RANGE[type]!;
    return Number.isInteger(number) && number >= min && number <= max ? undefined : `number ${String(value)}`;
  }
  if (type === 'bool') return kind === 'bool' ? undefined : kind;
  // IntOrString takes a JSON string as is and decodes anything else into its int32.
  if (type === 'intstr') return kind === 'string' ? undefined : found(node, 'int32');
  if (type === '[]string') return kind;
  return kind === 'string' ? undefined : kind;
}

/**
 * Records a decode error for `raw` (a value as written, possibly an alias) when it does not fit
 * `type`. `path` is the JSON field path below the pod spec, without list indexes, as Go prints it.
 */
export function checkDecode(reader: Reader, raw: unknown, type: GoType, struct: string, path: string, sink: DecodeErrorFacts[] | undefined): void {
  if (!sink || raw === undefined) return;
  const node = deref(reader, raw);
  if (!node) return;
  const problem = found(node, type);
  if (problem) {
    sink.push({ span: span(reader, node), found: problem, struct, field: path, type: type === 'intstr' ? 'int32' : type });
    return;
  }
  if (type === '[]string' && isSeq(node)) {
    for (const item of node.items) {
      const element = deref(reader, item);
      const bad = element ? found(element, 'string') : undefined;
      if (element && bad) sink.push({ span: span(reader, element), found: bad, struct, field: path, type: 'string' });
    }
  }
}

/** `checkDecode` of the field `key` of `map`, bound to one reader and sink; `prefix` goes before every path. */
export function fieldChecker(reader: Reader, sink: DecodeErrorFacts[], prefix = '') {
  return (map: YAMLMap | undefined, key: string, type: GoType, struct: string, path: string): void =>
    checkDecode(reader, entry(reader, map, key)?.raw, type, struct, prefix + path, sink);
}

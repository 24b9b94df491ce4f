/**
 * A fix must never write what the API server rejects. The values a fix writes are whole seconds
 * (int64 fields, or `sleep N` arguments), computed in floating point from the manifest: a huge
 * input gives a number beyond int64, a rounded 9223372036854776000, `Infinity` (rendered `.inf`)
 * or `NaN`. Such a fix is dropped rather than offered.
 */
import type { FixIntent } from './output';

/** A decimal written by String(number) for a value that is not a safe integer: 1e+21, Infinity, 9223372036854776000. */
const NUMERIC_TEXT = /^[+-]?(?:\d+(?:\.\d*)?(?:e[+-]?\d+)?|Infinity|NaN)$/i;

function validValue(value: unknown): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value);
  if (typeof value === 'string') return !NUMERIC_TEXT.test(value.trim()) || Number.isSafeInteger(Number(value));
  if (Array.isArray(value)) return value.every(validValue);
  if (value && typeof value === 'object') return Object.values(value).every(validValue);
  return true;
}

/** True when every number the fix writes is an exact integer the API accepts (int64, and exact in JS). */
export function writesValidValues(fix: FixIntent): boolean {
  return fix.changes.every((change) => change.op === 'move-to-init-containers' ? validValue(change.set) : validValue(change.value));
}

/**
 * Checks the shape of request params before a handler runs. A client (or a fuzzer) may send `{}`,
 * a position without numbers, `context.only` that is not an array: such a request gets an
 * InvalidParams error response, as JSON-RPC says, instead of a crash inside a handler and an
 * error-level log with a stack. Notifications with bad params are dropped with a warning.
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver';

type Check = (value: unknown) => string | undefined;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function nonNegative(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function field(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>((v, key) => (isObject(v) ? v[key] : undefined), value);
}

const uri = (path: string[]): Check => (p) => (typeof field(p, path) === 'string' ? undefined : `${path.join('.')} must be a string`);

const position = (path: string[]): Check => (p) => {
  const pos = field(p, path);
  return isObject(pos) && nonNegative(pos.line) && nonNegative(pos.character) ? undefined : `${path.join('.')} must be {line, character} with integers >= 0`;
};

const range = (path: string[]): Check => (p) => position([...path, 'start'])(p) ?? position([...path, 'end'])(p);

const codeActionContext: Check = (p) => {
  const context = field(p, ['context']);
  if (!isObject(context)) return 'context must be an object';
  if (!Array.isArray(context.diagnostics)) return 'context.diagnostics must be an array';
  if (context.only !== undefined && !(Array.isArray(context.only) && context.only.every((k) => typeof k === 'string'))) return 'context.only must be an array of strings';
  for (const [i, d] of context.diagnostics.entries()) {
    if (!isObject(d)) return `context.diagnostics[${i}] must be an object`;
    const problem = range(['range'])(d);
    if (problem) return `context.diagnostics[${i}].${problem}`;
  }
  return undefined;
};

/** The checks of each request and notification the server handles. */
export const PARAM_CHECKS: Record<string, Check[]> = {
  'textDocument/hover': [uri(['textDocument', 'uri']), position(['position'])],
  'textDocument/codeAction': [uri(['textDocument', 'uri']), range(['range']), codeActionContext],
  'textDocument/codeLens': [uri(['textDocument', 'uri'])],
  'textDocument/diagnostic': [uri(['textDocument', 'uri'])],
  'kubegrace/timeline': [uri(['uri']), position(['position'])],
  'codeAction/resolve': [(p) => (typeof field(p, ['title']) === 'string' ? undefined : 'title must be a string')],
  'textDocument/didOpen': [
    uri(['textDocument', 'uri']),
    (p) => (typeof field(p, ['textDocument', 'text']) === 'string' ? undefined : 'textDocument.text must be a string'),
    (p) => (typeof field(p, ['textDocument', 'version']) === 'number' ? undefined : 'textDocument.version must be a number'),
  ],
  'textDocument/didChange': [
    uri(['textDocument', 'uri']),
    (p) => (typeof field(p, ['textDocument', 'version']) === 'number' ? undefined : 'textDocument.version must be a number'),
    (p) => {
      const changes = field(p, ['contentChanges']);
      if (!Array.isArray(changes)) return 'contentChanges must be an array';
      for (const change of changes) {
        if (!isObject(change) || typeof change.text !== 'string') return 'each content change must have a text';
        if (change.range !== undefined && range(['range'])(change)) return 'a content change range must be {start, end} positions';
      }
      return undefined;
    },
  ],
  'textDocument/didClose': [uri(['textDocument', 'uri'])],
  'workspace/didChangeConfiguration': [],
  'workspace/didChangeWatchedFiles': [
    (p) => {
      const changes = field(p, ['changes']);
      if (!Array.isArray(changes)) return 'changes must be an array';
      return changes.every((c) => isObject(c) && typeof c.uri === 'string' && typeof c.type === 'number') ? undefined : 'each change must have a uri and a type';
    },
  ],
};

/** The first problem with `params` for `method`, or undefined when they are well formed. */
export function paramsProblem(method: string, params: unknown): string | undefined {
  if (!isObject(params)) return 'params must be an object';
  for (const check of PARAM_CHECKS[method] ?? []) {
    const problem = check(params);
    if (problem) return problem;
  }
  return undefined;
}

/** Throws InvalidParams (answered as an error response by the connection) when `params` are malformed. */
export function requireParams(method: string, params: unknown): void {
  const problem = paramsProblem(method, params);
  if (problem) throw new ResponseError(ErrorCodes.InvalidParams, `${method}: ${problem}`);
}

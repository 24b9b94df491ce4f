/**
 * Text synchronisation notifications with malformed params (null `contentChanges`, no
 * `textDocument`) are dropped with a warning before `TextDocuments` sees them: it would throw inside
 * the connection, which logs an error with a stack. `documents.listen(checkedSync(connection))`.
 */
import type { Connection } from 'vscode-languageserver';
import { paramsProblem } from './params';

const METHODS: Record<string, string> = {
  onDidOpenTextDocument: 'textDocument/didOpen',
  onDidChangeTextDocument: 'textDocument/didChange',
  onDidCloseTextDocument: 'textDocument/didClose',
};

export function checkedSync(connection: Connection): Connection {
  return new Proxy(connection, {
    get(target, key, receiver) {
      const method = typeof key === 'string' ? METHODS[key] : undefined;
      const value = Reflect.get(target, key, receiver);
      if (!method) return typeof value === 'function' ? value.bind(target) : value;
      return (handler: (params: unknown) => void) =>
        value.call(target, (params: unknown) => {
          const problem = paramsProblem(method, params);
          if (problem) target.console.warn(`kubegrace: ignored ${method}: ${problem}`);
          else handler(params);
        });
    },
  });
}

/**
 * Every handler runs through one guard: a throw is logged once (per handler and message) and
 * answered with the handler's empty result, so one bad document never takes the server down.
 * A ResponseError (malformed params, a request after shutdown) is the answer itself: it goes back
 * to the client as an error response and is not logged.
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { requireParams } from './protocol/params';

export type Logger = (message: string) => void;

export function makeGuard(log: Logger) {
  const seen = new Set<string>();
  return function guard<P extends unknown[], R>(name: string, empty: R, handler: (...args: P) => R | Promise<R>) {
    return async (...args: P): Promise<R> => {
      try {
        return await handler(...args);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        const message = error instanceof Error ? error.stack ?? error.message : String(error);
        const key = `${name}: ${message.split('\n')[0]}`;
        if (!seen.has(key)) {
          seen.add(key);
          log(`kubegrace: ${name} failed: ${message}`);
        }
        return empty;
      }
    };
  };
}

/**
 * A request handler for `method`: refused after `shutdown` (InvalidRequest, as the LSP says),
 * refused with InvalidParams when its params are malformed, else run through the guard.
 */
export function makeRequests(guard: ReturnType<typeof makeGuard>, state: { shutdown: boolean }) {
  return function request<P, R>(method: string, empty: R, handler: (params: P) => R | Promise<R>) {
    return guard(method, empty, (params: P) => {
      if (state.shutdown) throw new ResponseError(ErrorCodes.InvalidRequest, `${method}: the server is shutting down`);
      requireParams(method, params);
      return handler(params);
    });
  };
}

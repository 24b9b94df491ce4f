/**
 * Every handler runs through one guard: a throw is logged once (per handler and message) and
 * answered with the handler's empty result, so one bad document never takes the server down.
 * A ResponseError (malformed params, a request after shutdown) is the answer itself: it goes back
 * to the client as an error response and is not logged.
 */
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver';
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

/** Lets the connection read what arrived meanwhile (a `$/cancelRequest`, a newer request). */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Long work calls this between steps: it yields, then stops with RequestCancelled once the client cancelled. */
export type Checkpoint = () => Promise<void>;

export function checkpointOf(token: CancellationToken | undefined): Checkpoint {
  return async () => {
    await yieldToEvents();
    if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  };
}

/**
 * A request handler for `method`: refused after `shutdown` (InvalidRequest, as the LSP says),
 * refused with InvalidParams when its params are malformed, answered RequestCancelled when the
 * client cancelled it while it waited behind other work, else run through the guard.
 */
export function makeRequests(guard: ReturnType<typeof makeGuard>, state: { shutdown: boolean }) {
  return function request<P, R>(method: string, empty: R, handler: (params: P, checkpoint: Checkpoint, token?: CancellationToken) => R | Promise<R>) {
    return guard(method, empty, async (params: P, token?: CancellationToken) => {
      if (state.shutdown) throw new ResponseError(ErrorCodes.InvalidRequest, `${method}: the server is shutting down`);
      requireParams(method, params);
      const checkpoint = checkpointOf(token);
      await checkpoint();
      return handler(params, checkpoint, token);
    });
  };
}

/**
 * A request to the client, answered or not: an error answer and no answer within `ms` both become
 * `fallback`. Clients may answer server requests with errors, or never (the LSP does not oblige
 * them); the server must go on either way, and never with an unhandled rejection.
 */
export function answered<T, F>(request: Promise<T>, fallback: F, ms = CLIENT_ANSWER_MS): Promise<T | F> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    request.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}

/** How long the server waits for the client's answer to its own requests (settings, progress). */
export const CLIENT_ANSWER_MS = 5000;

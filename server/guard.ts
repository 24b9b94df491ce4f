/**
 * Every handler runs through one guard: a throw is logged once (per handler and message) and
 * answered with the handler's empty result, so one bad document never takes the server down.
 */
export type Logger = (message: string) => void;

export function makeGuard(log: Logger) {
  const seen = new Set<string>();
  return function guard<P extends unknown[], R>(name: string, empty: R, handler: (...args: P) => R | Promise<R>) {
    return async (...args: P): Promise<R> => {
      try {
        return await handler(...args);
      } catch (error) {
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

/** Placeholder replaced in the next step by the server-program table. */
export function imageStopSignal(_image: string | undefined): string | undefined {
  return undefined;
}

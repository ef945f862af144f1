/** First wait between start-up connection attempts. */
export const RETRY_FIRST_DELAY_MS = 200;
/** Longest wait between start-up connection attempts. */
export const RETRY_MAX_DELAY_MS = 5_000;

/** A dependency could not be reached before its start-up deadline. */
export class UnreachableError extends Error {
  constructor(
    readonly dependency: string,
    readonly target: string,
    readonly waitedMs: number,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`cannot reach ${dependency} at ${target} after ${waitedMs} ms: ${reason}`, { cause });
    this.name = 'UnreachableError';
  }
}

/**
 * Calls `attempt` until it resolves, doubling the pause between tries, and gives up with an
 * {@link UnreachableError} once `timeoutMs` has passed. `attempt` receives the time it may take.
 */
export async function retryUntil<T>(
  what: { dependency: string; target: string; timeoutMs: number },
  attempt: (remainingMs: number) => Promise<T>,
  onRetry: (error: unknown, delayMs: number) => void,
): Promise<T> {
  const started = Date.now();
  let delay = RETRY_FIRST_DELAY_MS;
  for (;;) {
    const remaining = what.timeoutMs - (Date.now() - started);
    try {
      return await attempt(Math.max(remaining, 1));
    } catch (error) {
      const left = what.timeoutMs - (Date.now() - started);
      if (left <= 0) {
        throw new UnreachableError(what.dependency, what.target, Date.now() - started, error);
      }
      const pause = Math.min(delay, left);
      onRetry(error, pause);
      await new Promise((resolve) => setTimeout(resolve, pause));
      delay = Math.min(delay * 2, RETRY_MAX_DELAY_MS);
    }
  }
}

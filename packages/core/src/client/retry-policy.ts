export interface RetryOptions {
  /** Attempts in all, the first included (default 4). */
  maxAttempts: number;
  /** First backoff delay (default 500 ms); doubles each attempt. */
  baseDelayMs: number;
  /** Longest backoff delay (default 20 s). */
  maxDelayMs: number;
  /**
   * The longest Retry-After the client waits out (default 120 s). A longer one fails the call at
   * once, and a 429's pause fails the connection's later calls at once until it ends.
   */
  maxRetryAfterMs: number;
}

export const defaultRetryOptions: RetryOptions = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 120_000,
};

/** Statuses that mean WorkSpan did not process the call: resending is safe even for creates. */
const notProcessedStatuses = new Set([429, 503]);
/** Statuses worth retrying for calls that create nothing. */
const transientStatuses = new Set([429, 502, 503, 504]);

export type FailureVerdict = 'retry' | 'fail' | 'outcome-unknown';

export function judgeStatus(status: number, creates: boolean): FailureVerdict {
  if (notProcessedStatuses.has(status)) return 'retry';
  if (transientStatuses.has(status)) return creates ? 'outcome-unknown' : 'retry';
  return 'fail';
}

export function judgeTransportFailure(notSent: boolean, creates: boolean): FailureVerdict {
  if (notSent || !creates) return 'retry';
  return 'outcome-unknown';
}

/** Exponential backoff with "equal jitter": half fixed, half random, so clients spread out. */
export function backoffDelay(attempt: number, options: RetryOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * Retry-After as seconds or an HTTP date, in milliseconds from now. Undefined when it asks for no
 * particular wait (absent, unreadable, zero, negative or a time already past): the caller backs
 * off as usual then, rather than resending at once.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const waitMs = /^[+-]?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  return waitMs > 0 ? waitMs : undefined;
}

/** A time (ms since the epoch) as an ISO string, for messages; clamped to the latest Date there is. */
export function isoTime(at: number): string {
  return new Date(Math.min(at, 8.64e15)).toISOString();
}

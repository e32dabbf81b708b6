export interface RetryOptions {
  /** Attempts in all, the first included (default 4). */
  maxAttempts: number;
  /** First backoff delay (default 500 ms); doubles each attempt. */
  baseDelayMs: number;
  /** Longest backoff delay (default 20 s). */
  maxDelayMs: number;
  /** A Retry-After longer than this fails the call instead of waiting (default 120 s). */
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

/** Retry-After as seconds or an HTTP date, in milliseconds from now; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

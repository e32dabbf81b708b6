import { randomBytes } from 'node:crypto';

export interface WaitOptions {
  /** Default 15 s. */
  timeoutMs?: number;
  /** Default 25 ms. */
  intervalMs?: number;
  /** Keep polling when `check` throws (state that is not readable yet); default false. */
  retryOnError?: boolean;
}

/**
 * Polls `check` until it answers something other than undefined; fails after `timeoutMs`. The
 * limit only bounds a wait for something that must happen; it is never what a test asserts.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  options: WaitOptions = {},
): Promise<T> {
  const { timeoutMs = 15_000, intervalMs = 25, retryOnError = false } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      if (!retryOnError) throw error;
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `gave up waiting for ${what} after ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Polls `holds` until it answers true; fails after `timeoutMs`. */
export async function waitUntil(
  what: string,
  holds: () => Promise<boolean> | boolean,
  options: WaitOptions = {},
): Promise<void> {
  await waitFor(what, async () => ((await holds()) ? true : undefined), options);
}

/** A short random tag that keeps a test's objects apart from the seed and from other tests. */
export const uniqueTag = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

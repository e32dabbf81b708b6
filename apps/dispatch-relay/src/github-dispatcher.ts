import type { DispatchEnvelope } from '@workspan-kit/core/internal';
import type { DispatchGate } from './dispatch-gate.js';
import type { GitHubTokenSource } from './github-credentials.js';

export type DispatchOutcome =
  | { dispatched: true; attempts: number }
  | {
      dispatched: false;
      attempts: number;
      /** Why, for the log: never contains the token. */
      reason: string;
      /** When GitHub (or the shared pace) said to come back. */
      retryAfterMs?: number;
    };

export interface GitHubDispatcherOptions {
  apiUrl: string;
  token: GitHubTokenSource;
  gate: DispatchGate;
  maxAttempts: number;
  initialBackoffMs: number;
  maxWaitMs: number;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** Removes credentials from GitHub's answers before any of them is kept (GitHub or a proxy may echo them). */
  redact?: (text: string) => string;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** GitHub asks for at least a minute after a secondary rate limit that names no time. */
const secondaryLimitPauseMs = 60_000;

/** Calls `POST /repos/{owner}/{repo}/dispatches`, retrying 5xx and rate limits within a time budget. */
export class GitHubDispatcher {
  readonly #options: Required<GitHubDispatcherOptions>;

  constructor(options: GitHubDispatcherOptions) {
    this.#options = {
      fetch: globalThis.fetch,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
      now: Date.now,
      redact: (text) => text,
      ...options,
      apiUrl: options.apiUrl.replace(/\/+$/, ''),
    };
  }

  async dispatch(
    repository: string,
    eventType: string,
    envelope: DispatchEnvelope,
  ): Promise<DispatchOutcome> {
    const options = this.#options;
    const body = JSON.stringify({ event_type: eventType, client_payload: envelope });
    let waited = 0;
    let attempts = 0;
    let lastReason = 'not tried';
    // Waits longer than what is left of the budget end the delivery; WorkSpan redelivers later.
    const waitOrGiveUp = async (ms: number): Promise<boolean> => {
      if (waited + ms > options.maxWaitMs) return false;
      waited += ms;
      await options.sleep(ms);
      return true;
    };
    while (attempts < options.maxAttempts) {
      const paceWait = await options.gate.acquire();
      if (paceWait > 0) {
        if (!(await waitOrGiveUp(paceWait)))
          return {
            dispatched: false,
            attempts,
            reason: 'GitHub rate limit (shared pause)',
            retryAfterMs: paceWait,
          };
        continue;
      }
      attempts++;
      let token: string;
      try {
        token = await options.token();
      } catch (error) {
        // The app's key or installation is wrong, or GitHub could not be reached for a token.
        lastReason = `no GitHub token (${(error as { status?: number }).status ?? (error as Error).name})`;
        if (!(await waitOrGiveUp(this.#backoff(attempts)))) break;
        continue;
      }
      let response: Response;
      try {
        response = await options.fetch(`${options.apiUrl}/repos/${repository}/dispatches`, {
          method: 'POST',
          headers: {
            accept: 'application/vnd.github+json',
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'user-agent': 'workspan-dispatch-relay',
            'x-github-api-version': '2022-11-28',
          },
          body,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        lastReason = `GitHub could not be reached (${(error as Error).name})`;
        if (!(await waitOrGiveUp(this.#backoff(attempts)))) break;
        continue;
      }
      // Dispatched: said at once, so that it is recorded as soon as can be (nothing else to read).
      if (response.ok) {
        await response.body?.cancel().catch(() => {});
        return { dispatched: true, attempts };
      }
      const excerpt = await readExcerpt(response, options.redact);
      const rateLimitWait = this.#rateLimitWait(response);
      if (rateLimitWait !== undefined) {
        await options.gate.pause(rateLimitWait);
        lastReason = `GitHub rate limit (HTTP ${response.status})`;
        if (attempts >= options.maxAttempts || !(await waitOrGiveUp(rateLimitWait)))
          return { dispatched: false, attempts, reason: lastReason, retryAfterMs: rateLimitWait };
        continue;
      }
      if (response.status >= 500) {
        lastReason = `GitHub answered HTTP ${response.status}`;
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'), options.now());
        if (!(await waitOrGiveUp(retryAfter ?? this.#backoff(attempts)))) break;
        continue;
      }
      // 401, 403, 404, 422: configuration problems that a retry does not fix.
      return {
        dispatched: false,
        attempts,
        reason: `GitHub refused the dispatch with HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}`,
      };
    }
    return { dispatched: false, attempts, reason: lastReason };
  }

  #backoff(attempt: number): number {
    const base = this.#options.initialBackoffMs * 2 ** (attempt - 1);
    return Math.round(base * (0.5 + this.#options.random() / 2));
  }

  /** How long GitHub asks everyone to wait, or undefined when the answer is not a rate limit. */
  #rateLimitWait(response: Response): number | undefined {
    const { status, headers } = response;
    const remaining = headers.get('x-ratelimit-remaining');
    const retryAfter = parseRetryAfter(headers.get('retry-after'), this.#options.now());
    const limited = status === 429 || (status === 403 && (remaining === '0' || retryAfter !== undefined));
    if (!limited) return undefined;
    if (retryAfter !== undefined) return retryAfter;
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (remaining === '0' && Number.isFinite(reset) && reset > 0)
      return Math.max(1000, reset * 1000 - this.#options.now());
    return secondaryLimitPauseMs;
  }
}

export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** GitHub's message, or the start of the text: redacted whole before it is cut, so no cut credential is left. */
async function readExcerpt(response: Response, redact: (text: string) => string): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof message === 'string') return redact(message).slice(0, 200);
  } catch {
    // not JSON
  }
  return redact(text.slice(0, 64 * 1024))
    .slice(0, 200)
    .replace(/\s+/g, ' ')
    .trim();
}

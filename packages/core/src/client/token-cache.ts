import type { ResolvedConnection } from '../connection.js';
import type { Clock } from './transport.js';

export interface AccessToken {
  value: string;
  /** When to stop using it: shortly before WorkSpan's expiry. */
  renewAt: number;
}

/** Fetches a token from WorkSpan; the client supplies it (with retries for connection failures). */
export type TokenFetcher = (
  signal: AbortSignal | undefined,
) => Promise<{ accessToken: string; expiresInSeconds: number }>;

/**
 * Holds the connection's bearer token: fetched once, reused until shortly before it expires,
 * with a single fetch in flight however many calls are waiting for it.
 */
export class TokenCache {
  readonly #fetch: TokenFetcher;
  readonly #clock: Clock;
  #current: AccessToken | undefined;
  #pending: Promise<AccessToken> | undefined;

  constructor(fetcher: TokenFetcher, clock: Clock) {
    this.#fetch = fetcher;
    this.#clock = clock;
  }

  async get(signal?: AbortSignal): Promise<AccessToken> {
    const current = this.#current;
    if (current && this.#clock.now() < current.renewAt) return current;
    return this.#refresh(signal);
  }

  /** After a 401: drop the token that was refused, unless another call already replaced it. */
  invalidate(refused: AccessToken): void {
    if (this.#current === refused) this.#current = undefined;
  }

  #refresh(signal?: AbortSignal): Promise<AccessToken> {
    if (!this.#pending) {
      const fetchedAt = this.#clock.now();
      // The shared fetch must not die with the first caller's signal: others wait on it too.
      this.#pending = this.#fetch(undefined)
        .then(({ accessToken, expiresInSeconds }) => {
          const lifetimeMs = Math.max(0, expiresInSeconds * 1000);
          const margin = Math.min(60_000, lifetimeMs / 10);
          this.#current = { value: accessToken, renewAt: fetchedAt + lifetimeMs - margin };
          return this.#current;
        })
        .finally(() => {
          this.#pending = undefined;
        });
    }
    return signal ? raceAbort(this.#pending, signal) : this.#pending;
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export function tokenRequestBody(connection: ResolvedConnection): string {
  // The connector's own token body template, field for field.
  const fields: [string, string][] = [
    ['client_id', connection.clientId],
    ['code', ''],
    ['redirect_uri', ''],
    ['grant_type', 'client_credentials'],
    ['client_secret', connection.clientSecret],
    ['refresh_token_type', 'dummy'],
    ['operation', 'token'],
  ];
  return fields.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
}

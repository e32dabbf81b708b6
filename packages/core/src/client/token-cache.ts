import type { AccessToken, TokenProvider } from './token-provider.js';
import type { Clock } from './transport.js';

interface HeldToken {
  token: AccessToken;
  /** When to stop using it: shortly before it expires (never, when its expiry is unknown). */
  renewAt: number;
}

/**
 * The client's hold on its token, whoever provides it: asks the provider only when there is no
 * usable token, with a single request in flight however many calls are waiting, and renews a
 * refused token once however many calls it was refused for.
 */
export class TokenCache {
  readonly #provider: TokenProvider;
  readonly #clock: Clock;
  readonly #onToken: (token: AccessToken) => void;
  #held: HeldToken | undefined;
  /** A token WorkSpan refused; the next request for a token renews it. */
  #refused: AccessToken | undefined;
  #pending: Promise<HeldToken> | undefined;

  /** `onToken` sees every token the provider hands over (the client redacts them). */
  constructor(provider: TokenProvider, clock: Clock, onToken: (token: AccessToken) => void) {
    this.#provider = provider;
    this.#clock = clock;
    this.#onToken = onToken;
  }

  async get(signal?: AbortSignal): Promise<AccessToken> {
    const held = this.#held;
    if (held && this.#clock.now() < held.renewAt) return held.token;
    return (await this.#refresh(signal)).token;
  }

  /** After a 401: the next `get` renews the token, unless another call already replaced it. */
  invalidate(refused: AccessToken): void {
    if (this.#held?.token !== refused) return;
    this.#held = undefined;
    this.#refused = refused;
  }

  #refresh(signal?: AbortSignal): Promise<HeldToken> {
    if (!this.#pending) {
      const refused = this.#refused;
      const expired = this.#held?.token;
      this.#refused = undefined;
      // The shared request must not die with the first caller's signal: others wait on it too.
      this.#pending = this.#ask(refused, expired)
        .then(
          (token) => {
            // A call refused with the token this request replaced needs no renewal of its own.
            if (this.#refused === expired) this.#refused = undefined;
            this.#held = { token, renewAt: this.#renewAt(token) };
            return this.#held;
          },
          (error: unknown) => {
            // Still refused: the next call asks for a renewal again rather than the stored token.
            this.#refused ??= refused;
            throw error;
          },
        )
        .finally(() => {
          this.#pending = undefined;
        });
    }
    return signal ? raceAbort(this.#pending, signal) : this.#pending;
  }

  async #ask(refused: AccessToken | undefined, expired: AccessToken | undefined): Promise<AccessToken> {
    let token = refused
      ? await this.#provider.renewToken(refused, 'refused')
      : expired
        ? await this.#provider.renewToken(expired, 'expired')
        : await this.#provider.getToken();
    this.#onToken(token);
    // A host may hold a token that expired while it was stored: renew it once, then use what comes.
    if (!refused && !expired && this.#isExpired(token)) {
      token = await this.#provider.renewToken(token, 'expired');
      this.#onToken(token);
    }
    return token;
  }

  #isExpired(token: AccessToken): boolean {
    return token.expiresAt !== undefined && token.expiresAt <= this.#clock.now();
  }

  #renewAt(token: AccessToken): number {
    if (token.expiresAt === undefined) return Number.POSITIVE_INFINITY;
    const lifetimeMs = Math.max(0, token.expiresAt - this.#clock.now());
    const margin = Math.min(60_000, lifetimeMs / 10);
    return token.expiresAt - margin;
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

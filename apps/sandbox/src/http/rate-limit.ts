/** Throttling as the connector documents it: N calls per connection per renewal period. */
export interface RateLimitOptions {
  limit: number;
  windowMs: number;
}

export type RateLimitDecision =
  | { allowed: true; remaining: number }
  | { allowed: false; retryAfterSeconds: number };

/**
 * Fixed windows per connection (tenant + client id). A connection's first call starts its first window;
 * later windows follow back to back, each `windowMs` long.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  check(tenant: string, clientId: string): RateLimitDecision {
    const key = `${tenant}\u0000${clientId}`;
    const now = this.now();
    let window = this.windows.get(key);
    if (!window) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    } else if (now >= window.start + this.options.windowMs) {
      const elapsedWindows = Math.floor((now - window.start) / this.options.windowMs);
      window.start += elapsedWindows * this.options.windowMs;
      window.count = 0;
    }
    if (window.count >= this.options.limit) {
      const left = window.start + this.options.windowMs - now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)) };
    }
    window.count++;
    return { allowed: true, remaining: this.options.limit - window.count };
  }

  reset(): void {
    this.windows.clear();
  }
}

import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

/**
 * GitHub's rate-limit state, shared by every replica when Redis is configured: a pace of
 * dispatches per minute, and a pause for everyone once GitHub has said "too many".
 */
export class DispatchGate {
  readonly #limiter: RateLimiterAbstract;
  readonly #key: string;

  constructor(options: { perMinute: number; redis?: Redis | undefined; key?: string }) {
    const settings = { points: options.perMinute, duration: 60, keyPrefix: 'workspan-relay:github' };
    this.#limiter = options.redis
      ? new RateLimiterRedis({ ...settings, storeClient: options.redis, rejectIfRedisNotReady: true })
      : new RateLimiterMemory(settings);
    this.#key = options.key ?? 'dispatches';
  }

  /** Takes one dispatch from the budget: 0 when it may go now, else how long to wait first. */
  async acquire(): Promise<number> {
    try {
      await this.#limiter.consume(this.#key, 1);
      return 0;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return Math.max(1, rejection.msBeforeNext);
      throw rejection;
    }
  }

  /** After GitHub answered with a rate limit: no replica dispatches for `ms`. */
  async pause(ms: number): Promise<void> {
    await this.#limiter.block(this.#key, Math.max(1, Math.ceil(ms / 1000)));
  }
}

import type { Redis } from 'ioredis';
import type { DedupeStore } from './dedupe-store.js';

/**
 * `exchange` in one step: the value before, and the new value with its time to live, except that
 * the same value written again keeps the time it has left. A redelivery that finds its delivery
 * still being dispatched writes the same claim again; were the claim's time renewed, a replica
 * that died while dispatching would hold the delivery for as long as the sender keeps retrying.
 */
const exchangeScript = `
local previous = redis.call('GET', KEYS[1])
if previous == ARGV[1] then return previous end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return previous`;

/** Dedupe shared by every replica through Redis. */
export class RedisDedupeStore implements DedupeStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'workspan-relay:delivery:',
  ) {}

  async exchange(key: string, value: string, ttlMs: number): Promise<string | undefined> {
    const previous = (await this.redis.call(
      'EVAL',
      exchangeScript,
      '1',
      this.prefix + key,
      value,
      String(Math.max(1, Math.round(ttlMs))),
    )) as string | null;
    return previous ?? undefined;
  }
}

import type { Redis } from 'ioredis';
import type { DedupeStore } from './dedupe-store.js';

/** Dedupe shared by every replica through Redis: `exchange` is one `SET key value PX ttl GET`. */
export class RedisDedupeStore implements DedupeStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'workspan-relay:delivery:',
  ) {}

  async exchange(key: string, value: string, ttlMs: number): Promise<string | undefined> {
    const previous = (await this.redis.call(
      'SET',
      this.prefix + key,
      value,
      'PX',
      String(Math.max(1, Math.round(ttlMs))),
      'GET',
    )) as string | null;
    return previous ?? undefined;
  }
}

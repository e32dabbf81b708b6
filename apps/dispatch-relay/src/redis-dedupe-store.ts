import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ClaimResult, DedupeStore } from './dedupe-store.js';

const done = 'done';

// Compare-and-set in one step, so a replica whose lease ran out cannot overwrite another's claim.
const replaceIfOwned = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  if ARGV[2] == '' then return redis.call('DEL', KEYS[1]) end
  return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
return 0`;

/** Dedupe shared by every replica through Redis (`SET NX` claims, expiring keys). */
export class RedisDedupeStore implements DedupeStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'workspan-relay:delivery:',
  ) {}

  async claim(key: string, leaseMs: number): Promise<ClaimResult> {
    const claim = `claim:${randomUUID()}`;
    // SET … NX GET answers the earlier value, or null when this call set it.
    const earlier = (await this.redis.call(
      'SET',
      this.prefix + key,
      claim,
      'PX',
      String(leaseMs),
      'NX',
      'GET',
    )) as string | null;
    if (earlier === null) return { state: 'claimed', claim };
    return earlier === done ? { state: 'done' } : { state: 'in-progress' };
  }

  async complete(key: string, claim: string, rememberMs: number): Promise<void> {
    await this.redis.eval(replaceIfOwned, 1, this.prefix + key, claim, done, String(rememberMs));
  }

  async release(key: string, claim: string): Promise<void> {
    await this.redis.eval(replaceIfOwned, 1, this.prefix + key, claim, '', '0');
  }
}

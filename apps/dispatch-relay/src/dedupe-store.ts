/** What a replica learns when it asks to handle a delivery. */
export type ClaimResult =
  | { state: 'claimed'; claim: string }
  | { state: 'done' }
  /** Another replica (or an earlier request) is dispatching it right now. */
  | { state: 'in-progress' };

/**
 * Remembers deliveries so that each is dispatched once, however many replicas receive it and
 * however often WorkSpan redelivers: a claim is held while dispatching, then marked done or released.
 */
export interface DedupeStore {
  claim(key: string, leaseMs: number): Promise<ClaimResult>;
  /** Marks a claimed delivery dispatched, remembered for `rememberMs`. */
  complete(key: string, claim: string, rememberMs: number): Promise<void>;
  /** Gives a claim up after a failed dispatch, so a redelivery is dispatched. */
  release(key: string, claim: string): Promise<void>;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/** For a single replica. */
export class MemoryDedupeStore implements DedupeStore {
  readonly #entries = new Map<string, Entry>();
  #counter = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 100_000,
  ) {}

  async claim(key: string, leaseMs: number): Promise<ClaimResult> {
    const entry = this.#live(key);
    if (entry) return entry.value === 'done' ? { state: 'done' } : { state: 'in-progress' };
    const claim = `claim-${++this.#counter}`;
    this.#set(key, claim, leaseMs);
    return { state: 'claimed', claim };
  }

  async complete(key: string, claim: string, rememberMs: number): Promise<void> {
    if (this.#live(key)?.value === claim) this.#set(key, 'done', rememberMs);
  }

  async release(key: string, claim: string): Promise<void> {
    if (this.#entries.get(key)?.value === claim) this.#entries.delete(key);
  }

  #live(key: string): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #set(key: string, value: string, ttlMs: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt: this.now() + ttlMs });
    // Oldest first: a Map keeps insertion order.
    while (this.#entries.size > this.maxEntries)
      this.#entries.delete(this.#entries.keys().next().value as string);
  }
}

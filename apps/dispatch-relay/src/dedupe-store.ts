import { createMemoryDedupeStore, type DeliveryDedupeStore } from '@workspan-kit/core/spec';

/**
 * Where the relay remembers deliveries: core's `DeliveryDedupeStore` (`exchange(key, value, ttlMs)`
 * → the value before), so that core's receive rule decides what is a redelivery (decision 17) and
 * a delivery being dispatched elsewhere is seen as in progress.
 */
export type DedupeStore = DeliveryDedupeStore;

/** For a single replica: core's memory store, with the relay's clock and a larger limit. */
export class SingleReplicaDedupeStore implements DedupeStore {
  readonly #store: DeliveryDedupeStore;

  constructor(now: () => number = Date.now, maxEntries = 100_000) {
    this.#store = createMemoryDedupeStore({ now, limit: maxEntries });
  }

  exchange(key: string, value: string, ttlMs: number) {
    return this.#store.exchange(key, value, ttlMs);
  }
}

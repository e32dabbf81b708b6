import {
  assertCallbackToken,
  checkDelivery,
  type DeliveryCheckOptions,
  type IncomingDelivery,
} from './delivery-check.js';
import {
  createMemoryDedupeStore,
  type DeliveryDedupeStore,
  deliveryDedupeKey,
  firstHeader,
} from './delivery-dedupe.js';
import { deliveryHeaders, type ReceivedDelivery } from './delivery-protocol.js';

export interface DeliveryReceiverOptions extends DeliveryCheckOptions {
  /** Where accepted deliveries are remembered (default: in memory, the last 10 000). */
  store?: DeliveryDedupeStore;
  /** The time of receipt (default: the system clock). */
  now?: () => Date;
}

export type DeliveryVerdict =
  | ({ accepted: true } & ReceivedDelivery)
  | { accepted: false; status: 401 | 400 | 413; reason: string };

/**
 * A receiver's whole judgement of one request: the pure check, then the dedupe store. A duplicate
 * is accepted (answer 2xx, so the sender stops retrying) with `delivery.duplicate` set; hosts do
 * not run their flow again for it.
 */
export function createDeliveryReceiver(options: DeliveryReceiverOptions) {
  const store = options.store ?? createMemoryDedupeStore();
  const now = options.now ?? (() => new Date());
  assertCallbackToken(options.token);

  return async function receive(incoming: IncomingDelivery): Promise<DeliveryVerdict> {
    const checked = checkDelivery(incoming, options);
    if (!checked.accepted) return checked;
    const dedupeKey = await deliveryDedupeKey(incoming.headers, checked.bytes);
    const duplicate = !(await store.remember(dedupeKey));
    const id = firstHeader(incoming.headers, deliveryHeaders.deliveryId);
    const event =
      firstHeader(incoming.headers, deliveryHeaders.event) ??
      (typeof checked.payload.event === 'string' ? checked.payload.event : undefined);
    const subscriberId = firstHeader(incoming.headers, deliveryHeaders.subscriberId);
    const attempt = Number(firstHeader(incoming.headers, deliveryHeaders.attempt));
    return {
      accepted: true,
      payload: checked.payload,
      delivery: {
        ...(id ? { id } : {}),
        ...(event ? { event } : {}),
        ...(subscriberId ? { subscriberId } : {}),
        ...(Number.isInteger(attempt) && attempt > 0 ? { attempt } : {}),
        receivedAt: now().toISOString(),
        dedupeKey,
        duplicate,
      },
    };
  };
}

import {
  assertCallbackToken,
  checkDelivery,
  constantTimeEqual,
  type DeliveryCheckOptions,
  type IncomingDelivery,
  tokenFromUrl,
  unauthorizedReason,
} from './delivery-check.js';
import {
  createMemoryDedupeStore,
  type DeliveryDedupeStore,
  deliveryDedupeKey,
  firstHeader,
  redeliveryWindowMs,
  sha256Hex,
} from './delivery-dedupe.js';
import { deliveryHeaders, type ReceivedDelivery } from './delivery-protocol.js';

export interface DeliveryReceiverOptions extends Omit<DeliveryCheckOptions, 'token'> {
  /** The secret token put in the callback URL when subscribing; or give `tokenDigest` instead. */
  token?: string;
  /**
   * The token's `callbackTokenDigest`, for a host that should not keep the token itself where
   * others can read it (n8n's workflow static data): a delivery's token is hashed and compared.
   */
  tokenDigest?: string;
  /** Where the last body per dedupe key is remembered (default: in memory, the last 10 000 keys). */
  store?: DeliveryDedupeStore;
  /** How long the same body again counts as a redelivery (default `redeliveryWindowMs`, 25 h). */
  windowMs?: number;
  /** Put before every key, for a store shared by several receivers (the relay's routes). */
  scope?: string;
  /**
   * For a receiver that answers only after its work is done (the relay): a new delivery is held as
   * pending for this long, until `settle` says whether the work was done. A redelivery arriving
   * meanwhile gets `inProgress`, so the host can ask the sender to come back later.
   */
  claimMs?: number;
  /** The time of receipt (default: the system clock). */
  now?: () => Date;
}

export type DeliveryRefusal = { accepted: false; status: 401 | 400 | 413; reason: string };

export type DeliveryVerdict =
  | ({
      accepted: true;
      /** Something the host should log (a delivery id that came again with another body). */
      warning?: string;
      /** With `claimMs`: the same delivery is being handled right now; ask the sender to retry. */
      inProgress?: boolean;
      /** With `claimMs`, for a new delivery: true once its work is done, false to let a redelivery run it. */
      settle?(done: boolean): Promise<void>;
    } & ReceivedDelivery)
  | DeliveryRefusal;

const pendingPrefix = 'pending:';

const digestPattern = /^sha256:[0-9a-f]{64}$/;

/** What a host keeps of a callback token to check deliveries against (`sha256:` and hex). */
export async function callbackTokenDigest(token: string): Promise<string> {
  return `sha256:${await sha256Hex(new TextEncoder().encode(token))}`;
}

/** Exactly one of token and digest, each of the right form. */
function assertTokenOptions(options: Pick<DeliveryReceiverOptions, 'token' | 'tokenDigest'>): void {
  if (options.tokenDigest === undefined) {
    assertCallbackToken(options.token as string);
    return;
  }
  if (options.token !== undefined) throw new Error('give the callback token or its digest, not both');
  if (!digestPattern.test(options.tokenDigest))
    throw new Error('the callback token digest must be sha256: and 64 hex digits (callbackTokenDigest)');
}

/**
 * The one receive rule every host uses (decision 17), in order: the callback token (constant time,
 * a bare 401), the size cap, the nesting depth, a JSON object (400), then the dedupe rule. A
 * delivery is a duplicate only when its dedupe key (the delivery id; else the object and event the
 * payload is about; else the body's digest) last saw this same body within the window: a real
 * repeat after another event for the object, or after the window, runs. A duplicate is accepted
 * (answer 2xx, so the sender stops) with `delivery.duplicate` set; hosts say so and run nothing.
 */
export async function receiveDelivery(
  incoming: IncomingDelivery,
  options: DeliveryReceiverOptions & { store: DeliveryDedupeStore },
): Promise<DeliveryVerdict> {
  let token = options.token;
  if (options.tokenDigest !== undefined) {
    const received = tokenFromUrl(incoming.url);
    if (
      received === undefined ||
      !constantTimeEqual(await callbackTokenDigest(received), options.tokenDigest)
    )
      return { accepted: false, status: 401, reason: unauthorizedReason };
    token = received;
  }
  const checked = checkDelivery(incoming, { ...options, token: token as string });
  if (!checked.accepted) return checked;
  const { store } = options;
  const windowMs = options.windowMs ?? redeliveryWindowMs;
  const digest = await sha256Hex(checked.bytes);
  const dedupeKey = deliveryDedupeKey(incoming.headers, checked.payload, digest);
  const storeKey = options.scope === undefined ? dedupeKey : `${options.scope}:${dedupeKey}`;
  const claimMs = options.claimMs;
  const written = claimMs === undefined ? digest : `${pendingPrefix}${digest}`;
  const previous = (await store.exchange(storeKey, written, claimMs ?? windowMs)) || undefined;

  const inProgress = previous === `${pendingPrefix}${digest}`;
  const duplicate = previous === digest || inProgress;
  // A claim written over a finished delivery's record gives the record back at once.
  if (claimMs !== undefined && previous === digest) await store.exchange(storeKey, digest, windowMs);

  const id = firstHeader(incoming.headers, deliveryHeaders.deliveryId);
  const previousDigest = previous?.startsWith(pendingPrefix)
    ? previous.slice(pendingPrefix.length)
    : previous;
  const warning =
    id && previousDigest && previousDigest !== digest
      ? `delivery ${id} came again with another body (sha256 ${previousDigest} before, sha256 ${digest} now); running it as a new delivery`
      : undefined;
  const event =
    firstHeader(incoming.headers, deliveryHeaders.event) ??
    (typeof checked.payload.event === 'string' ? checked.payload.event : undefined);
  const subscriberId = firstHeader(incoming.headers, deliveryHeaders.subscriberId);
  const attempt = Number(firstHeader(incoming.headers, deliveryHeaders.attempt));
  const now = options.now ?? (() => new Date());
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
      digest: `sha256:${digest}`,
      duplicate,
    },
    ...(warning ? { warning } : {}),
    ...(inProgress ? { inProgress } : {}),
    ...(claimMs !== undefined && !duplicate
      ? {
          settle: async (done: boolean) => {
            if (done) await store.exchange(storeKey, digest, windowMs);
            // Undone: what was there before comes back, so a redelivery runs the delivery again.
            else await store.exchange(storeKey, previous ?? '', previous ? windowMs : 1);
          },
        }
      : {}),
  };
}

/** `receiveDelivery` with its options fixed and, unless one is given, its own memory store. */
export function createDeliveryReceiver(options: DeliveryReceiverOptions) {
  assertTokenOptions(options);
  const clock = options.now;
  const store = options.store ?? createMemoryDedupeStore(clock ? { now: () => clock().getTime() } : {});
  const settled = { ...options, store };
  return (incoming: IncomingDelivery): Promise<DeliveryVerdict> => receiveDelivery(incoming, settled);
}

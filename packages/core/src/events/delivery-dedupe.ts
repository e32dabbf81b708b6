import { deliveryHeaders, type EventPayload } from './delivery-protocol.js';

/**
 * Where a receiver remembers, per dedupe key, the digest of the last body it took (decision 17).
 * `exchange` records `value` under `key` for `ttlMs` and answers what was there before (undefined
 * when nothing was, or it expired), in one atomic step. Memory by default; n8n keeps the entries in
 * workflow static data, Node-RED in node context, the relay in Redis (`SET key value PX ttl GET` is
 * exactly `exchange`).
 */
export interface DeliveryDedupeStore {
  exchange(key: string, value: string, ttlMs: number): string | undefined | Promise<string | undefined>;
}

/**
 * How long a receiver takes the same body again as a redelivery: the sender's whole retry span
 * (the sandbox retries for 24 hours after the event, WorkSpan publishes no schedule) plus one hour
 * for the last attempt's own time, queues and clocks. Decision 17.
 */
export const redeliveryWindowMs = 25 * 60 * 60 * 1000;

interface StoredEntry {
  value: string;
  expiresAt: number;
}

/** The default store: the last `limit` keys (10 000 unless told), each until its time to live ends. */
export function createMemoryDedupeStore(
  options: { limit?: number; now?: () => number } = {},
): DeliveryDedupeStore {
  const limit = positiveLimit(options.limit);
  const now = options.now ?? Date.now;
  const entries = new Map<string, StoredEntry>();
  return {
    exchange(key, value, ttlMs) {
      const at = now();
      const previous = entries.get(key);
      entries.delete(key);
      entries.set(key, { value, expiresAt: at + ttlMs });
      // Oldest first: a Map keeps insertion order.
      while (entries.size > limit) entries.delete(entries.keys().next().value as string);
      return previous && previous.expiresAt > at ? previous.value : undefined;
    },
  };
}

/** One entry of a list a host persists itself (JSON: n8n's static data, Node-RED's context). */
export interface DedupeListEntry {
  key: string;
  value: string;
  expiresAt: number;
}

/**
 * A store over a list a host persists itself (n8n's workflow static data, Node-RED's context): the
 * list is read and written back through `read` / `write`, keeping the last `limit` live entries
 * (1 000 unless told). Entries in another shape (an earlier version's plain keys) are dropped.
 */
export function createListDedupeStore(
  list: {
    read(): readonly unknown[] | undefined | Promise<readonly unknown[] | undefined>;
    write(entries: DedupeListEntry[]): void | Promise<void>;
  },
  options: { limit?: number; now?: () => number } = {},
): DeliveryDedupeStore {
  const limit = positiveLimit(options.limit ?? 1000);
  const now = options.now ?? Date.now;
  return {
    async exchange(key, value, ttlMs) {
      const at = now();
      const live = ((await list.read()) ?? []).filter(
        (entry): entry is DedupeListEntry =>
          isListEntry(entry) && entry.expiresAt > at && entry.key !== undefined,
      );
      const previous = live.find((entry) => entry.key === key);
      const kept = live.filter((entry) => entry.key !== key);
      kept.push({ key, value, expiresAt: at + ttlMs });
      await list.write(kept.slice(-limit));
      return previous?.value;
    },
  };
}

function isListEntry(entry: unknown): entry is DedupeListEntry {
  if (typeof entry !== 'object' || entry === null) return false;
  const { key, value, expiresAt } = entry as Record<string, unknown>;
  return typeof key === 'string' && typeof value === 'string' && typeof expiresAt === 'number';
}

function positiveLimit(limit: number | undefined): number {
  const value = limit ?? 10_000;
  if (!Number.isInteger(value) || value < 1)
    throw new Error('the dedupe limit must be a whole number of 1 or more');
  return value;
}

/**
 * The payload fields that name the object an event is about: object events carry `object_type`,
 * `object_id` and `event` (GetObjectEventSchema requires all three), collaboration events
 * `object_id` (GetEventSchema's fields name the object the task, comment or member belongs to).
 */
export const objectIdentityFields = { type: 'object_type', id: 'object_id', event: 'event' } as const;

/**
 * The key a delivery is deduplicated on (decision 17): the delivery id header when the sender gives
 * one (the sandbox does); else the object the payload is about, with its event name, so that only a
 * repeat with nothing else for that object in between is taken as a redelivery; else, with no
 * object in the payload, the SHA-256 of the raw body.
 */
export function deliveryDedupeKey(
  headers: Record<string, string | string[] | undefined>,
  payload: EventPayload,
  digest: string,
): string {
  const id = firstHeader(headers, deliveryHeaders.deliveryId);
  if (id) return `id:${id}`;
  const objectId = textField(payload, objectIdentityFields.id);
  if (objectId === undefined) return `sha256:${digest}`;
  const type = textField(payload, objectIdentityFields.type) ?? '';
  const event = textField(payload, objectIdentityFields.event) ?? '';
  return `object:${[type, objectId, event].map(encodeURIComponent).join(':')}`;
}

function textField(payload: EventPayload, name: string): string | undefined {
  const value = payload[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Web Crypto's SHA-256 (Node 20+, n8n, browsers; the global `crypto`, no import). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** A header's first value, by lower-case name (Node's `IncomingMessage.headers` are lower case). */
export function firstHeader(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const value =
    headers[name] ?? headers[Object.keys(headers).find((key) => key.toLowerCase() === name) ?? ''];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? undefined : first;
}

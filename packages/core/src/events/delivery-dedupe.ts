import { deliveryHeaders } from './delivery-protocol.js';

/**
 * Where a receiver remembers the deliveries it accepted, so a retried one is recognised. In memory
 * by default; n8n keeps the keys in workflow static data, Node-RED in node context, a relay running
 * as several replicas in Redis (`SET key 1 NX EX …` is exactly `remember`).
 */
export interface DeliveryDedupeStore {
  /** Records `key`; true when it was new, false when it had been recorded before. */
  remember(key: string): boolean | Promise<boolean>;
}

/** The default store: the last `limit` keys (10 000 unless told), oldest forgotten first. */
export function createMemoryDedupeStore(options: { limit?: number } = {}): DeliveryDedupeStore {
  const limit = positiveLimit(options.limit);
  const seen = new Set<string>();
  return {
    remember(key) {
      if (seen.has(key)) return false;
      seen.add(key);
      if (seen.size > limit) seen.delete(seen.values().next().value as string);
      return true;
    },
  };
}

/**
 * A store over a list a host persists itself (n8n's workflow static data, Node-RED's context):
 * the list is read and written back through `read` / `write`, keeping the last `limit` keys.
 */
export function createListDedupeStore(
  list: {
    read(): readonly string[] | undefined | Promise<readonly string[] | undefined>;
    write(keys: string[]): void | Promise<void>;
  },
  options: { limit?: number } = {},
): DeliveryDedupeStore {
  const limit = positiveLimit(options.limit ?? 1000);
  return {
    async remember(key) {
      const keys = [...((await list.read()) ?? [])];
      if (keys.includes(key)) return false;
      keys.push(key);
      await list.write(keys.slice(-limit));
      return true;
    },
  };
}

function positiveLimit(limit: number | undefined): number {
  const value = limit ?? 10_000;
  if (!Number.isInteger(value) || value < 1)
    throw new Error('the dedupe limit must be a whole number of 1 or more');
  return value;
}

/**
 * The key a delivery is deduplicated on: the delivery id header when the sender gives one (the
 * sandbox does), otherwise the SHA-256 of the raw body, since WorkSpan is not known to send an id.
 */
export async function deliveryDedupeKey(
  headers: Record<string, string | string[] | undefined>,
  body: Uint8Array,
): Promise<string> {
  const id = firstHeader(headers, deliveryHeaders.deliveryId);
  if (id) return `id:${id}`;
  return `sha256:${await sha256Hex(body)}`;
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

/**
 * What a webhook delivery is. The connector's definition says WorkSpan POSTs the event payload
 * itself (`x-ms-notification-content`: `event_payload` / `wsobject_event_payload`), a JSON object
 * whose fields are those of GetEventSchema / GetObjectEventSchema. It defines no delivery id, no
 * signature and no headers, so receivers use the headers below when present and never need them.
 */
export const deliveryHeaders = {
  deliveryId: 'x-workspan-delivery-id',
  event: 'x-workspan-event',
  subscriberId: 'x-workspan-subscriber-id',
  timestamp: 'x-workspan-timestamp',
  attempt: 'x-workspan-attempt',
} as const;

/** Name of the callback URL query parameter that carries the receiver's secret token. */
export const callbackTokenParameter = 'token';

/** Largest delivery body a receiver accepts by default (1 MiB). */
export const defaultDeliveryBodyLimit = 1024 * 1024;

/** The event payload as delivered: the fields of the event's schema (the connector declares strings). */
export type EventPayload = Record<string, unknown>;

/** What a receiver knows about a delivery besides its payload. */
export interface DeliveryMetadata {
  /** The delivery id header when sent; redeliveries repeat it. */
  id?: string;
  /** The event name header when sent (the payload's own `event` field otherwise). */
  event?: string;
  subscriberId?: string;
  /** 1 on the first attempt, more on redeliveries (from the attempt header when sent). */
  attempt?: number;
  /** When the receiver got it (ISO 8601). */
  receivedAt: string;
  /**
   * The key the receiver deduplicated on (decision 17): `id:` and the delivery id; else `object:`
   * and the object type, id and event of the payload; else `sha256:` and the body's digest.
   */
  dedupeKey: string;
  /** `sha256:` and the SHA-256 of the raw body. */
  digest: string;
  /** True when this key last saw this same body, within the window: a redelivery, not run again. */
  duplicate: boolean;
}

export interface ReceivedDelivery {
  payload: EventPayload;
  delivery: DeliveryMetadata;
}

/**
 * The key under which hosts put a delivery's metadata beside the payload's own fields (n8n's item
 * JSON, Node-RED's `msg`, the CLI's `--json` line). WorkSpan field names never start with `_`.
 */
export const deliveryMetadataKey = '_delivery';

/** A delivery as one flat object: the payload's fields, and the metadata under `_delivery`. */
export function deliveryAsItem(received: ReceivedDelivery): EventPayload {
  return { ...received.payload, [deliveryMetadataKey]: received.delivery };
}

/**
 * How a webhook delivery looks on the wire. The connector's definition leaves the envelope open;
 * the sandbox sends exactly this and every receiver in the project reads exactly this, so the
 * shape is written once, here.
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

export interface DeliveryEnvelope<Data = Record<string, unknown>> {
  /** Unique per event and subscriber; the same on every redelivery, so receivers dedupe on it. */
  delivery_id: string;
  /** The subscription this delivery belongs to. */
  subscriber_id: string;
  /** Event name, e.g. `object.stage_change` or a collaboration event from GetEventList. */
  event: string;
  /** When the change happened (ISO 8601). */
  occurred_at: string;
  /** 1 on the first attempt, more on redeliveries. */
  attempt: number;
  /** The event payload: the fields described by GetObjectEventSchema / GetEventSchema. */
  data: Data;
}

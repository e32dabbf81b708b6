import { createHash } from 'node:crypto';
import {
  callbackTokenParameter,
  constantTimeEqual,
  defaultDeliveryBodyLimit,
  deliveryHeaders,
} from '@workspan-kit/core/node';

export type DeliveryCheck =
  | { accepted: true; deliveryId: string; payload: Record<string, unknown> }
  | { accepted: false; status: 401 | 400 | 413 };

/**
 * A delivery proves itself by the token in its callback URL (WorkSpan signs nothing). The body is
 * the event payload itself, a JSON object; the delivery id is the sandbox's header when present,
 * else a digest of the raw body, so a redelivery of the same body is recognised either way.
 */
export function checkDelivery(
  url: string,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
  token: string,
  maxBytes = defaultDeliveryBodyLimit,
): DeliveryCheck {
  const received = new URL(url, 'http://receiver').searchParams.get(callbackTokenParameter);
  if (received === null || !constantTimeEqual(received, token)) return { accepted: false, status: 401 };
  if (body.byteLength > maxBytes) return { accepted: false, status: 413 };
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    return { accepted: false, status: 400 };
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return { accepted: false, status: 400 };
  const header = headers[deliveryHeaders.deliveryId];
  const given = Array.isArray(header) ? header[0] : header;
  const deliveryId = given || `sha256:${createHash('sha256').update(body).digest('hex')}`;
  return { accepted: true, deliveryId, payload: payload as Record<string, unknown> };
}

/** Delivery ids seen lately, in the node's context, so a redelivery produces no second message. */
export class SeenDeliveries {
  constructor(
    private readonly context: { get(key: string): unknown; set(key: string, value: unknown): void },
    private readonly remember = 1000,
  ) {}

  /** True the first time an id is offered. */
  firstTime(deliveryId: string): boolean {
    const seen = (this.context.get('workspanDeliveries') as string[] | undefined) ?? [];
    if (seen.includes(deliveryId)) return false;
    this.context.set('workspanDeliveries', [...seen.slice(-(this.remember - 1)), deliveryId]);
    return true;
  }
}

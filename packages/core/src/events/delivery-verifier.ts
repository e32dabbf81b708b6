import {
  callbackTokenParameter,
  type DeliveryEnvelope,
  defaultDeliveryBodyLimit,
  deliveryHeaders,
} from './delivery-protocol.js';

export interface DeliveryVerifierOptions {
  /** The secret token put in the callback URL when subscribing. */
  token: string;
  /** Largest body accepted, in bytes (default 1 MiB). */
  maxBytes?: number;
  /** How many delivery ids to remember for dedupe (default 10 000). */
  rememberDeliveries?: number;
}

export interface IncomingDelivery {
  /** The request URL as received (path and query are enough). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Raw body; verified before it is parsed. */
  body: string | Uint8Array;
}

export type DeliveryVerdict =
  | { accepted: true; duplicate: boolean; deliveryId: string; envelope: DeliveryEnvelope }
  | { accepted: false; status: 401 | 400 | 413; reason: string };

const decoder = new TextDecoder();

/**
 * Checks deliveries for a webhook receiver. WorkSpan signs nothing, so a delivery proves itself
 * by the unguessable token in its callback URL (compared in constant time); bodies are capped
 * and must be the JSON envelope; redeliveries are recognised by delivery id.
 */
export function createDeliveryVerifier(options: DeliveryVerifierOptions) {
  if (!options.token || options.token.length < 16)
    throw new Error('the delivery token must have at least 16 characters');
  const maxBytes = options.maxBytes ?? defaultDeliveryBodyLimit;
  const remember = options.rememberDeliveries ?? 10_000;
  const seen = new Set<string>();

  return function verify(delivery: IncomingDelivery): DeliveryVerdict {
    const received = tokenFromUrl(delivery.url);
    if (received === undefined || !constantTimeEqual(received, options.token)) {
      return { accepted: false, status: 401, reason: 'the callback token is missing or wrong' };
    }
    const size =
      typeof delivery.body === 'string'
        ? new TextEncoder().encode(delivery.body).byteLength
        : delivery.body.byteLength;
    if (size > maxBytes)
      return { accepted: false, status: 413, reason: `the body is larger than ${maxBytes} bytes` };
    const text = typeof delivery.body === 'string' ? delivery.body : decoder.decode(delivery.body);
    let envelope: DeliveryEnvelope;
    try {
      envelope = JSON.parse(text) as DeliveryEnvelope;
    } catch {
      return { accepted: false, status: 400, reason: 'the body is not JSON' };
    }
    if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
      return { accepted: false, status: 400, reason: 'the body is not a JSON object' };
    }
    const header = delivery.headers[deliveryHeaders.deliveryId];
    const deliveryId = (Array.isArray(header) ? header[0] : header) ?? envelope.delivery_id;
    if (typeof deliveryId !== 'string' || deliveryId === '') {
      return { accepted: false, status: 400, reason: 'the delivery has no delivery id' };
    }
    const duplicate = seen.has(deliveryId);
    if (!duplicate) {
      seen.add(deliveryId);
      if (seen.size > remember) seen.delete(seen.values().next().value as string);
    }
    return { accepted: true, duplicate, deliveryId, envelope };
  };
}

function tokenFromUrl(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query < 0) return undefined;
  for (const pair of url.slice(query + 1).split('&')) {
    const [name, value = ''] = pair.split('=');
    if (name === callbackTokenParameter) {
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Compares without stopping at the first difference, so timing does not reveal the token. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  let difference = left.length ^ right.length;
  for (let index = 0; index < right.length; index++)
    difference |= (left[index % Math.max(1, left.length)] ?? 0) ^ (right[index] ?? 0);
  return difference === 0;
}

/** Adds the secret token to a receiver's public URL. */
export function withCallbackToken(url: string, token: string): string {
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}${callbackTokenParameter}=${encodeURIComponent(token)}`;
}

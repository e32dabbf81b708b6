import { callbackTokenParameter, defaultDeliveryBodyLimit, type EventPayload } from './delivery-protocol.js';

export interface DeliveryCheckOptions {
  /** The secret token put in the callback URL when subscribing. */
  token: string;
  /** Largest body accepted, in bytes (default 1 MiB). */
  maxBytes?: number;
  /** Deepest nesting of objects and arrays accepted (default 64; WorkSpan's payloads are flat). */
  maxDepth?: number;
}

export interface IncomingDelivery {
  /** The request URL as received (path and query are enough). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Raw body; checked before it is parsed. */
  body: string | Uint8Array;
}

export type DeliveryCheck =
  | { accepted: true; payload: EventPayload; bytes: Uint8Array }
  | { accepted: false; status: 401 | 400 | 413; reason: string };

/** The only words a refused token gets: nothing that tells a caller what was wrong. */
export const unauthorizedReason = 'unauthorized';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Deepest nesting of objects and arrays a receiver accepts by default. */
export const defaultDeliveryMaxDepth = 64;

/** Tokens shorter than this are guessable; receivers refuse to start with one. */
export const minimumCallbackTokenLength = 16;

export function assertCallbackToken(token: string): void {
  if (typeof token !== 'string' || token.length < minimumCallbackTokenLength)
    throw new Error(`the callback token must have at least ${minimumCallbackTokenLength} characters`);
}

/**
 * The pure part of receiving: the token in the callback URL (constant time), the size cap, the
 * nesting depth (counted without recursion, before anything is parsed), and a body that is a JSON
 * object. Any JSON object passes: WorkSpan's payload fields come from a schema fetched at run time,
 * and no header is required. Every refusal is a 4xx, so a sender does not deliver it again.
 */
export function checkDelivery(delivery: IncomingDelivery, options: DeliveryCheckOptions): DeliveryCheck {
  assertCallbackToken(options.token);
  const maxBytes = options.maxBytes ?? defaultDeliveryBodyLimit;
  const received = tokenFromUrl(delivery.url);
  if (received === undefined || !constantTimeEqual(received, options.token))
    return { accepted: false, status: 401, reason: unauthorizedReason };
  const bytes = typeof delivery.body === 'string' ? encoder.encode(delivery.body) : delivery.body;
  if (bytes.byteLength > maxBytes)
    return { accepted: false, status: 413, reason: `the body is larger than ${maxBytes} bytes` };
  const maxDepth = options.maxDepth ?? defaultDeliveryMaxDepth;
  if (nestingDepthExceeds(bytes, maxDepth))
    return { accepted: false, status: 400, reason: `the body is nested deeper than ${maxDepth} levels` };
  let payload: unknown;
  try {
    payload = JSON.parse(decoder.decode(bytes));
  } catch {
    return { accepted: false, status: 400, reason: 'the body is not JSON' };
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return { accepted: false, status: 400, reason: 'the body is not a JSON object' };
  return { accepted: true, payload: payload as EventPayload, bytes };
}

/**
 * Whether objects and arrays nest deeper than `limit` anywhere in a JSON text, by one pass over
 * its bytes (brackets inside strings do not count). Parsing deeper JSON is fine, but every later
 * step that walks it (copying a message, writing it out again) would overflow the stack.
 */
export function nestingDepthExceeds(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index];
    if (inString) {
      if (byte === 0x5c)
        index++; // a backslash escapes the next byte
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > limit) return true;
    } else if (byte === 0x7d || byte === 0x5d) depth--;
  }
  return false;
}

/** The token query parameter of a request URL (absolute, or path and query). */
export function tokenFromUrl(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query < 0) return undefined;
  const end = url.indexOf('#', query);
  for (const pair of url.slice(query + 1, end < 0 ? undefined : end).split('&')) {
    const separator = pair.indexOf('=');
    const name = separator < 0 ? pair : pair.slice(0, separator);
    if (name !== callbackTokenParameter) continue;
    try {
      return decodeURIComponent((separator < 0 ? '' : pair.slice(separator + 1)).replace(/\+/g, ' '));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Compares without stopping at the first difference, so timing does not reveal the token. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  let difference = left.length ^ right.length;
  for (let index = 0; index < right.length; index++)
    difference |= (left[index % Math.max(1, left.length)] ?? 0) ^ (right[index] ?? 0);
  return difference === 0;
}

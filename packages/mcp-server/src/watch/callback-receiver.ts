import type { IncomingMessage, ServerResponse } from 'node:http';
import { defaultDeliveryBodyLimit, readCappedBody } from '@workspan-kit/core/node';
import type { WatchRegistry } from './watch-registry.js';

/** Where WorkSpan posts a watch's deliveries: `/callbacks/<watchId>?token=…`. */
export const callbackPathPrefix = '/callbacks/';

/** Answers one delivery with core's receive rule; the host only reads the request and writes the answer. */
export async function handleCallback(
  request: IncomingMessage,
  response: ServerResponse,
  watches: WatchRegistry,
): Promise<void> {
  if (request.method !== 'POST') {
    response.writeHead(405, { allow: 'POST' }).end();
    return;
  }
  const url = request.url ?? '/';
  const watchId = decodeURIComponent(
    new URL(url, 'http://receiver').pathname.slice(callbackPathPrefix.length),
  );
  const { bytes, complete } = await readCappedBody(
    request,
    defaultDeliveryBodyLimit,
    request.headers['content-length'],
  );
  const verdict = await watches.receive(watchId, { url, headers: request.headers, body: bytes });
  // An unread rest of the body would keep the connection busy: close it once answered.
  const headers = { 'content-type': 'application/json', ...(complete ? {} : { connection: 'close' }) };
  // A watch that has stopped answers 410, so the sender stops retrying.
  if (!verdict) response.writeHead(410, headers).end(JSON.stringify({ error: 'no such watch' }));
  else if (!verdict.accepted)
    response.writeHead(verdict.status, headers).end(JSON.stringify({ error: verdict.reason }));
  else
    response
      .writeHead(200, headers)
      .end(JSON.stringify({ received: true, duplicate: verdict.delivery.duplicate }));
}

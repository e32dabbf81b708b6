import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createDeliveryReceiver,
  type DeliveryDedupeStore,
  defaultDeliveryBodyLimit,
  type ReceivedDelivery,
} from '@workspan-kit/core';

export interface ReceiverOptions {
  host: string;
  port: number;
  /** The secret token the callback URL carries. */
  token: string;
  maxBytes?: number;
  /** Where accepted deliveries are remembered (core's in-memory store by default). */
  store?: DeliveryDedupeStore;
  /** Called once per new delivery, after the sender got its 200 (repeats are not passed on). */
  onDelivery(received: ReceivedDelivery): void;
  /** A delivery was refused (bad token, too large, not a JSON object). */
  onRejected?(status: number, reason: string): void;
}

export interface Receiver {
  /** The port actually bound (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

/** A local HTTP endpoint that takes WorkSpan deliveries (bare event payloads) carrying its token. */
export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const maxBytes = options.maxBytes ?? defaultDeliveryBodyLimit;
  const receive = createDeliveryReceiver({
    token: options.token,
    maxBytes,
    ...(options.store ? { store: options.store } : {}),
  });

  const server = createServer((request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    readCapped(request, maxBytes + 1)
      .then(async ({ body, truncated }) => {
        const verdict = await receive({ url: request.url ?? '/', headers: request.headers, body });
        if (!verdict.accepted) {
          options.onRejected?.(verdict.status, verdict.reason);
          reply(response, verdict.status, { error: verdict.reason }, truncated);
          return;
        }
        const { payload, delivery } = verdict;
        reply(response, 200, { received: true, duplicate: delivery.duplicate }, truncated);
        if (!delivery.duplicate) options.onDelivery({ payload, delivery });
      })
      .catch(() => response.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Reads at most `limit` bytes; a longer body is cut so the verifier can refuse it without holding it. */
function readCapped(request: IncomingMessage, limit: number): Promise<{ body: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (truncated: boolean) => resolve({ body: Buffer.concat(chunks), truncated });
    request.on('data', (chunk: Buffer) => {
      const room = limit - size;
      if (room <= 0) return;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      if (size >= limit) {
        request.pause();
        finish(true);
      }
    });
    request.on('end', () => finish(false));
    request.on('error', reject);
  });
}

function reply(response: ServerResponse, status: number, body: unknown, closeConnection: boolean): void {
  // An unread body would otherwise keep the connection busy: close it once answered.
  const headers = { 'content-type': 'application/json', ...(closeConnection ? { connection: 'close' } : {}) };
  response.writeHead(status, headers).end(JSON.stringify(body));
  if (closeConnection) response.on('finish', () => response.req.socket.destroy());
}

import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createDeliveryReceiver,
  type DeliveryDedupeStore,
  defaultDeliveryBodyLimit,
  type ReceivedDelivery,
  readCappedBody,
} from '@workspan-kit/core/node';

export interface ReceiverOptions {
  host: string;
  port: number;
  /** The secret token the callback URL carries. */
  token: string;
  maxBytes?: number;
  /** Where accepted deliveries are remembered (core's in-memory store by default). */
  store?: DeliveryDedupeStore;
  /** Called once per new delivery, after the sender got its 200 (redeliveries are not passed on). */
  onDelivery(received: ReceivedDelivery): void;
  /** A redelivery was answered 200 and not passed on. */
  onDuplicate?(received: ReceivedDelivery): void;
  /** Something worth saying about a delivery that is passed on (an id that came with another body). */
  onWarning?(warning: string): void;
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
    // Core's one receive rule; this host only reads the request and writes the answer.
    readCappedBody(request, maxBytes, request.headers['content-length'])
      .then(async ({ bytes, complete }) => {
        const truncated = !complete;
        const verdict = await receive({ url: request.url ?? '/', headers: request.headers, body: bytes });
        if (!verdict.accepted) {
          options.onRejected?.(verdict.status, verdict.reason);
          reply(response, verdict.status, { error: verdict.reason }, truncated);
          return;
        }
        const { payload, delivery } = verdict;
        reply(response, 200, { received: true, duplicate: delivery.duplicate }, truncated);
        if (verdict.warning) options.onWarning?.(verdict.warning);
        if (delivery.duplicate) options.onDuplicate?.({ payload, delivery });
        else options.onDelivery({ payload, delivery });
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

function reply(response: ServerResponse, status: number, body: unknown, closeConnection: boolean): void {
  // An unread body would otherwise keep the connection busy: close it once answered.
  const headers = { 'content-type': 'application/json', ...(closeConnection ? { connection: 'close' } : {}) };
  response.writeHead(status, headers).end(JSON.stringify(body));
  if (closeConnection) response.on('finish', () => response.req.socket.destroy());
}

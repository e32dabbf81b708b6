import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  buildCallbackUrl,
  createCallbackToken,
  createDeliveryReceiver,
  type DeliveryMetadata,
  type EventPayload,
} from '@workspan-kit/core';

export interface AcceptedDelivery {
  headers: IncomingHttpHeaders;
  payload: EventPayload;
  delivery: DeliveryMetadata;
}

export interface Receiver {
  /** The callback URL to subscribe with: the receiver's address with its secret token. */
  callbackUrl: string;
  /** The address without the token (for probing the check). */
  baseUrl: string;
  /** Deliveries core's receiver accepted, repeats included (marked `duplicate`). */
  readonly accepted: readonly AcceptedDelivery[];
  /** Requests it refused, with the status answered. */
  readonly refused: readonly { status: number; reason: string }[];
  close(): Promise<void>;
}

/** A real webhook receiver (node:http) that judges every request with core's delivery receiver. */
export async function startReceiver(): Promise<Receiver> {
  const token = createCallbackToken();
  const receive = createDeliveryReceiver({ token });
  const accepted: AcceptedDelivery[] = [];
  const refused: { status: number; reason: string }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const verdict = await receive({
        url: request.url ?? '/',
        headers: request.headers,
        body: new Uint8Array(Buffer.concat(chunks)),
      });
      if (verdict.accepted) {
        accepted.push({ headers: request.headers, payload: verdict.payload, delivery: verdict.delivery });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      } else {
        refused.push({ status: verdict.status, reason: verdict.reason });
        response.writeHead(verdict.status, { 'content-type': 'application/json' }).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}/workspan/hook`;
  return {
    callbackUrl: buildCallbackUrl(baseUrl, token),
    baseUrl,
    accepted,
    refused,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

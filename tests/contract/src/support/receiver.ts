import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDeliveryVerifier, type DeliveryEnvelope, withCallbackToken } from '@workspan-kit/core';
import { createCallbackToken } from '@workspan-kit/core/node';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  envelope: DeliveryEnvelope;
  duplicate: boolean;
}

export interface Receiver {
  /** The callback URL to subscribe with: the receiver's address with its secret token. */
  callbackUrl: string;
  /** The address without the token (for probing the verifier). */
  baseUrl: string;
  /** Deliveries the verifier accepted. */
  readonly accepted: readonly ReceivedDelivery[];
  /** Requests the verifier refused, with the status answered. */
  readonly refused: readonly { status: number; reason: string }[];
  close(): Promise<void>;
}

/** A real webhook receiver (node:http) that checks every delivery with core's verifier. */
export async function startReceiver(): Promise<Receiver> {
  const token = createCallbackToken();
  const verify = createDeliveryVerifier({ token });
  const accepted: ReceivedDelivery[] = [];
  const refused: { status: number; reason: string }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const verdict = verify({
        url: request.url ?? '/',
        headers: request.headers,
        body: new Uint8Array(Buffer.concat(chunks)),
      });
      if (verdict.accepted) {
        accepted.push({ headers: request.headers, envelope: verdict.envelope, duplicate: verdict.duplicate });
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
    callbackUrl: withCallbackToken(baseUrl, token),
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

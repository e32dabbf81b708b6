import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callbackTokenParameter, deliveryHeaders, type EventPayload } from '@workspan-kit/core/node';

/** How the receiver answers: 200, 500, or never (the sandbox's delivery timeout cuts it off). */
export type ReceiverMode = 'ok' | 'fail' | 'hang';

export interface ReceivedDelivery {
  url: string;
  headers: IncomingHttpHeaders;
  /** The body: the event payload itself. */
  payload: EventPayload;
  /** The mode the receiver was in when the delivery arrived. */
  answered: ReceiverMode;
  deliveryIdHeader: string;
  subscriberIdHeader: string;
  attemptHeader: number;
}

/**
 * A webhook receiver on node:http. Its mode can change at any time; `down()` closes the port and
 * `up()` listens on the same port again.
 */
export class Receiver {
  mode: ReceiverMode = 'ok';
  readonly received: ReceivedDelivery[] = [];
  #server: Server | undefined;
  #port = 0;
  readonly #hanging = new Set<ServerResponse>();

  static async start(mode: ReceiverMode = 'ok'): Promise<Receiver> {
    const receiver = new Receiver();
    receiver.mode = mode;
    await receiver.up();
    return receiver;
  }

  get port(): number {
    return this.#port;
  }

  /** The callback URL for a subscription, carrying the receiver's secret token. */
  callbackUrl(token: string): string {
    return `http://127.0.0.1:${this.#port}/hook?${callbackTokenParameter}=${encodeURIComponent(token)}`;
  }

  /** Deliveries answered with 2xx. */
  get accepted(): ReceivedDelivery[] {
    return this.received.filter((delivery) => delivery.answered === 'ok');
  }

  async up(): Promise<void> {
    if (this.#server) return;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as EventPayload;
        const answered = this.mode;
        this.received.push({
          url: request.url ?? '',
          headers: request.headers,
          payload,
          answered,
          deliveryIdHeader: String(request.headers[deliveryHeaders.deliveryId]),
          subscriberIdHeader: String(request.headers[deliveryHeaders.subscriberId]),
          attemptHeader: Number(request.headers[deliveryHeaders.attempt]),
        });
        if (answered === 'hang') {
          this.#hanging.add(response);
          response.on('close', () => this.#hanging.delete(response));
          return;
        }
        response.writeHead(answered === 'ok' ? 200 : 500, { 'content-type': 'application/json' });
        response.end(answered === 'ok' ? '{"ok":true}' : '{"error":"receiver failing"}');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Closes the port: deliveries are refused until `up()`. */
  async down(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    for (const response of this.#hanging) response.destroy();
    this.#hanging.clear();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  close(): Promise<void> {
    return this.down();
  }
}

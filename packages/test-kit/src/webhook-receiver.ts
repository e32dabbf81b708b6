// A real webhook receiver (node:http) on loopback for tests: records every request and answers
// what the test decides, including never (a hanging receiver); `down()` closes the port and `up()`
// listens on the same port again.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildCallbackUrl } from '@workspan-kit/core';
import { parseAnswerText } from './sandbox-admin.js';

export interface ReceivedRequest {
  url: string;
  headers: IncomingHttpHeaders;
  /** The body's bytes. */
  bytes: Uint8Array;
  /** The body parsed as JSON; its text when it is not JSON; undefined when empty. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read free-form JSON deliveries
  body: any;
}

/** A status (with an empty JSON object), a status with a body, or no answer at all. */
export type WebhookAnswer = number | { status: number; body?: string } | 'hang';

export interface WebhookReceiverOptions {
  /** How each request is answered (default 200); `index` counts the requests before it. */
  answer?: (request: ReceivedRequest, index: number) => WebhookAnswer | Promise<WebhookAnswer>;
  /** The path of `url` (default none). */
  path?: string;
}

export class WebhookReceiver {
  readonly received: ReceivedRequest[] = [];
  readonly #answer: NonNullable<WebhookReceiverOptions['answer']>;
  readonly #path: string;
  readonly #hanging = new Set<ServerResponse>();
  #server: Server | undefined;
  #port = 0;

  private constructor(options: WebhookReceiverOptions) {
    this.#answer = options.answer ?? (() => 200);
    this.#path = options.path ?? '';
  }

  static async start(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(options);
    await receiver.up();
    return receiver;
  }

  get port(): number {
    return this.#port;
  }

  /** The receiver's address with its path. */
  get url(): string {
    return `http://127.0.0.1:${this.#port}${this.#path}`;
  }

  /** The callback URL for a subscription: the address with the secret token, as core builds it. */
  callbackUrl(token: string): string {
    return buildCallbackUrl(this.url, token);
  }

  async up(): Promise<void> {
    if (this.#server) return;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', async () => {
        const bytes = new Uint8Array(Buffer.concat(chunks));
        const received: ReceivedRequest = {
          url: request.url ?? '',
          headers: request.headers,
          bytes,
          body: parseAnswerText(Buffer.from(bytes).toString('utf8')),
        };
        const index = this.received.length;
        this.received.push(received);
        const answer = await this.#answer(received, index);
        if (answer === 'hang') {
          this.#hanging.add(response);
          response.on('close', () => this.#hanging.delete(response));
          return;
        }
        const { status, body = '{}' } = typeof answer === 'number' ? { status: answer } : answer;
        response.writeHead(status, { 'content-type': 'application/json' }).end(body);
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

  /** Closes the port: requests are refused until `up()`. */
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

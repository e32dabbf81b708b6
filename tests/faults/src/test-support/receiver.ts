import type { IncomingHttpHeaders } from 'node:http';
import { deliveryHeaders, type EventPayload } from '@workspan-kit/core/node';
import { type WebhookAnswer, WebhookReceiver } from '@workspan-kit/test-kit';

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

const answers: Record<ReceiverMode, WebhookAnswer> = {
  ok: { status: 200, body: '{"ok":true}' },
  fail: { status: 500, body: '{"error":"receiver failing"}' },
  hang: 'hang',
};

/**
 * The kit's webhook receiver with a mode that can change at any time; `down()` closes the port and
 * `up()` listens on the same port again.
 */
export class Receiver {
  mode: ReceiverMode = 'ok';
  readonly received: ReceivedDelivery[] = [];
  readonly #receiver: WebhookReceiver;

  private constructor(receiver: WebhookReceiver) {
    this.#receiver = receiver;
  }

  static async start(mode: ReceiverMode = 'ok'): Promise<Receiver> {
    let receiver: Receiver | undefined;
    const webhook = await WebhookReceiver.start({
      path: '/hook',
      answer: (request) => (receiver as Receiver).#record(request.url, request.headers, request.body),
    });
    receiver = new Receiver(webhook);
    receiver.mode = mode;
    return receiver;
  }

  #record(url: string, headers: IncomingHttpHeaders, payload: EventPayload): WebhookAnswer {
    const answered = this.mode;
    this.received.push({
      url,
      headers,
      payload,
      answered,
      deliveryIdHeader: String(headers[deliveryHeaders.deliveryId]),
      subscriberIdHeader: String(headers[deliveryHeaders.subscriberId]),
      attemptHeader: Number(headers[deliveryHeaders.attempt]),
    });
    return answers[answered];
  }

  get port(): number {
    return this.#receiver.port;
  }

  /** The callback URL for a subscription, carrying the receiver's secret token. */
  callbackUrl(token: string): string {
    return this.#receiver.callbackUrl(token);
  }

  /** Deliveries answered with 2xx. */
  get accepted(): ReceivedDelivery[] {
    return this.received.filter((delivery) => delivery.answered === 'ok');
  }

  up(): Promise<void> {
    return this.#receiver.up();
  }

  /** Closes the port: deliveries are refused until `up()`. */
  down(): Promise<void> {
    return this.#receiver.down();
  }

  close(): Promise<void> {
    return this.#receiver.close();
  }
}

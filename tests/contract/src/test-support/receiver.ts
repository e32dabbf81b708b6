import type { IncomingHttpHeaders } from 'node:http';
import {
  createCallbackToken,
  createDeliveryReceiver,
  type DeliveryMetadata,
  type EventPayload,
} from '@workspan-kit/core';
import { WebhookReceiver } from '@workspan-kit/test-kit';

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

/** The kit's webhook receiver judging every request with core's delivery receiver. */
export async function startReceiver(): Promise<Receiver> {
  const token = createCallbackToken();
  const receive = createDeliveryReceiver({ token });
  const accepted: AcceptedDelivery[] = [];
  const refused: { status: number; reason: string }[] = [];
  const receiver = await WebhookReceiver.start({
    path: '/workspan/hook',
    answer: async (request) => {
      const verdict = await receive({ url: request.url, headers: request.headers, body: request.bytes });
      if (verdict.accepted) {
        accepted.push({ headers: request.headers, payload: verdict.payload, delivery: verdict.delivery });
        return { status: 200, body: '{"ok":true}' };
      }
      refused.push({ status: verdict.status, reason: verdict.reason });
      return { status: verdict.status, body: '' };
    },
  });
  return {
    callbackUrl: receiver.callbackUrl(token),
    baseUrl: receiver.url,
    accepted,
    refused,
    close: () => receiver.close(),
  };
}

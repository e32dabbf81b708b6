import { createCallbackToken, type DeliveryEnvelope, deliveryHeaders } from '@workspan-kit/core/node';
import { afterEach, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from './webhook-receiver.js';

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const envelope = (deliveryId: string): DeliveryEnvelope => ({
  delivery_id: deliveryId,
  subscriber_id: 's1',
  event: 'object.update',
  occurred_at: '2025-01-01T00:00:00.000Z',
  attempt: 1,
  data: { object_id: 'WS-Project_1', changed_fields: ['stage'] },
});

describe('startReceiver', () => {
  it('accepts verified deliveries once, acknowledges redeliveries, refuses the rest', async () => {
    const token = createCallbackToken();
    const received: DeliveryEnvelope[] = [];
    const refused: number[] = [];
    receiver = await startReceiver({
      host: '127.0.0.1',
      port: 0,
      token,
      maxBytes: 2048,
      onDelivery: (delivered) => received.push(delivered),
      onRejected: (status) => refused.push(status),
    });
    const base = `http://127.0.0.1:${receiver.port}/`;
    const post = (query: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${base}${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const good = `?token=${encodeURIComponent(token)}`;

    expect(
      (await post(good, JSON.stringify(envelope('d1')), { [deliveryHeaders.deliveryId]: 'd1' })).status,
    ).toBe(200);
    expect((await post(good, JSON.stringify(envelope('d1')))).status).toBe(200);
    expect((await post('?token=wrong-token-wrong-token', JSON.stringify(envelope('d2')))).status).toBe(401);
    expect((await post(good, 'not json')).status).toBe(400);
    expect(
      (await post(good, JSON.stringify({ ...envelope('d3'), data: { text: 'x'.repeat(5000) } }))).status,
    ).toBe(413);
    expect((await fetch(`${base}${good}`)).status).toBe(405);

    expect(received.map((delivered) => delivered.delivery_id)).toEqual(['d1']);
    expect(refused).toEqual([401, 400, 413]);
  });
});

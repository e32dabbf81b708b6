import { createCallbackToken, deliveryHeaders, type ReceivedDelivery } from '@workspan-kit/core/node';
import { afterEach, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from './webhook-receiver.js';

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const payload = { object_id: 'WS-Project_1', event: 'object.update', changed_fields: 'stage' };

describe('startReceiver', () => {
  it('takes bare payloads once, acknowledges repeats, refuses the rest', async () => {
    const token = createCallbackToken();
    const received: ReceivedDelivery[] = [];
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

    // No header at all, as WorkSpan may send it; the same body again is a repeat.
    const first = await post(good, JSON.stringify(payload));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    expect(await (await post(good, JSON.stringify(payload))).json()).toEqual({
      received: true,
      duplicate: true,
    });
    // With the sandbox's delivery id header, a redelivery is recognised by it.
    const other = JSON.stringify({ ...payload, changed_fields: 'amount' });
    expect((await post(good, other, { [deliveryHeaders.deliveryId]: 'd1' })).status).toBe(200);
    expect(await (await post(good, other, { [deliveryHeaders.deliveryId]: 'd1' })).json()).toMatchObject({
      duplicate: true,
    });

    const wrong = await post('?token=wrong-token-wrong-token', JSON.stringify(payload));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'unauthorized' });
    expect((await post(good, 'not json')).status).toBe(400);
    expect((await post(good, '["a"]')).status).toBe(400);
    expect((await post(good, JSON.stringify({ text: 'x'.repeat(5000) }))).status).toBe(413);
    expect((await fetch(`${base}${good}`)).status).toBe(405);

    expect(received.map((delivered) => delivered.payload)).toEqual([payload, JSON.parse(other)]);
    expect(received[1]?.delivery).toMatchObject({ id: 'd1', event: 'object.update', duplicate: false });
    expect(refused).toEqual([401, 400, 400, 413]);
  });
});

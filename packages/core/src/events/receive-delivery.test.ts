import { describe, expect, it } from 'vitest';
import { createListDedupeStore, sha256Hex } from './delivery-dedupe.js';
import { deliveryAsItem, deliveryHeaders } from './delivery-protocol.js';
import { createDeliveryReceiver } from './receive-delivery.js';
import { buildCallbackUrl } from './trigger-lifecycle.js';

const token = 'a-long-random-callback-token-1234';
const url = buildCallbackUrl('http://127.0.0.1/hook', token);
const now = () => new Date('2026-01-02T03:04:05.000Z');
const payload = { object_id: 'WS-Project_1', event: 'object.stage_change', stage: 'won' };

describe('createDeliveryReceiver', () => {
  it('takes a bare payload once and recognises the same body again by its digest', async () => {
    const receive = createDeliveryReceiver({ token, now });
    const body = JSON.stringify(payload);
    const first = await receive({ url, headers: {}, body });
    expect(first).toEqual({
      accepted: true,
      payload,
      delivery: {
        event: 'object.stage_change',
        receivedAt: '2026-01-02T03:04:05.000Z',
        dedupeKey: `sha256:${await sha256Hex(new TextEncoder().encode(body))}`,
        duplicate: false,
      },
    });
    expect(await receive({ url, headers: {}, body })).toMatchObject({
      accepted: true,
      delivery: { duplicate: true },
    });
    const other = await receive({ url, headers: {}, body: JSON.stringify({ ...payload, stage: 'lost' }) });
    expect(other).toMatchObject({ accepted: true, delivery: { duplicate: false } });
  });

  it('uses the delivery headers when they are sent: a redelivery with the same id is a duplicate', async () => {
    const receive = createDeliveryReceiver({ token, now });
    const headers = {
      [deliveryHeaders.deliveryId]: 'd-1',
      [deliveryHeaders.event]: 'object.update',
      [deliveryHeaders.subscriberId]: 'WS-Subscriber_1',
      [deliveryHeaders.attempt]: '1',
    };
    const first = await receive({ url, headers, body: '{"a":"1"}' });
    expect(first).toMatchObject({
      accepted: true,
      delivery: {
        id: 'd-1',
        event: 'object.update',
        subscriberId: 'WS-Subscriber_1',
        attempt: 1,
        dedupeKey: 'id:d-1',
      },
    });
    const again = await receive({
      url,
      headers: { ...headers, [deliveryHeaders.attempt]: '2' },
      body: '{"a":"1"}',
    });
    expect(again).toMatchObject({ delivery: { attempt: 2, duplicate: true } });
  });

  it('keeps keys in a store the host persists, asynchronously', async () => {
    let saved: string[] = [];
    const store = createListDedupeStore(
      {
        read: async () => saved,
        write: async (keys) => {
          saved = keys;
        },
      },
      { limit: 2 },
    );
    const receive = createDeliveryReceiver({ token, store });
    for (const value of ['1', '2', '3']) await receive({ url, headers: {}, body: `{"v":"${value}"}` });
    expect(saved).toHaveLength(2);
    expect((await receive({ url, headers: {}, body: '{"v":"3"}' })) as object).toMatchObject({
      delivery: { duplicate: true },
    });
    expect((await receive({ url, headers: {}, body: '{"v":"1"}' })) as object).toMatchObject({
      delivery: { duplicate: false },
    });
  });

  it('refuses without consulting the store, and a host item puts the payload at top level', async () => {
    const remembered: string[] = [];
    const receive = createDeliveryReceiver({
      token,
      store: {
        remember: (key) => {
          remembered.push(key);
          return true;
        },
      },
    });
    expect(await receive({ url: '/hook?token=nope', headers: {}, body: '{}' })).toEqual({
      accepted: false,
      status: 401,
      reason: 'unauthorized',
    });
    expect(remembered).toEqual([]);
    const received = await receive({ url, headers: {}, body: JSON.stringify(payload) });
    if (!received.accepted) throw new Error('refused');
    expect(deliveryAsItem(received)).toEqual({ ...payload, _delivery: received.delivery });
  });

  it('computes the SHA-256 of known input', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { checkDelivery, SeenDeliveries } from './delivery-check.js';

const token = 'a-token-of-more-than-sixteen-characters';
const body = Buffer.from(JSON.stringify({ object_id: 'WS-Project_1', stage: 'won' }));

describe('checkDelivery', () => {
  it('refuses a missing or wrong token with 401 and nothing else', () => {
    expect(checkDelivery('/workspan/events/n1', {}, body, token)).toEqual({ accepted: false, status: 401 });
    expect(checkDelivery('/workspan/events/n1?token=nope', {}, body, token)).toEqual({
      accepted: false,
      status: 401,
    });
  });

  it('refuses bodies too large, not JSON, or not a JSON object', () => {
    const url = `/workspan/events/n1?token=${token}`;
    expect(checkDelivery(url, {}, Buffer.alloc(11, 'x'), token, 10)).toEqual({
      accepted: false,
      status: 413,
    });
    expect(checkDelivery(url, {}, Buffer.from('not json'), token)).toEqual({ accepted: false, status: 400 });
    expect(checkDelivery(url, {}, Buffer.from('[1]'), token)).toEqual({ accepted: false, status: 400 });
  });

  it('takes the bare payload; the delivery id is the header when sent, else a digest of the body', () => {
    const url = `/workspan/events/n1?token=${token}`;
    const bare = checkDelivery(url, {}, body, token);
    expect(bare).toMatchObject({ accepted: true, payload: { stage: 'won' } });
    expect(bare.accepted && bare.deliveryId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(checkDelivery(url, {}, body, token)).toEqual(bare);
    expect(checkDelivery(url, { 'x-workspan-delivery-id': 'd-1' }, body, token)).toMatchObject({
      deliveryId: 'd-1',
    });
  });
});

describe('SeenDeliveries', () => {
  it('says yes once per id, remembering a bounded number', () => {
    const store = new Map<string, unknown>();
    const seen = new SeenDeliveries(
      { get: (key) => store.get(key), set: (key, value) => store.set(key, value) },
      2,
    );
    expect([
      seen.firstTime('a'),
      seen.firstTime('a'),
      seen.firstTime('b'),
      seen.firstTime('c'),
      seen.firstTime('a'),
    ]).toEqual([true, false, true, true, true]);
  });
});

import { describe, expect, it } from 'vitest';
import { constantTimeEqual, createDeliveryVerifier, withCallbackToken } from './delivery-verifier.js';

const token = 'a-long-random-callback-token-1234';
const envelope = {
  delivery_id: 'd-1',
  subscriber_id: 's-1',
  event: 'object.update',
  occurred_at: '2026-01-01T00:00:00Z',
  attempt: 1,
  data: {},
};

describe('webhook delivery verifier', () => {
  it('accepts a delivery carrying the token and recognises a redelivery', () => {
    const verify = createDeliveryVerifier({ token });
    const url = withCallbackToken('/hooks/workspan', token);
    const first = verify({ url, headers: {}, body: JSON.stringify(envelope) });
    expect(first).toMatchObject({ accepted: true, duplicate: false, deliveryId: 'd-1' });
    const again = verify({
      url,
      headers: { 'x-workspan-delivery-id': 'd-1' },
      body: JSON.stringify({ ...envelope, attempt: 2 }),
    });
    expect(again).toMatchObject({ accepted: true, duplicate: true });
  });

  it('refuses a wrong or missing token, an oversized body and a body that is not JSON', () => {
    const verify = createDeliveryVerifier({ token, maxBytes: 100 });
    expect(verify({ url: '/hooks?token=wrong', headers: {}, body: '{}' })).toMatchObject({
      accepted: false,
      status: 401,
    });
    expect(verify({ url: '/hooks', headers: {}, body: '{}' })).toMatchObject({
      accepted: false,
      status: 401,
    });
    const url = withCallbackToken('/hooks', token);
    expect(verify({ url, headers: {}, body: 'x'.repeat(101) })).toMatchObject({
      accepted: false,
      status: 413,
    });
    expect(verify({ url, headers: {}, body: 'not json' })).toMatchObject({ accepted: false, status: 400 });
    expect(verify({ url, headers: {}, body: '{"event":"x"}' })).toMatchObject({
      accepted: false,
      status: 400,
    });
  });

  it('refuses tokens too short to be unguessable', () => {
    expect(() => createDeliveryVerifier({ token: 'short' })).toThrow(/at least 16/);
  });

  it('compares tokens of any length correctly', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('', 'abc')).toBe(false);
    expect(constantTimeEqual('abcd', 'abc')).toBe(false);
  });
});

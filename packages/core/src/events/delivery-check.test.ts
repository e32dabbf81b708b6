import { describe, expect, it } from 'vitest';
import { checkDelivery, constantTimeEqual, tokenFromUrl, unauthorizedReason } from './delivery-check.js';
import { buildCallbackUrl } from './trigger-lifecycle.js';

const token = 'a-long-random-callback-token-1234';
const url = buildCallbackUrl('http://127.0.0.1/hooks/workspan', token);

describe('checkDelivery', () => {
  it('accepts any JSON object carrying the token, with no header at all', () => {
    const payload = { object_id: 'WS-Project_1', event: 'object.update', stage: 'won' };
    expect(checkDelivery({ url, headers: {}, body: JSON.stringify(payload) }, { token })).toMatchObject({
      accepted: true,
      payload,
    });
    expect(checkDelivery({ url, headers: {}, body: '{}' }, { token })).toMatchObject({ accepted: true });
  });

  it('refuses a wrong or missing token with 401 and no detail', () => {
    for (const wrong of ['/hooks?token=wrong', '/hooks', `/hooks?token=${token}x`, '/hooks?other=1']) {
      expect(checkDelivery({ url: wrong, headers: {}, body: '{}' }, { token })).toEqual({
        accepted: false,
        status: 401,
        reason: unauthorizedReason,
      });
    }
  });

  it('refuses an oversized body, a body that is not JSON and JSON that is not an object', () => {
    const check = (body: string) => checkDelivery({ url, headers: {}, body }, { token, maxBytes: 100 });
    expect(check(`{"a":"${'x'.repeat(100)}"}`)).toMatchObject({ accepted: false, status: 413 });
    expect(check('not json')).toMatchObject({ accepted: false, status: 400, reason: 'the body is not JSON' });
    for (const body of ['[1]', 'null', '"text"', '3'])
      expect(check(body)).toMatchObject({
        accepted: false,
        status: 400,
        reason: 'the body is not a JSON object',
      });
  });

  it('counts bytes, not characters, against the cap', () => {
    const body = JSON.stringify({ text: 'é'.repeat(45) });
    expect(checkDelivery({ url, headers: {}, body }, { token, maxBytes: 100 })).toMatchObject({
      status: 413,
    });
    expect(
      checkDelivery({ url, headers: {}, body: new TextEncoder().encode(body) }, { token, maxBytes: 200 }),
    ).toMatchObject({ accepted: true });
  });

  it('refuses tokens too short to be unguessable', () => {
    expect(() => checkDelivery({ url, headers: {}, body: '{}' }, { token: 'short' })).toThrow(/at least 16/);
  });
});

describe('tokenFromUrl and constantTimeEqual', () => {
  it('reads the token from a path with query, an absolute URL, and encoded values', () => {
    expect(tokenFromUrl('/h?a=1&token=abc%2Fd&b=2')).toBe('abc/d');
    expect(tokenFromUrl('https://x.example/h?token=t1#frag')).toBe('t1');
    expect(tokenFromUrl('/h?token=%E0%A4%A')).toBeUndefined();
    expect(tokenFromUrl('/h')).toBeUndefined();
  });

  it('compares tokens of any length correctly', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('', 'abc')).toBe(false);
    expect(constantTimeEqual('abcd', 'abc')).toBe(false);
  });
});

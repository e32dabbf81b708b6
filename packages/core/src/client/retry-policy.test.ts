import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-policy.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');

  it('reads seconds and HTTP dates ahead of now', () => {
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('0.25', now)).toBe(250);
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:00:30 GMT', now)).toBe(30_000);
  });

  it('asks for no particular wait when the value is absent, unreadable, zero, negative or past', () => {
    for (const value of [undefined, '', 'soon', '0', '-5', 'Wed, 21 Oct 2015 07:28:00 GMT']) {
      expect(parseRetryAfter(value, now), String(value)).toBeUndefined();
    }
    expect(parseRetryAfter('Sun, 01 Jun 2025 12:00:00 GMT', now)).toBeUndefined();
  });
});

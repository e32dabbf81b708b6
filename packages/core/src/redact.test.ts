import { describe, expect, it } from 'vitest';
import { Redactor } from './redact.js';

describe('redaction', () => {
  it('removes known secrets, bearer tokens and secret-like parameters', () => {
    const redactor = new Redactor();
    redactor.add('s3cret-value');
    const text = redactor.redact(
      'secret s3cret-value; Authorization: Bearer abc.def-123; https://x.example/in?token=hook-token&a=1; {"access_token":"tok-9"}',
    );
    expect(text).not.toMatch(/s3cret-value|abc\.def-123|hook-token|tok-9/);
    expect(text).toContain('a=1');
  });

  it('keeps error codes readable', () => {
    expect(new Redactor().redact('{"code":"invalid_token","message":"expired"}')).toContain('invalid_token');
  });
});

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCappedBody } from './read-body.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readCappedBody', () => {
  it('reads a Node stream and a Fetch API stream whole when within the limit', async () => {
    expect(await readCappedBody(Readable.from([bytes('ab'), bytes('cd')]), 4)).toEqual({
      bytes: bytes('abcd'),
      complete: true,
    });
    expect(await readCappedBody(new Response('abcd').body, 4)).toEqual({
      bytes: bytes('abcd'),
      complete: true,
    });
    expect(await readCappedBody(null, 4)).toEqual({ bytes: new Uint8Array(), complete: true });
  });

  it('stops one byte past the limit, and does not read a body declared larger', async () => {
    const long = await readCappedBody(Readable.from([bytes('abc'), bytes('def')]), 4);
    expect(long).toEqual({ bytes: bytes('abcde'), complete: false });
    const declared = await readCappedBody(new Response('abcdef').body, 4, '6');
    expect(declared.complete).toBe(false);
    expect(declared.bytes.byteLength).toBe(5);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createUndiciTransport, createWorkSpanClient, nodeClock } from '../node.js';
import { json, startWireServer, testConnection } from '../test-support/wire-server.js';
import { requestAccessToken } from './access-token-request.js';
import type { ClientEvent } from './client-events.js';

const closers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((closer) => closer.close()));
});

async function serve(options: Parameters<typeof startWireServer>[0] = {}) {
  const server = await startWireServer(options);
  closers.push(server);
  return server;
}

/** The promise's outcome, or a failure naming what hung when it takes longer than `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms);
  });
  return Promise.race([promise, hung]).finally(() => clearTimeout(timer));
}

const isoTime = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/;

describe('a time limit on the whole answer', () => {
  it('ends a call whose answer trickles in a byte at a time', async () => {
    let closed = false;
    const server = await serve({
      handler: (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"events":[');
        const drip = setInterval(() => response.write(' '), 100);
        const end = setTimeout(() => response.end(']}'), 6000);
        response.on('close', () => {
          closed = true;
          clearInterval(drip);
          clearTimeout(end);
        });
      },
    });
    const client = createWorkSpanClient({
      connection: testConnection(server.url),
      timeoutMs: 1000,
      retry: { maxAttempts: 1 },
    });
    const started = Date.now();
    const error = await within(client.call('GetEventList', {}), 4000).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'WorkSpanConnectionError', code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(3000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(true);
  });

  it('takes a call’s own limit over the client’s', async () => {
    const server = await serve({
      handler: (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        const drip = setInterval(() => response.write(' '), 50);
        response.on('close', () => clearInterval(drip));
      },
    });
    const client = createWorkSpanClient({
      connection: testConnection(server.url),
      timeoutMs: 60_000,
      retry: { maxAttempts: 1 },
    });
    const error = await within(client.call('GetEventList', {}, { timeoutMs: 1200 }), 4000).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'timeout' });
  });
});

describe('a Retry-After longer than the client waits', () => {
  it('fails the call at once, and later calls without sending them, saying until when', async () => {
    const server = await serve({
      handler: (_request, response) =>
        json(response, 429, { code: 'rate_limited' }, { 'retry-after': '999999' }),
    });
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    const first = await within(client.call('GetEventList', {}), 3000).catch((caught: unknown) => caught);
    expect(first).toMatchObject({
      name: 'WorkSpanApiError',
      code: 'throttled',
      status: 429,
      retryable: true,
    });
    expect((first as Error).message).toMatch(isoTime);
    const retryAt = (first as { retryAt: string }).retryAt;
    expect(Date.parse(retryAt)).toBeGreaterThan(Date.now() + 999_000_000);

    const later = await within(client.call('GetEventList', {}), 3000).catch((caught: unknown) => caught);
    expect(later).toMatchObject({ name: 'WorkSpanThrottledError', code: 'throttled', retryAt });
    expect((later as Error).message).toContain(retryAt);
    expect((later as Error).message).toContain('maxRetryAfterMs');
    expect(server.requests).toHaveLength(1);
  });

  it('refuses later calls without a throttle too, and a call waiting in the throttle', async () => {
    let calls = 0;
    const server = await serve({
      handler: (_request, response) => {
        calls++;
        if (calls === 1) {
          setTimeout(() => json(response, 429, {}, { 'retry-after': '600' }), 100);
          return;
        }
        json(response, 200, { events: [] });
      },
    });
    const unpaced = createWorkSpanClient({ connection: testConnection(server.url), throttle: false });
    await unpaced.call('GetEventList', {}).catch(() => undefined);
    const refused = await within(unpaced.call('GetEventList', {}), 3000).catch((caught: unknown) => caught);
    expect(refused).toMatchObject({ code: 'throttled' });
    expect(calls).toBe(1);

    calls = 0;
    const paced = createWorkSpanClient({
      connection: testConnection(server.url),
      throttle: { limit: 1, windowMs: 60_000 },
    });
    const results = await within(
      Promise.allSettled([paced.call('GetEventList', {}), paced.call('GetEventList', {})]),
      3000,
    );
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(results[1]).toMatchObject({ reason: { code: 'throttled' } });
    expect(calls).toBe(1);
  });

  it('still waits out a Retry-After within the limit', async () => {
    let calls = 0;
    const server = await serve({
      handler: (_request, response) => {
        calls++;
        if (calls === 1) return json(response, 429, {}, { 'retry-after': '0.2' });
        json(response, 200, { events: [] });
      },
    });
    const client = createWorkSpanClient({
      connection: testConnection(server.url),
      retry: { maxRetryAfterMs: 500 },
    });
    await client.call('GetEventList', {});
    await client.call('GetEventList', {});
    expect(calls).toBe(3);
  });
});

describe('the token call and Retry-After', () => {
  it('fails at once on a Retry-After longer than the client waits, saying until when', async () => {
    const server = await serve({
      tokenHandler: (_request, response) =>
        json(response, 429, { error: 'rate_limited' }, { 'retry-after': '600' }),
    });
    const transport = createUndiciTransport();
    closers.push(transport);
    const error = await within(
      requestAccessToken(testConnection(server.url), { transport, clock: nodeClock }),
      3000,
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'throttled', status: 429, operationId: 'token' });
    expect((error as Error).message).toMatch(isoTime);
    expect(server.tokenRequests).toBe(1);

    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    await within(client.call('GetEventList', {}), 3000).catch(() => undefined);
    const later = await within(client.call('GetEventList', {}), 3000).catch((caught: unknown) => caught);
    expect(later).toMatchObject({ code: 'throttled' });
    expect((later as Error).message).toMatch(isoTime);
    expect(server.tokenRequests).toBe(2);
    expect(server.requests).toHaveLength(0);
  });
});

describe('a Retry-After that asks for no wait', () => {
  it.each([
    ['an HTTP date in the past', 'Wed, 21 Oct 2015 07:28:00 GMT'],
    ['zero', '0'],
    ['a negative number', '-5'],
  ])('falls back to backoff with jitter: %s', async (_name, retryAfter) => {
    let calls = 0;
    const server = await serve({
      handler: (_request, response) => {
        calls++;
        if (calls < 4) return json(response, 503, {}, { 'retry-after': retryAfter });
        json(response, 200, { events: [] });
      },
    });
    const events: ClientEvent[] = [];
    const client = createWorkSpanClient({
      connection: testConnection(server.url),
      retry: { baseDelayMs: 100, maxDelayMs: 400 },
      random: () => 0.5,
      onEvent: (event) => events.push(event),
    });
    await client.call('GetEventList', {});
    const delays = events.flatMap((event) => (event.type === 'retry' ? [event.delayMs] : []));
    expect(delays).toEqual([75, 150, 300]);
  });
});

describe('a cap on the size of an answer', () => {
  it('refuses an answer whose content-length is over the cap, without retrying', async () => {
    const server = await serve({
      handler: (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 * 1024 * 1024 });
        response.write('{"events":[');
      },
    });
    const client = createWorkSpanClient({
      connection: testConnection(server.url),
      maxAnswerBytes: 1024 * 1024,
    });
    const error = await within(client.call('GetEventList', {}), 3000).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: 'WorkSpanAnswerTooLargeError',
      code: 'answer-too-large',
      retryable: false,
      limitBytes: 1024 * 1024,
    });
    expect((error as Error).message).toContain('maxAnswerBytes');
    expect(server.requests).toHaveLength(1);
  });

  it('stops reading a streamed answer once it passes the cap, and closes the stream', async () => {
    let written = 0;
    let closed = false;
    const server = await serve({
      handler: (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"events":"');
        const chunk = Buffer.alloc(64 * 1024, 'a');
        const more = () => {
          while (!closed && written < 8 * 1024 * 1024) {
            written += chunk.length;
            if (!response.write(chunk)) return void response.once('drain', more);
          }
          if (!closed) response.end('"}');
        };
        response.on('close', () => {
          closed = true;
        });
        more();
      },
    });
    const client = createWorkSpanClient({
      connection: testConnection(server.url),
      maxAnswerBytes: 1024 * 1024,
    });
    const error = await within(client.call('GetEventList', {}), 5000).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'answer-too-large', status: 200 });
    expect(server.requests).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(true);
    expect(written).toBeLessThan(8 * 1024 * 1024);
  });

  it('reads an answer at the cap', async () => {
    const events = 'x'.repeat(1000);
    const server = await serve({ handler: (_request, response) => json(response, 200, { events }) });
    const size = Buffer.byteLength(JSON.stringify({ events }));
    const client = createWorkSpanClient({ connection: testConnection(server.url), maxAnswerBytes: size });
    expect(await client.call('GetEventList', {})).toEqual({ events });
  });
});

describe('a redirect', () => {
  it('is an error naming where it points (without secrets) and what to check, never followed', async () => {
    const server = await serve({
      handler: (_request, response) => {
        response.writeHead(307, {
          location: 'https://elsewhere.example.com/api?access_token=leaked-value-123',
        });
        response.end();
      },
    });
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    const error = await client.call('GetEventList', {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: 'WorkSpanApiError',
      code: 'redirect',
      status: 307,
      retryable: false,
    });
    const message = (error as Error).message;
    expect(message).toContain('redirect to https://elsewhere.example.com/api?access_token=[redacted]');
    expect(message).toContain('does not follow');
    expect(JSON.stringify(error)).not.toContain('leaked-value-123');
    expect((error as { hint: string }).hint).toMatch(/environment/);
    expect(JSON.stringify(error)).not.toContain('See the response above');
    expect(server.requests).toHaveLength(1);
  });

  it('on the token call is the same error', async () => {
    const server = await serve({
      tokenHandler: (_request, response) => {
        response.writeHead(301, { location: 'https://login.example.com/oauth/token' });
        response.end();
      },
    });
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    const error = await client.call('GetEventList', {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'redirect', status: 301, operationId: 'token' });
    expect((error as Error).message).toContain('redirect to https://login.example.com/oauth/token');
  });
});

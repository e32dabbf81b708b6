import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  WorkSpanApiError,
  WorkSpanAuthenticationError,
  WorkSpanOutcomeUnknownError,
  WorkSpanValidationError,
} from '../errors.js';
import { createWorkSpanClient, nodeClock } from '../node.js';
import { json, startWireServer, testConnection } from '../test-support/wire-server.js';
import type { ClientEvent } from './client-events.js';
import { Throttle } from './throttle.js';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(options: Parameters<typeof startWireServer>[0] = {}) {
  const server = await startWireServer(options);
  servers.push(server);
  return server;
}

const fastRetry = { baseDelayMs: 5, maxDelayMs: 20 };

describe('the client on the wire', () => {
  it('sends the token call as the connector does and x-ws-env on every call', async () => {
    const server = await serve({ handler: (_request, response) => json(response, 200, { events: [] }) });
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    await client.call('GetEventList', {});
    const call = server.requests[0];
    expect(call?.url).toBe('/event/v1/metadata/event');
    expect(call?.headers['x-ws-env']).toBe('demo.workspan.com');
    expect(call?.headers.authorization).toMatch(/^Bearer access-token-1/);
    expect(server.tokenRequests).toBe(1);
  });

  it('shares one token fetch among 100 concurrent calls', async () => {
    const server = await serve({
      handler: (_request, response) => json(response, 200, { integrations: [] }),
    });
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    await Promise.all(Array.from({ length: 100 }, () => client.call('GetIntegrationList', {})));
    expect(server.tokenRequests).toBe(1);
    expect(server.requests).toHaveLength(100);
  });

  it('re-authenticates once when a token is refused, then succeeds', async () => {
    const server = await serve({ handler: (_request, response) => json(response, 200, { events: [] }) });
    const events: ClientEvent[] = [];
    const client = createWorkSpanClient({
      connection: testConnection(server.url),
      onEvent: (event) => events.push(event),
    });
    await client.call('GetEventList', {});
    server.expireTokens();
    await Promise.all([
      client.call('GetEventList', {}),
      client.call('GetEventList', {}),
      client.call('GetEventList', {}),
    ]);
    expect(server.tokenRequests).toBe(2);
    expect(events.filter((event) => event.type === 'token' && event.action === 'fetch')).toHaveLength(2);
  });

  it('refreshes a token shortly before it expires, without a refused call', async () => {
    const server = await serve({
      tokenLifetimeSeconds: 0.2,
      handler: (_request, response) => json(response, 200, { events: [] }),
    });
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    await client.call('GetEventList', {});
    await new Promise((resolve) => setTimeout(resolve, 250));
    await client.call('GetEventList', {});
    expect(server.tokenRequests).toBe(2);
    expect(server.requests.every((request) => request.headers.authorization !== undefined)).toBe(true);
  });

  it('paces 300 concurrent calls so a server allowing 100 per window never answers 429', async () => {
    const windowMs = 400;
    const arrivals: number[] = [];
    let refused = 0;
    const server = await serve({
      handler: (_request, response) => {
        const now = Date.now();
        arrivals.push(now);
        const inWindow = arrivals.filter((at) => at > now - windowMs).length;
        if (inWindow > 100) {
          refused++;
          return json(response, 429, { code: 'rate_limited' }, { 'retry-after': '1' });
        }
        json(response, 200, { integrations: [] });
      },
    });
    const events: ClientEvent[] = [];
    const client = createWorkSpanClient({
      connection: testConnection(server.url),
      throttle: { limit: 100, windowMs },
      onEvent: (event) => events.push(event),
    });
    await Promise.all(Array.from({ length: 300 }, () => client.call('GetIntegrationList', {})));
    expect(refused).toBe(0);
    expect(arrivals).toHaveLength(300);
    expect(events.some((event) => event.type === 'throttle-wait')).toBe(true);
  });

  it('shares one call budget among clients given the same Throttle', async () => {
    const windowMs = 400;
    const arrivals: number[] = [];
    let refused = 0;
    const server = await serve({
      handler: (_request, response) => {
        const now = Date.now();
        arrivals.push(now);
        if (arrivals.filter((at) => at > now - windowMs).length > 10) {
          refused++;
          return json(response, 429, { code: 'rate_limited' }, { 'retry-after': '1' });
        }
        json(response, 200, { events: [] });
      },
    });
    const shared = new Throttle({ limit: 10, windowMs }, nodeClock);
    const clients = [1, 2, 3].map(() =>
      createWorkSpanClient({ connection: testConnection(server.url), throttle: shared }),
    );
    await Promise.all(
      clients.flatMap((client) => Array.from({ length: 10 }, () => client.call('GetEventList', {}))),
    );
    expect(refused).toBe(0);
    expect(arrivals).toHaveLength(30);
  });

  it('retries a 503 on a read and succeeds', async () => {
    let calls = 0;
    const server = await serve({
      handler: (_request, response) => {
        calls++;
        if (calls < 3) return json(response, 503, { code: 'unavailable', message: 'try later' });
        json(response, 200, { object_id: 'WS-Project_1', external_ids: [] });
      },
    });
    const client = createWorkSpanClient({ connection: testConnection(server.url), retry: fastRetry });
    const result = await client.call('GetExternalId', { objectId: 'WS-Project_1' });
    expect(result.object_id).toBe('WS-Project_1');
    expect(calls).toBe(3);
  });

  it('honours Retry-After on a 429', async () => {
    let calls = 0;
    const server = await serve({
      handler: (_request, response) => {
        calls++;
        if (calls === 1) return json(response, 429, { code: 'rate_limited' }, { 'retry-after': '0.05' });
        json(response, 200, { events: [] });
      },
    });
    const events: ClientEvent[] = [];
    const client = createWorkSpanClient({
      connection: testConnection(server.url),
      onEvent: (event) => events.push(event),
    });
    await client.call('GetEventList', {});
    expect(events.find((event) => event.type === 'retry')).toMatchObject({ delayMs: 50, reason: 'HTTP 429' });
  });

  it('does not send a bulk load twice when the connection drops after the body, and says the outcome is unknown', async () => {
    let received = 0;
    const server = await serve({
      handler: (_request, _response, raw) => {
        received++;
        raw.socket.destroy();
      },
    });
    const client = createWorkSpanClient({ connection: testConnection(server.url), retry: fastRetry });
    const error = await client
      .call('BulkloadData', { integrationId: 'WS-Integration_crm', data: 'opportunity_id,amount\n1,100\n' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkSpanOutcomeUnknownError);
    expect(error).toMatchObject({ code: 'outcome-unknown', retryable: false });
    expect((error as WorkSpanOutcomeUnknownError).howToCheck).toMatch(/GetBulkloadStatus/);
    expect(received).toBe(1);
  });

  it('resends a read when the connection drops', async () => {
    let received = 0;
    const server = await serve({
      handler: (_request, response, raw) => {
        received++;
        if (received === 1) {
          raw.socket.destroy();
          return;
        }
        json(response, 200, { events: [] });
      },
    });
    const client = createWorkSpanClient({ connection: testConnection(server.url), retry: fastRetry });
    await client.call('GetEventList', {});
    expect(received).toBe(2);
  });

  it('resends a bulk load that was answered 429 (not processed)', async () => {
    let received = 0;
    const server = await serve({
      handler: (_request, response) => {
        received++;
        if (received === 1) return json(response, 429, { code: 'rate_limited' }, { 'retry-after': '0' });
        json(response, 200, { execution_id: 'exec-1', integration_id: 'WS-Integration_crm' });
      },
    });
    const client = createWorkSpanClient({ connection: testConnection(server.url), retry: fastRetry });
    const result = await client.call('BulkloadData', {
      integrationId: 'WS-Integration_crm',
      data: [{ opportunity_id: '1' }],
    });
    expect(result.execution_id).toBe('exec-1');
    expect(server.requests.map((request) => request.body.toString())).toEqual([
      'opportunity_id\r\n1\r\n',
      'opportunity_id\r\n1\r\n',
    ]);
  });

  it('streams a file upload: the server has bytes before the client has read the whole file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'workspan-upload-'));
    const path = join(folder, 'opportunities.csv');
    const size = 32 * 1024 * 1024;
    await writeFile(path, Buffer.alloc(size, 'a'));
    let bytesReadByClient = 0;
    let readWhenServerSawFirstBytes = -1;
    let serverBytes = 0;
    const server = await serve({
      readBody: false,
      handler: async (_request, response, raw) => {
        raw.on('data', (chunk: Buffer) => {
          if (serverBytes === 0) readWhenServerSawFirstBytes = bytesReadByClient;
          serverBytes += chunk.length;
        });
        await once(raw, 'end');
        json(response, 200, { execution_id: 'exec-2' });
      },
    });
    const { nodeFileAccess } = await import('../node.js');
    const client = createWorkSpanClient({
      connection: testConnection(server.url),
      files: {
        describe: nodeFileAccess.describe,
        async *open(filePath) {
          for await (const chunk of nodeFileAccess.open(filePath)) {
            bytesReadByClient += chunk.byteLength;
            yield chunk;
          }
        },
      },
    });
    await client.call('BulkloadDataFileAttachment', {
      integrationId: 'WS-Integration_crm',
      dataFormat: 'csv',
      file: { path },
    });
    await rm(folder, { recursive: true });
    expect(readWhenServerSawFirstBytes).toBeGreaterThanOrEqual(0);
    expect(readWhenServerSawFirstBytes).toBeLessThan(size);
    expect(serverBytes).toBeGreaterThan(size);
    const request = server.requests[0];
    expect(request?.url).toBe('/bulk/v1/bulkload?integration_id=WS-Integration_crm&data_format=csv');
    expect(request?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(Number(request?.headers['content-length'])).toBe(serverBytes);
  });

  it('gives up on a read after the time limit, and calls a slow create outcome-unknown', async () => {
    let received = 0;
    const server = await serve({
      handler: (_request, response) => {
        received++;
        setTimeout(() => json(response, 200, {}), 300);
      },
    });
    const attempts: string[] = [];
    const client = createWorkSpanClient({
      connection: testConnection(server.url),
      timeoutMs: 50,
      retry: { ...fastRetry, maxAttempts: 2 },
      onEvent: (event) => {
        if (event.type === 'request') attempts.push(event.operationId);
      },
    });
    const read = await client.call('GetEventList', {}).catch((caught) => caught);
    expect(read.name).toBe('WorkSpanConnectionError');
    expect(read.code).toBe('timeout');
    expect(attempts).toEqual(['GetEventList', 'GetEventList']);
    // The two attempts above prove the retry; a loaded machine may give up on the second before
    // the server has read it, so the server sees one or two.
    await vi.waitFor(() => expect(received).toBeGreaterThanOrEqual(1), { timeout: 5000 });
    expect(received).toBeLessThanOrEqual(2);
    received = 0;
    attempts.length = 0;
    const create = await client
      .call('SubmitToPartnerCenterObjectEvent', {
        integrationId: 'i',
        name: 'n',
        callbackUrl: 'https://example.com/h?token=abcdefghijklmnopq',
      })
      .catch((caught) => caught);
    expect(create).toBeInstanceOf(WorkSpanOutcomeUnknownError);
    expect(attempts).toEqual(['SubmitToPartnerCenterObjectEvent']);
    await vi.waitFor(() => expect(received).toBe(1), { timeout: 5000 });
  });

  it('enforces time limits of a second or more', async () => {
    const server = await serve({
      handler: (_request, response) => void setTimeout(() => json(response, 200, {}), 5000),
    });
    const client = createWorkSpanClient({
      connection: testConnection(server.url),
      timeoutMs: 1000,
      retry: { maxAttempts: 1 },
    });
    const error = await client.call('GetEventList', {}).catch((caught) => caught);
    expect(error.name).toBe('WorkSpanConnectionError');
    expect(error.code).toBe('timeout');
  });

  it('streams bulk-load data given as a stream, and does not resend a consumed stream', async () => {
    let received = 0;
    const server = await serve({
      handler: (_request, response) => {
        received++;
        json(response, 503, { code: 'unavailable' });
      },
    });
    const client = createWorkSpanClient({ connection: testConnection(server.url), retry: fastRetry });
    async function* rows() {
      yield new TextEncoder().encode('opportunity_id,amount\n');
      yield new TextEncoder().encode('1,100\n');
    }
    const error = await client
      .call('BulkloadData', { integrationId: 'i', data: rows() })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(WorkSpanApiError);
    expect(error).toMatchObject({ code: 'server-error', status: 503 });
    expect(error.hint).toMatch(/one-shot stream/);
    expect(received).toBe(1);
    expect(server.requests[0]?.body.toString()).toBe('opportunity_id,amount\n1,100\n');
  });

  it('rejects bad input before any request, naming the field', async () => {
    const server = await serve();
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    const error = await client
      .call('ObjectAudit', { objectId: 'WS-1', statusCode: 'DONE', message: 'x' } as never)
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(WorkSpanValidationError);
    expect((error as WorkSpanValidationError).field).toBe('statusCode');
    expect((error as Error).message).toMatch(
      /statusCode — expected one of SCHEDULED, CREATE_FAILED, UPDATE_FAILED, LINKED/,
    );
    expect(server.requests).toHaveLength(0);
    expect(server.tokenRequests).toBe(0);
  });

  it('encodes path parameters so an id cannot reach another path', async () => {
    const server = await serve({ handler: (_request, response) => json(response, 200, { object_id: 'x' }) });
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    await client.call('GetExternalId', { objectId: '../../report/v1/list?x=1' });
    expect(server.requests[0]?.url).toBe('/app/v1/object/..%2F..%2Freport%2Fv1%2Flist%3Fx%3D1/external_id');
    await expect(client.call('GetExternalId', { objectId: '..' })).rejects.toThrow(
      /objectId — expected .*not "\." or "\.\."/,
    );
  });

  it('keeps secrets out of errors, events and inspection', async () => {
    const server = await serve({
      handler: (request, response) =>
        json(response, 400, {
          code: 'invalid_request',
          message: `rejected ${request.headers.authorization} for callback https://hooks.example.com/in?token=receiver-secret-123456`,
        }),
    });
    const lines: string[] = [];
    const client = createWorkSpanClient({
      connection: testConnection(server.url),
      onEvent: (event) => lines.push(JSON.stringify(event)),
    });
    const error = (await client
      .call('Subscribe', {
        event: 'task.assigned',
        name: 'n',
        callbackUrl: 'https://hooks.example.com/in?token=receiver-secret-123456',
      })
      .catch((caught) => caught)) as WorkSpanApiError;
    expect(error).toBeInstanceOf(WorkSpanApiError);
    lines.push(
      error.message,
      inspect(error),
      JSON.stringify(error),
      inspect(client),
      JSON.stringify(client),
      String(error.stack),
    );
    const everything = lines.join('\n');
    expect(everything).not.toContain('test-secret-value');
    expect(everything).not.toContain('access-token-');
    expect(everything).not.toContain('receiver-secret-123456');
    expect(error.message).toContain('[redacted]');

    const wrong = createWorkSpanClient({
      connection: { ...testConnection(server.url), clientSecret: 'wrong-secret-xyz' },
    });
    const refused = await wrong.call('GetEventList', {}).catch((caught) => caught);
    expect(refused).toBeInstanceOf(WorkSpanAuthenticationError);
    expect(`${refused.message}${inspect(refused)}`).not.toContain('wrong-secret-xyz');
  });
});

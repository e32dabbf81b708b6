import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkSpanTimeoutError } from '../errors.js';
import { createWorkSpanClient } from '../node.js';
import { json, startWireServer, testConnection } from '../test-support/wire-server.js';
import { waitForBulkload } from './wait-for-bulkload.js';

let server: Awaited<ReturnType<typeof startWireServer>>;
let reads = 0;
beforeAll(async () => {
  server = await startWireServer({
    handler: (request, response) => {
      reads++;
      const completed = request.url.includes('execution_id=done') && reads >= 3;
      json(response, 200, {
        execution_id: 'x',
        status: completed ? 'completed' : 'running',
        input_count: 10,
        succcess_count: completed ? 9 : 0,
      });
    },
  });
});
afterAll(() => server.close());

describe('waitForBulkload', () => {
  it('polls until completed, reporting each status', async () => {
    reads = 0;
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    const seen: string[] = [];
    const status = await waitForBulkload(
      client,
      { integrationId: 'i', executionId: 'done' },
      { intervalMs: 5, onProgress: (s) => seen.push(s.status) },
    );
    expect(status.succcess_count).toBe(9);
    expect(seen).toEqual(['running', 'running', 'completed']);
  });

  it('gives up at the timeout with an error saying the load goes on', async () => {
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    const error = await waitForBulkload(
      client,
      { integrationId: 'i', executionId: 'never' },
      { intervalMs: 20, timeoutMs: 50 },
    ).catch((caught) => caught);
    expect(error).toBeInstanceOf(WorkSpanTimeoutError);
    expect(error.message).toMatch(/still running .* check it later with GetBulkloadStatus/);
  });

  it('stops when cancelled', async () => {
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    const controller = new AbortController();
    const waiting = waitForBulkload(
      client,
      { integrationId: 'i', executionId: 'never' },
      { intervalMs: 10_000, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 50);
    await expect(waiting).rejects.toThrow();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../client/transport.js';
import {
  WorkSpanAbortedError,
  WorkSpanBulkloadWaitTimeoutError,
  WorkSpanTimeoutError,
  WorkSpanValidationError,
} from '../errors.js';
import { createWorkSpanClient, nodeClock } from '../node.js';
import { json, startWireServer, testConnection } from '../test-support/wire-server.js';
import { pollIntervalFor, waitForBulkload } from './wait-for-bulkload.js';

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

/** Real time for the network, virtual time for the waits between polls: the sleeps it was asked for. */
function virtualClock(): Clock & { sleeps: number[] } {
  let offset = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => nodeClock.now() + offset,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      offset += ms;
    },
  };
}

describe('waitForBulkload', () => {
  it('polls until completed, reporting each status', async () => {
    reads = 0;
    const clock = virtualClock();
    const client = createWorkSpanClient({ connection: testConnection(server.url), clock });
    const seen: string[] = [];
    const status = await waitForBulkload(
      client,
      { integrationId: 'i', executionId: 'done' },
      { intervalMs: 3000, onProgress: (s) => seen.push(s.status) },
    );
    expect(status.succcess_count).toBe(9);
    expect(seen).toEqual(['running', 'running', 'completed']);
    expect(clock.sleeps).toEqual([3000, 3000]);
  });

  it('gives up at the timeout with the last status, saying the load goes on', async () => {
    const client = createWorkSpanClient({ connection: testConnection(server.url), clock: virtualClock() });
    const error = await waitForBulkload(
      client,
      { integrationId: 'i', executionId: 'never' },
      { intervalMs: 3000, timeoutMs: 10_000 },
    ).catch((caught) => caught);
    expect(error).toBeInstanceOf(WorkSpanTimeoutError);
    expect(error).toBeInstanceOf(WorkSpanBulkloadWaitTimeoutError);
    expect(error.message).toMatch(/still running .* goes on in WorkSpan/);
    expect(error.lastStatus).toMatchObject({ status: 'running', input_count: 10 });
    expect(error.executionId).toBe('never');
  });

  it('refuses an interval below the floor before calling anything', async () => {
    reads = 0;
    const client = createWorkSpanClient({ connection: testConnection(server.url), clock: virtualClock() });
    await expect(
      waitForBulkload(client, { integrationId: 'i', executionId: 'done' }, { intervalMs: 1 }),
    ).rejects.toBeInstanceOf(WorkSpanValidationError);
    expect(reads).toBe(0);
  });

  it('never spends more than a quarter of the call budget on polling', () => {
    expect(pollIntervalFor({ intervalMs: 1000 })).toBe(2400);
    expect(pollIntervalFor({ intervalMs: 5000 })).toBe(5000);
    expect(pollIntervalFor({ intervalMs: 1000, callBudget: { limit: 1000, windowMs: 60_000 } })).toBe(1000);
    expect(() => pollIntervalFor({ intervalMs: Number.NaN })).toThrow(/pollInterval/);
  });

  it('stops when cancelled', async () => {
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    const controller = new AbortController();
    const waiting = waitForBulkload(
      client,
      { integrationId: 'i', executionId: 'never' },
      {
        intervalMs: 10_000,
        signal: controller.signal,
        // Stopped after the first status, so it is the pause between polls that is cancelled.
        onProgress: () => controller.abort(new Error('the user stopped it')),
      },
    );
    const error = await waiting.catch((caught: unknown) => caught);
    // Cancelled between polls, as a cancelled call is: nothing was in flight.
    expect(WorkSpanAbortedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ operationId: 'GetBulkloadStatus', mayHaveTakenEffect: false });
    expect((error as Error).message).toContain('the user stopped it');
  });
});

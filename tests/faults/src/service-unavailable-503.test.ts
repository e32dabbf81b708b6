import { WorkSpanApiError } from '@workspan-kit/core/node';
import { waitFor } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allCreateCases,
  expectExactlyOne,
  expectNone,
  newCreateContext,
  serverRecords,
  unusedCallbackUrl,
} from './test-support/creates.js';
import {
  eventsOf,
  makeClient,
  rejectionOf,
  type TestClient,
  useSandboxWithClient,
} from './test-support/harness.js';

// 503 (with Retry-After: 1) means the server did not process the call: every call is sent again,
// creates included. The outage is an error rate of 1.0 on one operation, cleared once the client
// has been turned away.

const setup = useSandboxWithClient({ client: { retry: { maxAttempts: 6 } } });

/** Waits until the client has been turned away with a 503 `count` more times, then ends the outage. */
async function clearAfter503s(retriesBefore: number, count: number): Promise<void> {
  await waitFor(`${count} retries after HTTP 503`, () =>
    eventsOf(setup.user.events, 'retry')
      .slice(retriesBefore)
      .filter((retry) => retry.reason === 'HTTP 503').length >= count
      ? true
      : undefined,
  );
  await setup.sandbox.clearFaults();
}

describe('503 for a while, then cleared', () => {
  it('a read retries through the outage and succeeds', async () => {
    const retriesBefore = eventsOf(setup.user.events, 'retry').length;
    await setup.sandbox.setFaults({ errorRates: { '503': 1 }, operations: ['GetEventList'] });

    const call = setup.user.client.call('GetEventList', {});
    await clearAfter503s(retriesBefore, 2);
    const answer = await call;

    expect(answer.events.length).toBeGreaterThan(0);
    const retries = eventsOf(setup.user.events, 'retry').slice(retriesBefore);
    expect(retries.length).toBeGreaterThanOrEqual(2);
    expect(retries.every((retry) => retry.reason === 'HTTP 503' && retry.delayMs === 1000)).toBe(true);
  });

  it.each(allCreateCases)('$id is sent again after the outage and executed exactly once', async (create) => {
    const context = await newCreateContext(setup.sandbox, unusedCallbackUrl);
    const before = await serverRecords(setup.sandbox, create, context);
    const retriesBefore = eventsOf(setup.user.events, 'retry').length;
    const attemptsBefore = setup.user.attempts(create.id);
    await setup.sandbox.setFaults({ errorRates: { '503': 1 }, operations: [create.id] });

    const call = create.run(setup.user.client, context);
    await clearAfter503s(retriesBefore, 1);
    const created = await call;

    expect(setup.user.attempts(create.id) - attemptsBefore).toBeGreaterThanOrEqual(2);
    await expectExactlyOne(setup.sandbox, create, context, before, created);
  });
});

describe('503 that does not clear', () => {
  let oneShot: TestClient;
  beforeAll(async () => {
    oneShot = makeClient(setup.sandbox, { retry: { maxAttempts: 1 } });
    await oneShot.client.call('GetEventList', {});
  });
  afterAll(() => oneShot?.close());

  it('a read gives up after its attempts with the 503, marked retryable', async () => {
    const twoTries = makeClient(setup.sandbox, { retry: { maxAttempts: 2 } });
    try {
      await setup.sandbox.setFaults({ errorRates: { '503': 1 }, operations: ['GetEventList'] });
      const error = await rejectionOf(twoTries.client.call('GetEventList', {}));
      expect(error).toBeInstanceOf(WorkSpanApiError);
      expect(error).toMatchObject({
        status: 503,
        retryable: true,
        code: 'server-error',
        serverCode: 'service_unavailable',
      });
      expect(twoTries.attempts('GetEventList')).toBe(2);
    } finally {
      await twoTries.close();
    }
  });

  it.each(allCreateCases)('$id fails with the 503 and the server holds nothing', async (create) => {
    const context = await newCreateContext(setup.sandbox, unusedCallbackUrl);
    const before = await serverRecords(setup.sandbox, create, context);
    await setup.sandbox.setFaults({ errorRates: { '503': 1 }, operations: [create.id] });

    const error = await rejectionOf(create.run(oneShot.client, context));

    expect(error).toBeInstanceOf(WorkSpanApiError);
    expect(error).toMatchObject({ status: 503, retryable: true, operationId: create.id });
    await expectNone(setup.sandbox, create, context, before);
  });
});

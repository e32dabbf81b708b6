import { WorkSpanApiError, WorkSpanThrottledError } from '@workspan-kit/core/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

// 429 bursts with Retry-After: the server did not process the call, so every call (creates too)
// waits as told and is sent again.

const setup = useSandboxWithClient();

describe('a 429 burst with Retry-After', () => {
  it('a read waits out the burst and succeeds', async () => {
    await setup.sandbox.setFaults({
      burst429: { count: 2, retryAfterSeconds: 1 },
      operations: ['GetEventList'],
    });
    const retriesBefore = eventsOf(setup.user.events, 'retry').length;

    const answer = await setup.user.client.call('GetEventList', {});

    expect(answer.events.map((event) => event.name)).toContain('task.assigned');
    const retries = eventsOf(setup.user.events, 'retry').slice(retriesBefore);
    expect(retries.map((retry) => [retry.reason, retry.delayMs])).toEqual([
      ['HTTP 429', 1000],
      ['HTTP 429', 1000],
    ]);
    expect((await setup.sandbox.admin('/faults')).burst429.count).toBe(0);
  });

  it.each(allCreateCases)('$id is sent again after the burst and executed exactly once', async (create) => {
    const context = await newCreateContext(setup.sandbox, unusedCallbackUrl);
    const before = await serverRecords(setup.sandbox, create, context);
    const attemptsBefore = setup.user.attempts(create.id);
    await setup.sandbox.setFaults({ burst429: { count: 1, retryAfterSeconds: 1 }, operations: [create.id] });

    const created = await create.run(setup.user.client, context);

    expect(setup.user.attempts(create.id) - attemptsBefore).toBe(2);
    await expectExactlyOne(setup.sandbox, create, context, before, created);
  });
});

describe('a Retry-After longer than the client will wait (retry.maxRetryAfterMs)', () => {
  // Each case on a client of its own: a long pause fails the client's later calls at once.
  let impatient: TestClient;
  beforeEach(async () => {
    impatient = makeClient(setup.sandbox, { retry: { maxRetryAfterMs: 500 } });
    await impatient.client.call('GetEventList', {});
  });
  afterEach(() => impatient?.close());

  it('a read fails at once with the 429, marked retryable, and later calls are not sent', async () => {
    await setup.sandbox.setFaults({
      burst429: { count: 1, retryAfterSeconds: 60 },
      operations: ['GetEventList'],
    });
    const error = await rejectionOf(impatient.client.call('GetEventList', {}));
    expect(error).toBeInstanceOf(WorkSpanApiError);
    expect(error).toMatchObject({
      status: 429,
      retryable: true,
      code: 'throttled',
      serverCode: 'rate_limited',
    });
    const retryAt = (error as WorkSpanApiError).retryAt;
    expect(Date.parse(retryAt ?? '')).toBeGreaterThan(Date.now() + 50_000);

    const attemptsBefore = impatient.attempts('GetEventList');
    const later = await rejectionOf(impatient.client.call('GetEventList', {}));
    expect(later).toBeInstanceOf(WorkSpanThrottledError);
    expect(later).toMatchObject({ code: 'throttled', retryable: true, retryAt });
    expect(impatient.attempts('GetEventList')).toBe(attemptsBefore);
  });

  it.each(allCreateCases)('$id fails with the 429 and the server holds nothing', async (create) => {
    const context = await newCreateContext(setup.sandbox, unusedCallbackUrl);
    const before = await serverRecords(setup.sandbox, create, context);
    const attemptsBefore = impatient.attempts(create.id);
    await setup.sandbox.setFaults({ burst429: { count: 1, retryAfterSeconds: 60 }, operations: [create.id] });

    const error = await rejectionOf(create.run(impatient.client, context));

    expect(error).toBeInstanceOf(WorkSpanApiError);
    expect(error).toMatchObject({ status: 429, retryable: true, operationId: create.id });
    expect(impatient.attempts(create.id) - attemptsBefore).toBe(1);
    await expectNone(setup.sandbox, create, context, before);
  });
});

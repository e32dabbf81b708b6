import { WorkSpanApiError } from '@workspan-kit/core/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  allCreateCases,
  expectExactlyOne,
  expectNone,
  newCreateContext,
  serverRecords,
  unusedCallbackUrl,
} from './support/creates.js';
import {
  eventsOf,
  type FaultSandbox,
  makeClient,
  openSandbox,
  rejectionOf,
  type TestClient,
} from './support/harness.js';

// 429 bursts with Retry-After: the server did not process the call, so every call (creates too)
// waits as told and is sent again.

let sandbox: FaultSandbox;
let user: TestClient;

beforeAll(async () => {
  sandbox = await openSandbox();
  user = makeClient(sandbox);
  await user.client.call('GetEventList', {}); // token fetched before any fault
});
afterEach(() => sandbox.clearFaults());
afterAll(async () => {
  await user?.close();
  await sandbox?.close();
});

describe('a 429 burst with Retry-After', () => {
  it('a read waits out the burst and succeeds', async () => {
    await sandbox.setFaults({ burst429: { count: 2, retryAfterSeconds: 1 }, operations: ['GetEventList'] });
    const retriesBefore = eventsOf(user.events, 'retry').length;

    const answer = await user.client.call('GetEventList', {});

    expect(answer.events.map((event) => event.name)).toContain('task.assigned');
    const retries = eventsOf(user.events, 'retry').slice(retriesBefore);
    expect(retries.map((retry) => [retry.reason, retry.delayMs])).toEqual([
      ['HTTP 429', 1000],
      ['HTTP 429', 1000],
    ]);
    expect((await sandbox.admin('/faults')).burst429.count).toBe(0);
  });

  it.each(allCreateCases)('$id is sent again after the burst and executed exactly once', async (create) => {
    const context = await newCreateContext(sandbox, unusedCallbackUrl);
    const before = await serverRecords(sandbox, create, context);
    const attemptsBefore = user.attempts(create.id);
    await sandbox.setFaults({ burst429: { count: 1, retryAfterSeconds: 1 }, operations: [create.id] });

    const created = await create.run(user.client, context);

    expect(user.attempts(create.id) - attemptsBefore).toBe(2);
    await expectExactlyOne(sandbox, create, context, before, created);
  });
});

describe('a Retry-After longer than the client will wait (retry.maxRetryAfterMs)', () => {
  let impatient: TestClient;
  beforeAll(async () => {
    impatient = makeClient(sandbox, { retry: { maxRetryAfterMs: 500 } });
    await impatient.client.call('GetEventList', {});
  });
  afterAll(() => impatient?.close());

  it('a read fails at once with the 429, marked retryable', async () => {
    await sandbox.setFaults({ burst429: { count: 1, retryAfterSeconds: 60 }, operations: ['GetEventList'] });
    const error = await rejectionOf(impatient.client.call('GetEventList', {}));
    expect(error).toBeInstanceOf(WorkSpanApiError);
    expect(error).toMatchObject({ status: 429, retryable: true, code: 'rate_limited' });
  });

  it.each(allCreateCases)('$id fails with the 429 and the server holds nothing', async (create) => {
    const context = await newCreateContext(sandbox, unusedCallbackUrl);
    const before = await serverRecords(sandbox, create, context);
    const attemptsBefore = impatient.attempts(create.id);
    await sandbox.setFaults({ burst429: { count: 1, retryAfterSeconds: 60 }, operations: [create.id] });

    const error = await rejectionOf(create.run(impatient.client, context));

    expect(error).toBeInstanceOf(WorkSpanApiError);
    expect(error).toMatchObject({ status: 429, retryable: true, operationId: create.id });
    expect(impatient.attempts(create.id) - attemptsBefore).toBe(1);
    await expectNone(sandbox, create, context, before);
  });
});

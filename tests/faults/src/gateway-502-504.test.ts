import { WorkSpanApiError, WorkSpanOutcomeUnknownError } from '@workspan-kit/core/node';
import { waitFor } from '@workspan-kit/test-kit';
import { describe, expect, it } from 'vitest';
import {
  allCreateCases,
  expectNone,
  newCreateContext,
  serverRecords,
  unusedCallbackUrl,
} from './test-support/creates.js';
import { eventsOf, makeClient, rejectionOf, useSandboxWithClient } from './test-support/harness.js';

// 502 and 504 come from a gateway: they do not say whether WorkSpan processed the call. Reads are
// retried; creates are never sent again and end in an outcome-unknown error.

const setup = useSandboxWithClient({
  // Backoff of 100 ms and more from the third attempt on, and many attempts: room to clear the fault.
  client: { retry: { maxAttempts: 20, baseDelayMs: 50, maxDelayMs: 200 } },
});

const gatewayStatuses = [502, 504] as const;

describe.each(gatewayStatuses)('HTTP %i', (status) => {
  it('a read retries until the gateway recovers and succeeds', async () => {
    const retriesBefore = eventsOf(setup.user.events, 'retry').length;
    await setup.sandbox.setFaults({ errorRates: { [String(status)]: 1 }, operations: ['GetEventList'] });

    const call = setup.user.client.call('GetEventList', {});
    await waitFor(`two retries after HTTP ${status}`, () =>
      eventsOf(setup.user.events, 'retry')
        .slice(retriesBefore)
        .filter((retry) => retry.reason === `HTTP ${status}`).length >= 2
        ? true
        : undefined,
    );
    await setup.sandbox.clearFaults();
    const answer = await call;

    expect(answer.events.length).toBeGreaterThan(0);
  });

  it('a read that never gets through fails with the status after all its attempts', async () => {
    const twoTries = makeClient(setup.sandbox, {
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
    });
    try {
      await setup.sandbox.setFaults({ errorRates: { [String(status)]: 1 }, operations: ['GetEventList'] });
      const error = await rejectionOf(twoTries.client.call('GetEventList', {}));
      expect(error).toBeInstanceOf(WorkSpanApiError);
      expect(error).toMatchObject({ status, retryable: true });
      expect(twoTries.attempts('GetEventList')).toBe(2);
    } finally {
      await twoTries.close();
    }
  });

  it.each(allCreateCases)('$id: outcome unknown, not sent again, never executed twice', async (create) => {
    const context = await newCreateContext(setup.sandbox, unusedCallbackUrl);
    const before = await serverRecords(setup.sandbox, create, context);
    const attemptsBefore = setup.user.attempts(create.id);
    await setup.sandbox.setFaults({ errorRates: { [String(status)]: 1 }, operations: [create.id] });

    const error = await rejectionOf(create.run(setup.user.client, context));

    expect(error).toBeInstanceOf(WorkSpanOutcomeUnknownError);
    expect(error).toMatchObject({ operationId: create.id, retryable: false });
    expect((error as Error).message).toContain(`HTTP ${status}`);
    expect(setup.user.attempts(create.id) - attemptsBefore).toBe(1);
    // The injected gateway error answered before the sandbox processed the call.
    await expectNone(setup.sandbox, create, context, before);
  });
});

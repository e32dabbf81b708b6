import { WorkSpanConnectionError, WorkSpanOutcomeUnknownError } from '@workspan-kit/core/node';
import { describe, expect, it } from 'vitest';
import {
  allCreateCases,
  expectExactlyOne,
  newCreateContext,
  serverRecords,
  unusedCallbackUrl,
} from './test-support/creates.js';
import { eventsOf, makeClient, rejectionOf, useSandboxWithClient } from './test-support/harness.js';

// Latency added before every answer. Below the client's timeoutMs the calls just take longer;
// beyond it a read times out on every attempt, and a create, processed but unanswered, ends in an
// outcome-unknown error without a second send.

const timeoutMs = 300;
const beyondTimeout = 1500;

const setup = useSandboxWithClient({ client: { timeoutMs, retry: { maxAttempts: 3 } } });

describe('latency within the time limit', () => {
  it('reads and creates succeed, each sent once', async () => {
    const patient = makeClient(setup.sandbox, { timeoutMs: 10_000 });
    try {
      await setup.sandbox.setFaults({ latencyMs: 150 });
      const create = allCreateCases[0];
      if (!create) throw new Error('no create case');
      const context = await newCreateContext(setup.sandbox, unusedCallbackUrl);
      const before = await serverRecords(setup.sandbox, create, context);

      const events = await patient.client.call('GetEventList', {});
      const created = await create.run(patient.client, context);

      expect(events.events.length).toBeGreaterThan(0);
      expect(patient.attempts('GetEventList')).toBe(1);
      expect(patient.attempts(create.id)).toBe(1);
      await expectExactlyOne(setup.sandbox, create, context, before, created);
    } finally {
      await patient.close();
    }
  });
});

describe('latency beyond the time limit', () => {
  it('a read times out on every attempt: WorkSpanConnectionError with code timeout', async () => {
    await setup.sandbox.setFaults({ latencyMs: beyondTimeout, operations: ['GetEventList'] });
    const attemptsBefore = setup.user.attempts('GetEventList');
    const retriesBefore = eventsOf(setup.user.events, 'retry').length;

    const error = await rejectionOf(setup.user.client.call('GetEventList', {}));

    expect(error).toBeInstanceOf(WorkSpanConnectionError);
    expect(error).toMatchObject({ code: 'timeout', operationId: 'GetEventList', retryable: true });
    expect(setup.user.attempts('GetEventList') - attemptsBefore).toBe(3);
    const retries = eventsOf(setup.user.events, 'retry').slice(retriesBefore);
    expect(retries.map((retry) => retry.reason)).toEqual(['timeout', 'timeout']);
  });

  it.each(allCreateCases)('$id: outcome unknown, not sent again, executed exactly once', async (create) => {
    const context = await newCreateContext(setup.sandbox, unusedCallbackUrl);
    const before = await serverRecords(setup.sandbox, create, context);
    const attemptsBefore = setup.user.attempts(create.id);
    await setup.sandbox.setFaults({ latencyMs: beyondTimeout, operations: [create.id] });

    const error = await rejectionOf(create.run(setup.user.client, context));

    expect(error).toBeInstanceOf(WorkSpanOutcomeUnknownError);
    expect(error).toMatchObject({ operationId: create.id, retryable: false });
    expect((error as Error).message).toContain('no answer arrived within the time limit');
    expect(setup.user.attempts(create.id) - attemptsBefore).toBe(1);
    // The sandbox processed the call; only its answer was late.
    await expectExactlyOne(setup.sandbox, create, context, before);
  });
});

import { WorkSpanOutcomeUnknownError } from '@workspan-kit/core/node';
import { describe, expect, it } from 'vitest';
import {
  allCreateCases,
  expectExactlyOne,
  newCreateContext,
  serverRecords,
  unusedCallbackUrl,
} from './test-support/creates.js';
import { rejectionOf, useSandboxWithClient } from './test-support/harness.js';

// dropAfterBody: the sandbox processes the call, then destroys the socket without answering. A read
// is simply sent again; a create must not be: the user gets an outcome-unknown error and the
// server holds exactly one execution, subscription or audit entry.

const setup = useSandboxWithClient();

describe('connections dropped after the body is read and processed', () => {
  it('a read is sent again and succeeds', async () => {
    await setup.sandbox.setFaults({ dropAfterBody: 2, operations: ['GetEventList'] });
    const attemptsBefore = setup.user.attempts('GetEventList');

    const answer = await setup.user.client.call('GetEventList', {});

    expect(answer.events.length).toBeGreaterThan(0);
    expect(setup.user.attempts('GetEventList') - attemptsBefore).toBe(3);
  });

  it.each(allCreateCases)('$id: outcome unknown, not sent again, executed exactly once', async (create) => {
    const context = await newCreateContext(setup.sandbox, unusedCallbackUrl);
    const before = await serverRecords(setup.sandbox, create, context);
    const attemptsBefore = setup.user.attempts(create.id);
    await setup.sandbox.setFaults({ dropAfterBody: 1, operations: [create.id] });

    const error = await rejectionOf(create.run(setup.user.client, context));

    expect(error).toBeInstanceOf(WorkSpanOutcomeUnknownError);
    expect(error).toMatchObject({ operationId: create.id, retryable: false });
    expect((error as WorkSpanOutcomeUnknownError).howToCheck.length).toBeGreaterThan(0);
    expect(setup.user.attempts(create.id) - attemptsBefore).toBe(1);
    expect((await setup.sandbox.admin('/faults')).dropAfterBody).toBe(0);
    await expectExactlyOne(setup.sandbox, create, context, before);
  });
});

import { WorkSpanOutcomeUnknownError } from '@workspan-kit/core/node';
import { describe, expect, it } from 'vitest';
import {
  allCreateCases,
  expectExactlyOne,
  expectNone,
  newCreateContext,
  serverRecords,
  unusedCallbackUrl,
} from './test-support/creates.js';
import { makeClient, rejectionOf, useSandboxWithClient } from './test-support/harness.js';

// dropBeforeBody: the sandbox destroys the socket before reading the request, so it never processes
// it. The client only sees a connection closed after its request went out, which looks exactly like
// a drop after processing: reads are sent again; creates are not (the client cannot know), and the
// server holds nothing, so nothing is done twice and nothing is done behind the user's back.

const setup = useSandboxWithClient();

describe('connections dropped before the body is read', () => {
  it('a read is sent again and succeeds', async () => {
    await setup.sandbox.setFaults({ dropBeforeBody: 2, operations: ['GetEventList'] });
    const attemptsBefore = setup.user.attempts('GetEventList');

    const answer = await setup.user.client.call('GetEventList', {});

    expect(answer.events.length).toBeGreaterThan(0);
    expect(setup.user.attempts('GetEventList') - attemptsBefore).toBe(3);
    expect((await setup.sandbox.admin('/faults')).dropBeforeBody).toBe(0);
  });

  it('a dropped token call is sent again, and the call that needed it succeeds once', async () => {
    const fresh = makeClient(setup.sandbox);
    try {
      const create = allCreateCases[0];
      if (!create) throw new Error('no create case');
      const context = await newCreateContext(setup.sandbox, unusedCallbackUrl);
      const before = await serverRecords(setup.sandbox, create, context);
      await setup.sandbox.setFaults({ dropBeforeBody: 1, operations: ['Token'] });

      const created = await create.run(fresh.client, context);

      expect(fresh.tokens).toHaveLength(1);
      expect(fresh.attempts(create.id)).toBe(1);
      await expectExactlyOne(setup.sandbox, create, context, before, created);
    } finally {
      await fresh.close();
    }
  });

  it.each(allCreateCases)(
    '$id: outcome unknown, not sent again, and the server holds nothing',
    async (create) => {
      const context = await newCreateContext(setup.sandbox, unusedCallbackUrl);
      const before = await serverRecords(setup.sandbox, create, context);
      const attemptsBefore = setup.user.attempts(create.id);
      await setup.sandbox.setFaults({ dropBeforeBody: 1, operations: [create.id] });

      const error = await rejectionOf(create.run(setup.user.client, context));

      expect(error).toBeInstanceOf(WorkSpanOutcomeUnknownError);
      expect(error).toMatchObject({ operationId: create.id, retryable: false });
      expect(setup.user.attempts(create.id) - attemptsBefore).toBe(1);
      expect((await setup.sandbox.admin('/faults')).dropBeforeBody).toBe(0);
      await expectNone(setup.sandbox, create, context, before);
    },
  );
});

import { WorkSpanOutcomeUnknownError } from '@workspan-kit/core/node';
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
  type FaultSandbox,
  makeClient,
  openSandbox,
  rejectionOf,
  type TestClient,
} from './support/harness.js';

// dropBeforeBody: the sandbox destroys the socket before reading the request, so it never processes
// it. The client only sees a connection closed after its request went out, which looks exactly like
// a drop after processing: reads are sent again; creates are not (the client cannot know), and the
// server holds nothing, so nothing is done twice and nothing is done behind the user's back.

let sandbox: FaultSandbox;
let user: TestClient;

beforeAll(async () => {
  sandbox = await openSandbox();
  user = makeClient(sandbox);
  await user.client.call('GetEventList', {});
});
afterEach(() => sandbox.clearFaults());
afterAll(async () => {
  await user?.close();
  await sandbox?.close();
});

describe('connections dropped before the body is read', () => {
  it('a read is sent again and succeeds', async () => {
    await sandbox.setFaults({ dropBeforeBody: 2, operations: ['GetEventList'] });
    const attemptsBefore = user.attempts('GetEventList');

    const answer = await user.client.call('GetEventList', {});

    expect(answer.events.length).toBeGreaterThan(0);
    expect(user.attempts('GetEventList') - attemptsBefore).toBe(3);
    expect((await sandbox.admin('/faults')).dropBeforeBody).toBe(0);
  });

  it('a dropped token call is sent again, and the call that needed it succeeds once', async () => {
    const fresh = makeClient(sandbox);
    try {
      const create = allCreateCases[0];
      if (!create) throw new Error('no create case');
      const context = await newCreateContext(sandbox, unusedCallbackUrl);
      const before = await serverRecords(sandbox, create, context);
      await sandbox.setFaults({ dropBeforeBody: 1, operations: ['Token'] });

      const created = await create.run(fresh.client, context);

      expect(fresh.tokens).toHaveLength(1);
      expect(fresh.attempts(create.id)).toBe(1);
      await expectExactlyOne(sandbox, create, context, before, created);
    } finally {
      await fresh.close();
    }
  });

  it.each(allCreateCases)(
    '$id: outcome unknown, not sent again, and the server holds nothing',
    async (create) => {
      const context = await newCreateContext(sandbox, unusedCallbackUrl);
      const before = await serverRecords(sandbox, create, context);
      const attemptsBefore = user.attempts(create.id);
      await sandbox.setFaults({ dropBeforeBody: 1, operations: [create.id] });

      const error = await rejectionOf(create.run(user.client, context));

      expect(error).toBeInstanceOf(WorkSpanOutcomeUnknownError);
      expect(error).toMatchObject({ operationId: create.id, retryable: false });
      expect(user.attempts(create.id) - attemptsBefore).toBe(1);
      expect((await sandbox.admin('/faults')).dropBeforeBody).toBe(0);
      await expectNone(sandbox, create, context, before);
    },
  );
});

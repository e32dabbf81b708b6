import { WorkSpanOutcomeUnknownError } from '@workspan-kit/core/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  allCreateCases,
  expectExactlyOne,
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

// dropAfterBody: the sandbox processes the call, then destroys the socket without answering. A read
// is simply sent again; a create must not be: the user gets an outcome-unknown error and the
// server holds exactly one execution, subscription or audit entry.

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

describe('connections dropped after the body is read and processed', () => {
  it('a read is sent again and succeeds', async () => {
    await sandbox.setFaults({ dropAfterBody: 2, operations: ['GetEventList'] });
    const attemptsBefore = user.attempts('GetEventList');

    const answer = await user.client.call('GetEventList', {});

    expect(answer.events.length).toBeGreaterThan(0);
    expect(user.attempts('GetEventList') - attemptsBefore).toBe(3);
  });

  it.each(allCreateCases)('$id: outcome unknown, not sent again, executed exactly once', async (create) => {
    const context = await newCreateContext(sandbox, unusedCallbackUrl);
    const before = await serverRecords(sandbox, create, context);
    const attemptsBefore = user.attempts(create.id);
    await sandbox.setFaults({ dropAfterBody: 1, operations: [create.id] });

    const error = await rejectionOf(create.run(user.client, context));

    expect(error).toBeInstanceOf(WorkSpanOutcomeUnknownError);
    expect(error).toMatchObject({ operationId: create.id, retryable: false });
    expect((error as WorkSpanOutcomeUnknownError).howToCheck.length).toBeGreaterThan(0);
    expect(user.attempts(create.id) - attemptsBefore).toBe(1);
    expect((await sandbox.admin('/faults')).dropAfterBody).toBe(0);
    await expectExactlyOne(sandbox, create, context, before);
  });
});

import { once } from 'node:events';
import { connect } from 'node:net';
import { waitFor } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allCreateCases,
  createCases,
  expectExactlyOne,
  newCreateContext,
  serverRecords,
  unusedCallbackUrl,
} from './test-support/creates.js';
import {
  eventsOf,
  type FaultSandbox,
  makeClient,
  openSandbox,
  pause,
  type TestClient,
} from './test-support/harness.js';

// The sandbox restarts mid-run on the same port with the same database file. Calls made while it
// is down are refused (provably not processed), so reads and creates alike are retried and
// succeed once it is back; everything stored before the restart is still there.

let sandbox: FaultSandbox;
let user: TestClient;

beforeAll(async () => {
  sandbox = await openSandbox({ persistent: true });
  // Enough attempts to outlast a restart without waiting long between them.
  user = makeClient(sandbox, { retry: { maxAttempts: 60, baseDelayMs: 50, maxDelayMs: 200 } });
  await user.client.call('GetEventList', {});
});
afterAll(async () => {
  await user?.close();
  await sandbox?.close();
});

/** Waits until `operationId` has been refused a connection at least once since `retriesBefore`. */
function refused(operationId: string, retriesBefore: number): Promise<true> {
  return waitFor(`${operationId} to be refused a connection`, () =>
    eventsOf(user.events, 'retry')
      .slice(retriesBefore)
      .some((retry) => retry.operationId === operationId && retry.reason === 'ECONNREFUSED')
      ? true
      : undefined,
  );
}

describe('a sandbox restart with a database file', () => {
  it('a read made while it is down retries and succeeds; the data is still there', async () => {
    const load = createCases.BulkloadData;
    const subscribe = createCases.Subscribe;
    const context = await newCreateContext(sandbox, unusedCallbackUrl);
    const executionId = await load.run(user.client, context);
    const subscriberId = await subscribe.run(user.client, context);
    await createCases.ObjectAudit.run(user.client, context);
    await waitFor('the bulk load to complete', async () => {
      const status = await user.client.call('GetBulkloadStatus', {
        integrationId: 'WS-Integration_crm_account',
        executionId,
      });
      return status.status === 'completed' ? status : undefined;
    });

    await sandbox.stop();
    const retriesBefore = eventsOf(user.events, 'retry').length;
    const read = user.client.call('GetBulkloadStatus', {
      integrationId: 'WS-Integration_crm_account',
      executionId,
    });
    await refused('GetBulkloadStatus', retriesBefore);
    await sandbox.start();
    const status = await read;

    expect(status).toMatchObject({ execution_id: executionId, status: 'completed', succcess_count: 1 });
    const subscriber = await user.client.call('ReadSubscriber', { subscriberId });
    expect(subscriber).toMatchObject({ subscriber_id: subscriberId, name: context.tag });
    const object = await sandbox.admin(`/objects/${context.objectId}`);
    expect(object.audit_log.map((entry: { message: string }) => entry.message)).toEqual([context.tag]);
    const { executions } = await sandbox.admin('/executions');
    expect(executions.map((execution: { execution_id: string }) => execution.execution_id)).toContain(
      executionId,
    );
  });

  it.each(allCreateCases)(
    '$id made while it is down is sent again and executed exactly once',
    async (create) => {
      const context = await newCreateContext(sandbox, unusedCallbackUrl);
      const before = await serverRecords(sandbox, create, context);
      const attemptsBefore = user.attempts(create.id);

      await sandbox.stop();
      const retriesBefore = eventsOf(user.events, 'retry').length;
      // The read goes first: it takes the pooled connection the stopped server closed, so the create
      // meets only refused connections.
      const read = user.client.call('GetEventList', {});
      await refused('GetEventList', retriesBefore);
      const call = create.run(user.client, context);
      await refused(create.id, retriesBefore);
      await sandbox.start();

      const [events, created] = await Promise.all([read, call]);

      expect(events.events.length).toBeGreaterThan(0);
      expect(user.attempts(create.id) - attemptsBefore).toBeGreaterThanOrEqual(2);
      await expectExactlyOne(sandbox, create, context, before, created);
    },
  );
});

// A client may hold a connection it has not sent a request on yet (undici opens a spare one after
// a call it timed out); Node counts it as busy, so the sandbox must close it itself.
describe('stopping while a client holds a connection it has not used yet', () => {
  it('stop() finishes without waiting for the client', async () => {
    const other = await openSandbox();
    const socket = connect(other.port, '127.0.0.1');
    await once(socket, 'connect');
    const stopping = other.stop();
    try {
      const stopped = await Promise.race([stopping.then(() => true), pause(3000).then(() => false)]);
      expect(stopped, 'stop() is still waiting 3 s later').toBe(true);
    } finally {
      socket.destroy();
      await stopping;
      await other.close();
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { type AnyOperation, catalogue, type OperationId } from '../catalogue/index.js';
import { WorkSpanAbortedError, WorkSpanValidationError } from '../errors.js';
import { createWorkSpanClient } from '../node.js';
import { validateInput } from '../request/validate-input.js';
import { type Handler, json, startWireServer, testConnection } from '../test-support/wire-server.js';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(handler: Handler) {
  const server = await startWireServer({ handler });
  servers.push(server);
  return server;
}

/** GetExternalId with a schema that counts how often it runs. */
function countingGetExternalId() {
  const counter = { validations: 0 };
  const operation = {
    ...catalogue.GetExternalId,
    input: catalogue.GetExternalId.input.refine(() => {
      counter.validations++;
      return true;
    }),
  };
  return { operation, counter };
}

/** What a host's generated form holds: some catalogue operation, not known statically. */
function chosenInForm(id: OperationId): AnyOperation {
  return catalogue[id];
}

describe('call with the operation object', () => {
  it('validates the input once and uses the object given, not a lookup by its id', async () => {
    const server = await serve((_request, response) =>
      json(response, 200, { object_id: 'WS-Project_1', external_ids: [] }),
    );
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    const { operation, counter } = countingGetExternalId();

    const answer = await client.call(operation, { objectId: 'WS-Project_1' });
    expect(answer.object_id).toBe('WS-Project_1');
    expect(counter.validations).toBe(1);

    // A host that checked the input first (before connecting) does not pay for a second check.
    const values = validateInput(operation, { objectId: 'WS-Project_1' });
    expect(counter.validations).toBe(2);
    await client.call(operation, values);
    expect(counter.validations).toBe(2);
    expect(Object.isFrozen(values)).toBe(true);

    // Checked for another operation is not checked for this one.
    const other = countingGetExternalId();
    await client.call(other.operation, values);
    expect(other.counter.validations).toBe(1);
    expect(server.requests.map((request) => request.url)).toEqual([
      '/app/v1/object/WS-Project_1/external_id',
      '/app/v1/object/WS-Project_1/external_id',
      '/app/v1/object/WS-Project_1/external_id',
    ]);
  });

  it('takes any catalogue operation a host holds, with its generated input, and no casts', async () => {
    const server = await serve((_request, response) => json(response, 200, { events: [] }));
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    const operation = chosenInForm('GetEventList');
    const fromForm: Record<string, unknown> = {};
    expect(await client.call(operation, fromForm)).toEqual({ events: [] });

    const bad = await client
      .call(chosenInForm('GetExternalId'), { objectId: 7 })
      .catch((caught: unknown) => caught);
    expect(bad).toMatchObject({ code: 'validation', field: 'objectId' });
    expect(server.requests).toHaveLength(1);
  });

  it('rejects an unknown operation id as a validation error, before any request', async () => {
    const server = await serve((_request, response) => json(response, 200, {}));
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    const error = await client.call('NoSuchOperation' as OperationId, {} as never).catch((caught) => caught);
    expect(WorkSpanValidationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'validation', field: 'operation' });
    expect(server.tokenRequests).toBe(0);
  });
});

describe('cancelled calls', () => {
  it('is an aborted error naming the call; a read could not have taken effect', async () => {
    const controller = new AbortController();
    // Cancelled once the server has the request, so the test does not depend on timing.
    const server = await serve(() => controller.abort(new Error('cancelled by the user')));
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    const error = await client
      .call('GetEventList', {}, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    expect(WorkSpanAbortedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'aborted',
      operationId: 'GetEventList',
      method: 'GET',
      path: '/event/v1/metadata/event',
      mayHaveTakenEffect: false,
      howToCheck: undefined,
    });
    expect((error as Error).message).toContain('cancelled by the user');
  });

  it('says how to check when a creating call is cancelled while its request is in flight', async () => {
    const controller = new AbortController();
    const server = await serve(() => controller.abort());
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    const error = await client
      .call('BulkloadData', { integrationId: 'i', data: 'a\n1\n' }, { signal: controller.signal })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'aborted', mayHaveTakenEffect: true });
    expect((error as WorkSpanAbortedError).howToCheck).toMatch(/GetBulkloadStatus/);
    expect(server.requests).toHaveLength(1);
  });

  it('is an aborted error when cancelled while waiting for the throttle', async () => {
    const server = await serve((_request, response) => json(response, 200, { events: [] }));
    const client = createWorkSpanClient({
      connection: testConnection(server.url),
      throttle: { limit: 1, windowMs: 60_000 },
    });
    await client.call('GetEventList', {});
    const controller = new AbortController();
    const waiting = client.call('GetEventList', {}, { signal: controller.signal }).catch((caught) => caught);
    controller.abort();
    expect(await waiting).toMatchObject({ code: 'aborted', mayHaveTakenEffect: false });
    expect(server.requests).toHaveLength(1);
  });
});

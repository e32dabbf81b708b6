import {
  deleteSubscription,
  readSubscription,
  reportFilters,
  WorkSpanApiError,
  WorkSpanAuthenticationError,
  type WorkSpanClient,
  WorkSpanValidationError,
} from '@workspan-kit/core';
import { createWorkSpanClient } from '@workspan-kit/core/node';
import { createOpportunity, seededIntegrations, uniqueTag } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractSandbox, startContractSandbox } from './test-support/sandbox.js';

/** The documented failures, as core's client reports them. */
let contract: ContractSandbox;
let client: WorkSpanClient;

beforeAll(async () => {
  contract = await startContractSandbox();
  client = contract.client;
});

afterAll(async () => {
  await contract?.close();
});

const { column, and } = reportFilters;
const callbackUrl = 'http://127.0.0.1:9/unused?token=0123456789abcdef0123456789';

/** Runs `call`, expects a WorkSpanApiError, and checks it against the request the recorder saw. */
async function expectApiError(
  call: () => Promise<unknown>,
  expected: { status: number; operationId: string; method: string; path: string; serverCode: string },
): Promise<WorkSpanApiError> {
  const before = contract.recorder.records.length;
  const error = await call().then(
    () => {
      throw new Error(`${expected.operationId} succeeded; expected HTTP ${expected.status}`);
    },
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(WorkSpanApiError);
  const apiError = error as WorkSpanApiError;
  expect(apiError).toMatchObject({ ...expected, requestId: expect.stringMatching(/^req_[0-9a-f]+$/) });
  expect(apiError.message).toContain(`${expected.operationId} failed with HTTP ${expected.status}`);
  expect(apiError.message).toContain(`request id ${apiError.requestId}`);
  const sent = contract.recorder.records.slice(before);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({
    operationId: expected.operationId,
    method: expected.method,
    path: expected.path,
    status: expected.status,
    // The id core reports is the one in the answer's x-request-id header.
    requestId: apiError.requestId,
  });
  return apiError;
}

describe('authentication', () => {
  it('a wrong secret is a WorkSpanAuthenticationError (401 invalid_client); no API call follows', async () => {
    const wrong = contract.clientWith({ clientSecret: 'not-the-secret' });
    const before = { records: contract.recorder.records.length, log: contract.serverLog.length };
    const error = await wrong.call('GetEventList', {}).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(WorkSpanAuthenticationError);
    expect(error).toMatchObject({
      status: 401,
      operationId: 'token',
      method: 'POST',
      path: '/oauth/token',
      serverCode: 'invalid_client',
      requestId: expect.stringMatching(/^req_/),
      retryable: false,
    });
    expect((error as Error).message).not.toContain('not-the-secret');
    expect(contract.recorder.records.length).toBe(before.records);
    expect(contract.serverLog.slice(before.log)).toEqual([
      expect.stringMatching(/^POST \/oauth\/token → 401/),
    ]);
  });

  it('an unknown hostname (x-ws-env) is a WorkSpanAuthenticationError (401 unknown_environment)', async () => {
    const elsewhere = contract.clientWith({ hostname: 'nowhere.workspan.com' });
    const before = contract.serverLog.length;
    const error = await elsewhere.call('GetIntegrationList', {}).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(WorkSpanAuthenticationError);
    expect(error).toMatchObject({ status: 401, operationId: 'token', serverCode: 'unknown_environment' });
    expect((error as Error).message).toContain('nowhere.workspan.com');
    expect(contract.serverLog.slice(before)).toEqual([expect.stringMatching(/^POST \/oauth\/token → 401/)]);
  });

  it("another tenant's credentials see only that tenant", async () => {
    const acme = contract.sandbox.tenants.find((tenant) => tenant.hostname !== contract.connection.hostname);
    expect(acme).toBeDefined();
    const objectId = await createOpportunity(contract.sandbox, {
      name: uniqueTag('demo-only'),
      stage: 'proposal',
    });
    const other = contract.clientWith({ ...acme });
    await expectApiError(() => other.call('GetExternalId', { objectId }), {
      status: 404,
      operationId: 'GetExternalId',
      method: 'GET',
      path: `/app/v1/object/${objectId}/external_id`,
      serverCode: 'object_not_found',
    });
  });
});

describe('404 for unknown ids', () => {
  it('an unknown object', async () => {
    const objectId = 'WS-Project_doesNotExist';
    await expectApiError(() => client.call('GetExternalId', { objectId }), {
      status: 404,
      operationId: 'GetExternalId',
      method: 'GET',
      path: `/app/v1/object/${objectId}/external_id`,
      serverCode: 'object_not_found',
    });
    await expectApiError(() => client.call('UpdateExternalId', { objectId, externalId: 'crm-1' }), {
      status: 404,
      operationId: 'UpdateExternalId',
      method: 'PATCH',
      path: `/app/v1/object/${objectId}/external_id`,
      serverCode: 'object_not_found',
    });
    const audit = await expectApiError(
      () => client.call('ObjectAudit', { objectId, statusCode: 'CREATE_FAILED', message: 'no such deal' }),
      {
        status: 404,
        operationId: 'ObjectAudit',
        method: 'PATCH',
        path: `/app/v1/object/${objectId}/audit`,
        serverCode: 'object_not_found',
      },
    );
    expect(audit.retryable).toBe(false);
    expect(audit.bodyExcerpt).toContain(objectId);
  });

  it('an unknown execution', async () => {
    await expectApiError(
      () =>
        client.call('GetBulkloadStatus', {
          integrationId: seededIntegrations.crmOpportunity,
          executionId: 'feedfacecafe',
        }),
      {
        status: 404,
        operationId: 'GetBulkloadStatus',
        method: 'GET',
        path: `/bulk/v1/status/${seededIntegrations.crmOpportunity}`,
        serverCode: 'execution_not_found',
      },
    );
  });

  it('an execution asked for under another integration', async () => {
    const load = await client.call('BulkloadData', {
      integrationId: seededIntegrations.crmAccount,
      data: [{ account_id: uniqueTag('acct'), name: 'Somewhere Ltd' }],
    });
    await expectApiError(
      () =>
        client.call('GetBulkloadStatus', {
          integrationId: seededIntegrations.crmOpportunity,
          executionId: load.execution_id,
        }),
      {
        status: 404,
        operationId: 'GetBulkloadStatus',
        method: 'GET',
        path: `/bulk/v1/status/${seededIntegrations.crmOpportunity}`,
        serverCode: 'execution_not_found',
      },
    );
  });

  it('an unknown report', async () => {
    await expectApiError(() => client.call('GetReportData', { reportId: 999_999 }), {
      status: 404,
      operationId: 'GetReportData',
      method: 'POST',
      path: '/report/v1/999999/data',
      serverCode: 'report_not_found',
    });
  });

  it('an unknown subscriber (and core’s helpers turn that 404 into undefined / false)', async () => {
    const subscriberId = 'WS-Subscriber_doesNotExist';
    for (const [operationId, method] of [
      ['ReadSubscriber', 'GET'],
      ['DeleteSubscriber', 'DELETE'],
    ] as const) {
      await expectApiError(() => client.call(operationId, { subscriberId }), {
        status: 404,
        operationId,
        method,
        path: `/event/v1/subscriber/${subscriberId}`,
        serverCode: 'subscriber_not_found',
      });
    }
    expect(await readSubscription(client, subscriberId)).toBeUndefined();
    expect(await deleteSubscription(client, subscriberId)).toBe(false);
  });

  it('an unknown event or integration in the metadata calls', async () => {
    await expectApiError(() => client.call('GetEventSchema', { event: 'deal.closed' }), {
      status: 404,
      operationId: 'GetEventSchema',
      method: 'GET',
      path: '/event/v1/metadata/event/deal.closed',
      serverCode: 'event_not_found',
    });
    await expectApiError(
      () => client.call('GetObjectEventSchema', { integrationId: 'WS-Integration_nope' }),
      {
        status: 404,
        operationId: 'GetObjectEventSchema',
        method: 'GET',
        path: '/event/v1/metadata/integration/WS-Integration_nope',
        serverCode: 'integration_not_found',
      },
    );
  });
});

describe('input core accepts and the sandbox refuses', () => {
  it('a report filter on an unknown column (400 unknown_column)', async () => {
    const error = await expectApiError(
      () =>
        client.call('GetReportData', {
          reportId: 1001,
          filters: and(column('probability', 'NUMBER').atLeast(50)),
        }),
      {
        status: 400,
        operationId: 'GetReportData',
        method: 'POST',
        path: '/report/v1/1001/data',
        serverCode: 'unknown_column',
      },
    );
    expect(error.bodyExcerpt).toContain("unknown colId 'probability'");
  });

  it('report filters without the values their operator needs (400 invalid_filter)', async () => {
    for (const filters of [
      and({ colId: 'amount', type: 'CURRENCY', filter: { op: 'BETWEEN', values: [1000] } }),
      and({ colId: 'stage', type: 'TEXT', filter: { op: 'EQUAL_TO' } }),
      and(column('amount', 'CURRENCY').atLeast('a lot')),
      and(column('stage').withinDays(7)),
    ]) {
      await expectApiError(() => client.call('GetReportData', { reportId: 1001, filters }), {
        status: 400,
        operationId: 'GetReportData',
        method: 'POST',
        path: '/report/v1/1001/data',
        serverCode: 'invalid_filter',
      });
    }
  });

  it('an external id field the object does not have (400), an external id already taken (409)', async () => {
    const first = await createOpportunity(
      contract.sandbox,
      { name: uniqueTag('first'), stage: 'proposal' },
      undefined,
    );
    const second = await createOpportunity(
      contract.sandbox,
      { name: uniqueTag('second'), stage: 'proposal' },
      undefined,
    );
    await expectApiError(
      () => client.call('UpdateExternalId', { objectId: first, externalId: 'x-1', fieldName: 'name' }),
      {
        status: 400,
        operationId: 'UpdateExternalId',
        method: 'PATCH',
        path: `/app/v1/object/${first}/external_id`,
        serverCode: 'invalid_field_name',
      },
    );
    const crmId = uniqueTag('crm');
    await client.call('UpdateExternalId', { objectId: first, externalId: crmId });
    await expectApiError(() => client.call('UpdateExternalId', { objectId: second, externalId: crmId }), {
      status: 409,
      operationId: 'UpdateExternalId',
      method: 'PATCH',
      path: `/app/v1/object/${second}/external_id`,
      serverCode: 'duplicate_external_id',
    });
  });

  it('subscriptions to an unknown event, an unknown integration or an unusable callback URL', async () => {
    await expectApiError(
      () => client.call('Subscribe', { event: 'deal.closed', name: uniqueTag('sub'), callbackUrl }),
      {
        status: 400,
        operationId: 'Subscribe',
        method: 'POST',
        path: '/event/v1/subscriber',
        serverCode: 'unknown_event',
      },
    );
    await expectApiError(
      () =>
        client.call('SubscribeObjectEvent', {
          integrationId: 'WS-Integration_nope',
          name: uniqueTag('sub'),
          callbackUrl,
        }),
      {
        status: 404,
        operationId: 'SubscribeObjectEvent',
        method: 'POST',
        path: '/event/v1/subscriber',
        serverCode: 'integration_not_found',
      },
    );
    // An unusable callback URL never leaves the client.
    await expect(
      client.call('SubmitToPartnerCenterObjectEvent', {
        integrationId: seededIntegrations.partnerCenter,
        name: uniqueTag('sub'),
        callbackUrl: 'http://[::1/hook',
      }),
    ).rejects.toThrow(/callbackUrl — expected an absolute http\(s\) URL/);
    const { body } = await contract.admin('/subscribers');
    expect(body.subscribers).toEqual([]);
  });

  it('bulk loads into the wrong kind of integration or with data that is not JSON', async () => {
    await expectApiError(
      () =>
        client.call('BulkloadOpportunity', {
          integrationId: seededIntegrations.crmAccount,
          data: 'opportunity_id,name\r\no-1,Deal\r\n',
        }),
      {
        status: 400,
        operationId: 'BulkloadOpportunity',
        method: 'POST',
        path: '/bulk/v1/bulkload_opportunity',
        serverCode: 'integration_mismatch',
      },
    );
    await expectApiError(
      () =>
        client.call('BulkloadData', {
          integrationId: seededIntegrations.crmOpportunity,
          dataFormat: 'json',
          data: '[{"opportunity_id": "o-1",',
        }),
      {
        status: 400,
        operationId: 'BulkloadData',
        method: 'POST',
        path: '/bulk/v1/bulkload',
        serverCode: 'invalid_json',
      },
    );
    await expectApiError(
      () => client.call('BulkloadData', { integrationId: 'WS-Integration_nope', data: 'a,b\r\n1,2\r\n' }),
      {
        status: 404,
        operationId: 'BulkloadData',
        method: 'POST',
        path: '/bulk/v1/bulkload',
        serverCode: 'integration_not_found',
      },
    );
  });
});

describe("core's own validation", () => {
  const cases: { title: string; call: (client: WorkSpanClient) => Promise<unknown>; field: string }[] = [
    {
      title: 'a missing integration id',
      call: (c) => c.call('BulkloadData', { data: 'a,b\r\n1,2\r\n' } as never),
      field: 'integrationId',
    },
    {
      title: 'a page size of 0',
      call: (c) => c.call('GetReportData', { reportId: 1001, pageSize: 0 }),
      field: 'pageSize',
    },
    {
      title: 'an unknown report operator',
      call: (c) =>
        c.call('GetReportData', {
          reportId: 1001,
          filters: and({ colId: 'stage', type: 'TEXT', filter: { op: 'LIKE' as never, value: 'w%' } }),
        }),
      field: 'filters.fieldFilters[0].filter.op',
    },
    {
      title: 'an audit status code outside the enum',
      call: (c) =>
        c.call('ObjectAudit', { objectId: 'WS-Project_x', statusCode: 'DONE' as never, message: 'm' }),
      field: 'statusCode',
    },
    {
      title: 'an event filter with a syntax error',
      call: (c) =>
        c.call('SubscribeObjectEvent', {
          integrationId: seededIntegrations.crmOpportunity,
          name: 'n',
          filters: '(stage in ["won", "lost"] AND',
          callbackUrl,
        }),
      field: 'filters',
    },
    {
      title: 'a callback URL that is not http(s)',
      call: (c) =>
        c.call('Subscribe', { event: 'task.assigned', name: 'n', callbackUrl: 'ftp://example.com/hook' }),
      field: 'callbackUrl',
    },
    {
      title: 'an object id of ".."',
      call: (c) => c.call('GetExternalId', { objectId: '..' }),
      field: 'objectId',
    },
    {
      title: 'no rows to load',
      call: (c) => c.call('BulkloadData', { integrationId: seededIntegrations.crmOpportunity, data: [] }),
      field: 'data',
    },
    {
      title: 'a file that does not exist',
      call: (c) =>
        c.call('BulkloadDataFileAttachment', {
          integrationId: seededIntegrations.crmOpportunity,
          file: { path: '/nonexistent/contract-suite.xlsx' },
        }),
      field: 'file.path',
    },
  ];

  it.each(cases)('$title is a WorkSpanValidationError and no request is sent', async ({ call, field }) => {
    // A fresh client: no token yet, so not even the token call may happen.
    const fresh = contract.clientWith({});
    const before = { transport: contract.recorder.requestCount, log: contract.serverLog.length };
    const error = await call(fresh).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(WorkSpanValidationError);
    expect((error as WorkSpanValidationError).issues.map((issue) => issue.field)).toContain(field);
    expect(contract.recorder.requestCount).toBe(before.transport);
    expect(contract.serverLog.slice(before.log)).toEqual([]);
  });

  it('a connection with a scheme in the hostname is refused before any request', () => {
    const before = contract.recorder.requestCount;
    expect(() =>
      createWorkSpanClient({ connection: { ...contract.connection, hostname: 'https://demo.workspan.com' } }),
    ).toThrow(WorkSpanValidationError);
    expect(contract.recorder.requestCount).toBe(before);
  });
});

describe('the contract', () => {
  it('every request sent in this file matched the definition, but the one with a deliberately broken JSON body', () => {
    expect(contract.recorder.records.length).toBeGreaterThan(20);
    expect(contract.recorder.problems()).toEqual([
      'BulkloadData POST /bulk/v1/bulkload: the body is declared application/json but is not JSON',
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OperationId, operationIds } from '../catalogue/index.js';
import { createWorkSpanClient } from '../node.js';
import { json, startWireServer, testConnection } from '../test-support/wire-server.js';

interface Case {
  input: Record<string, unknown>;
  method: string;
  url: string;
  contentType?: RegExp;
  body?: unknown;
  response: unknown;
}

const callback = 'https://hooks.example.com/workspan?token=abcdefghijklmnopqrstuvwxyz';
const cases: Record<OperationId, Case> = {
  ObjectAudit: {
    input: {
      objectId: 'WS-Project_1',
      statusCode: 'LINKED',
      message: 'Linked in Partner Center',
      externalId: 'pc-1',
    },
    method: 'PATCH',
    url: '/app/v1/object/WS-Project_1/audit',
    body: {
      field_name: 'partner_center.integration_status',
      status_code: 'LINKED',
      message: 'Linked in Partner Center',
      external_id: 'pc-1',
    },
    response: {
      object_id: 'WS-Project_1',
      field_name: 'partner_center.integration_status',
      status_code: 'LINKED',
    },
  },
  BulkloadDataFileAttachment: {
    input: {
      integrationId: 'WS-Integration_crm',
      file: { name: 'rows.json', content: '[{"a":"1"}]' },
      dataFormat: 'json',
    },
    method: 'POST',
    url: '/bulk/v1/bulkload?integration_id=WS-Integration_crm&data_format=json',
    contentType: /^multipart\/form-data; boundary=/,
    response: {
      integration_id: 'WS-Integration_crm',
      execution_id: 'e1',
      data_format: 'json',
      created_at: '2026-01-01T00:00:00Z',
    },
  },
  BulkloadData: {
    input: {
      integrationId: 'WS-Integration_crm',
      dataFormat: 'json',
      data: [{ opportunity_id: 'o1', amount: 5 }],
    },
    method: 'POST',
    url: '/bulk/v1/bulkload?integration_id=WS-Integration_crm&data_format=json&column_delimiter=%2C',
    contentType: /^application\/json$/,
    body: [{ opportunity_id: 'o1', amount: 5 }],
    response: { integration_id: 'WS-Integration_crm', execution_id: 'e2', data_format: 'json' },
  },
  BulkloadOpportunityFileAttachment: {
    input: {
      integrationId: 'WS-Integration_crm',
      file: { name: 'o.xlsx', content: new Uint8Array([80, 75, 3, 4]) },
    },
    method: 'POST',
    url: '/bulk/v1/bulkload_opportunity?integration_id=WS-Integration_crm&content_type=xlsx&has_header_row=true',
    contentType: /^multipart\/form-data; boundary=/,
    response: { integration_id: 'WS-Integration_crm', execution_id: 'e3' },
  },
  BulkloadOpportunity: {
    input: {
      integrationId: 'WS-Integration_crm',
      columnDelimiter: ';',
      data: [{ opportunity_id: 'o;1', stage: 'won' }],
    },
    method: 'POST',
    url: '/bulk/v1/bulkload_opportunity?integration_id=WS-Integration_crm&content_type=csv&column_delimiter=%3B',
    contentType: /^text\/csv$/,
    body: 'opportunity_id;stage\r\n"o;1";won\r\n',
    response: { integration_id: 'WS-Integration_crm', execution_id: 'e4' },
  },
  UpdateExternalId: {
    input: { objectId: 'WS-Project_1', externalId: '006A' },
    method: 'PATCH',
    url: '/app/v1/object/WS-Project_1/external_id',
    body: { external_id: '006A' },
    response: {
      object_id: 'WS-Project_1',
      external_id: '006A',
      field_name: 'sales_details.crm_opportunity_id',
    },
  },
  GetExternalId: {
    input: { objectId: 'WS-Project_1' },
    method: 'GET',
    url: '/app/v1/object/WS-Project_1/external_id',
    response: {
      object_id: 'WS-Project_1',
      external_ids: [{ field_name: 'sales_details.crm_opportunity_id', external_id: '006A' }],
    },
  },
  GetReportList: {
    input: { pageSize: 2 },
    method: 'POST',
    url: '/report/v1/list',
    body: { page: { number: 0, size: 2 } },
    response: { results: [{ id: 1, name: 'Pipeline', reportStatus: 'PUBLISHED' }], endOfList: true },
  },
  GetBulkloadStatus: {
    input: { integrationId: 'WS-Integration_crm', executionId: 'e2' },
    method: 'GET',
    url: '/bulk/v1/status/WS-Integration_crm?execution_id=e2&include_errors=true&max_errors=5',
    response: {
      execution_id: 'e2',
      status: 'completed',
      input_count: 2,
      succcess_count: 2,
      error_count: 0,
      errors: [],
    },
  },
  GetReportData: {
    input: {
      reportId: '7',
      filters: { fieldFilters: [{ colId: 'stage', type: 'TEXT', filter: { op: 'IN', values: ['won'] } }] },
    },
    method: 'POST',
    url: '/report/v1/7/data',
    body: {
      filters: {
        op: 'AND',
        fieldFilters: [{ colId: 'stage', type: 'TEXT', filter: { op: 'IN', values: ['won'] } }],
      },
      page: { number: 0, size: 500 },
    },
    response: { results: [{ stage: 'won' }], endOfList: true, version: 3 },
  },
  Subscribe: {
    input: { event: 'task.assigned', name: 'tasks', callbackUrl: callback },
    method: 'POST',
    url: '/event/v1/subscriber',
    body: {
      event: 'task.assigned',
      name: 'tasks',
      webhook_settings: { callback_url: callback },
      subscriber_type: 'webhook',
    },
    response: { subscriber_id: 's1' },
  },
  SubscribeObjectEvent: {
    input: {
      integrationId: 'WS-Integration_crm',
      name: 'won deals',
      events: ['object.stage_change'],
      filters: '(stage in [ "closed", "won", "lost" ]) AND (sales_details.partner = "P1")',
      callbackUrl: callback,
    },
    method: 'POST',
    url: '/event/v1/subscriber',
    body: {
      integration_id: 'WS-Integration_crm',
      event: ['object.stage_change'],
      name: 'won deals',
      filters: '(stage in [ "closed", "won", "lost" ]) AND (sales_details.partner = "P1")',
      webhook_settings: { callback_url: callback },
      subscriber_type: 'webhook',
    },
    response: { subscriber_id: 's2' },
  },
  SubmitToPartnerCenterObjectEvent: {
    input: { integrationId: 'WS-Integration_pc', name: 'referrals', callbackUrl: callback },
    method: 'POST',
    url: '/event/v1/subscriber',
    body: {
      integration_id: 'WS-Integration_pc',
      name: 'referrals',
      webhook_settings: { callback_url: callback },
      subscriber_type: 'webhook',
      event: 'object.partner_center_referral_submit',
    },
    response: { subscriber_id: 's3' },
  },
  GetEventList: {
    input: {},
    method: 'GET',
    url: '/event/v1/metadata/event',
    response: { events: [{ name: 'task.assigned', description: 'A task was assigned' }] },
  },
  GetEventSchema: {
    input: { event: 'task.assigned' },
    method: 'GET',
    url: '/event/v1/metadata/event/task.assigned',
    response: { schema: { type: 'object', properties: { task_id: { type: 'string' } } } },
  },
  GetIntegrationList: {
    input: {},
    method: 'GET',
    url: '/event/v1/metadata/integration',
    response: { integrations: [{ integration_id: 'WS-Integration_crm', name: 'CRM' }] },
  },
  GetObjectEventSchema: {
    input: { integrationId: 'WS-Integration_crm' },
    method: 'GET',
    url: '/event/v1/metadata/integration/WS-Integration_crm',
    response: { schema: { type: 'object' } },
  },
  ReadSubscriber: {
    input: { subscriberId: 's1' },
    method: 'GET',
    url: '/event/v1/subscriber/s1',
    response: { subscriber_id: 's1', name: 'tasks', event: ['task.assigned'], subscriber_type: 'webhook' },
  },
  DeleteSubscriber: {
    input: { subscriberId: 's1' },
    method: 'DELETE',
    url: '/event/v1/subscriber/s1',
    response: {},
  },
};

let server: Awaited<ReturnType<typeof startWireServer>>;
let answer: unknown;
beforeAll(async () => {
  server = await startWireServer({ handler: (_request, response) => json(response, 200, answer) });
});
afterAll(() => server.close());

describe('every operation on the wire', () => {
  it('has a case for each of the 19 operations', () => {
    expect(Object.keys(cases).sort()).toEqual([...operationIds].sort());
  });

  it.each(operationIds)('%s builds the right request and parses its answer', async (id) => {
    const testCase = cases[id];
    answer = testCase.response;
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    const before = server.requests.length;
    const output = await client.call(id, testCase.input as never);
    const request = server.requests[before];
    expect(server.requests.length).toBe(before + 1);
    expect(request?.method).toBe(testCase.method);
    expect(request?.url).toBe(testCase.url);
    expect(request?.headers['x-ws-env']).toBe('demo.workspan.com');
    if (testCase.contentType) expect(request?.headers['content-type']).toMatch(testCase.contentType);
    if (testCase.body !== undefined) {
      const text = request?.body.toString() ?? '';
      if (typeof testCase.body === 'string') expect(text).toBe(testCase.body);
      else expect(JSON.parse(text)).toEqual(testCase.body);
    }
    if (testCase.method === 'GET' || testCase.method === 'DELETE') expect(request?.body.length).toBe(0);
    if (testCase.contentType?.source.includes('multipart')) {
      const text = request?.body.toString('latin1') ?? '';
      expect(text).toMatch(/Content-Disposition: form-data; name="file"; filename="[^"]+"/);
    }
    expect(output).toEqual(testCase.response);
  });
});

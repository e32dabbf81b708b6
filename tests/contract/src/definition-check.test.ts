import { catalogue, operationIds } from '@workspan-kit/core';
import { validateAgainstDefinition } from '@workspan-kit/sandbox';
import { seededIntegrations } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDefinitionRecorder,
  definitionOperationIds,
  routesFor,
} from './test-support/definition-recorder.js';
import { type ContractSandbox, startContractSandbox } from './test-support/sandbox.js';

/**
 * The check every other file relies on must be able to fail: deliberately bad requests, sent raw,
 * are reported invalid by the sandbox's validator, by the sandbox itself, and by the recorder.
 */
let contract: ContractSandbox;
let token: string;
const probe = createDefinitionRecorder();

beforeAll(async () => {
  contract = await startContractSandbox();
  const response = await fetch(
    `${contract.sandbox.url}/oauth/token?x-ws-env=${contract.connection.hostname}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: contract.connection.clientId,
        client_secret: contract.connection.clientSecret,
      }),
    },
  );
  token = ((await response.json()) as { access_token: string }).access_token;
});

afterAll(async () => {
  await probe.close();
  await contract.close();
});

const headers = () => ({
  authorization: `Bearer ${token}`,
  'x-ws-env': contract.connection.hostname,
  accept: 'application/json',
});

describe('the definition and the catalogue', () => {
  it('name the same 19 operations', () => {
    expect(definitionOperationIds).toHaveLength(19);
    expect(definitionOperationIds).toEqual([...operationIds].sort());
  });

  it("send each operation where the connector's gateway routes it", () => {
    for (const operation of Object.values(catalogue)) {
      const path = (operation.http.routedPath ?? operation.http.path).replace(/\{[^}]+\}/g, 'x1');
      const contentType = operation.http.body === 'multipart' ? 'multipart/form-data; boundary=b' : undefined;
      expect(
        routesFor(operation.http.method, path, contentType).map((route) => route.operationId),
        operation.id,
      ).toContain(operation.id);
    }
  });
});

describe('a request without integration_id', () => {
  it('is invalid for validateAgainstDefinition', () => {
    const result = validateAgainstDefinition('BulkloadData', {
      query: { data_format: 'csv' },
      path: {},
      headers: { 'content-type': 'text/csv' },
      body: 'opportunity_id,name\r\no-1,Deal\r\n',
    });
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.issues).toContainEqual(
      expect.objectContaining({ location: 'query', name: 'integration_id' }),
    );
    expect(result.message).toBe("query parameter 'integration_id' is required.");
  });

  it('sent raw, is refused by the sandbox and recorded as invalid', async () => {
    const response = await probe.transport({
      method: 'POST',
      url: `${contract.sandbox.url}/bulk/v1/bulkload?data_format=csv`,
      headers: { ...headers(), 'content-type': 'text/csv' },
      body: 'opportunity_id,name\r\no-1,Deal\r\n',
      timeoutMs: 10_000,
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({
      code: 'invalid_request',
      message: "query parameter 'integration_id' is required.",
    });
    const record = probe.records.at(-1);
    expect(record).toMatchObject({ operationId: 'BulkloadData', routedFrom: ['BulkloadData'], status: 400 });
    expect(record?.problems).toEqual(["query parameter 'integration_id' is required."]);
  });
});

describe('the recorder', () => {
  it('reports a multipart upload without a file part', async () => {
    const form = new FormData();
    form.append('attachment', new Blob(['opportunity_id,name\r\n']), 'rows.csv');
    const request = new Request('http://x/', { method: 'POST', body: form });
    const body = new Uint8Array(await request.arrayBuffer());
    const response = await probe.transport({
      method: 'POST',
      url: `${contract.sandbox.url}/bulk/v1/bulkload?integration_id=${seededIntegrations.crmOpportunity}&data_format=csv`,
      headers: { ...headers(), 'content-type': request.headers.get('content-type') ?? '' },
      body,
      timeoutMs: 10_000,
    });
    expect(response.status).toBe(400);
    const record = probe.records.at(-1);
    expect(record?.operationId).toBe('BulkloadDataFileAttachment');
    expect(record?.parts.hasFile).toBe(false);
    expect(record?.problems.join(' ')).toMatch(/formData parameter 'file' is required/);
  });

  it('reports an operation sent to a path the gateway routes another operation to', async () => {
    probe.onEvent({
      type: 'request',
      operationId: 'GetReportList',
      method: 'POST',
      path: '/report/v1/1001/data',
      attempt: 1,
    });
    const response = await probe.transport({
      method: 'POST',
      url: `${contract.sandbox.url}/report/v1/1001/data`,
      headers: { ...headers(), 'content-type': 'application/json' },
      body: JSON.stringify({ page: { number: 0, size: 1 } }),
      timeoutMs: 10_000,
    });
    // The sandbox serves it (it is a fine GetReportData); the recorder knows it was meant as GetReportList.
    expect(response.status).toBe(200);
    const record = probe.records.at(-1);
    expect(record?.routedFrom).toEqual(['GetReportData']);
    expect(record?.problems).toEqual([
      'GetReportList is not routed to POST /report/v1/1001/data (application/json); the gateway sends GetReportData there',
    ]);
  });

  it('reports a JSON body that breaks the body schema', async () => {
    const response = await probe.transport({
      method: 'POST',
      url: `${contract.sandbox.url}/report/v1/list`,
      headers: { ...headers(), 'content-type': 'application/json' },
      body: JSON.stringify({ page: { number: 0, size: 'ten' } }),
      timeoutMs: 10_000,
    });
    expect(response.status).toBe(400);
    expect(probe.records.at(-1)?.problems).toEqual(["body field 'page.size' must be of type integer."]);
  });
});

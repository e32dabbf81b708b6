import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../test-support/test-sandbox.js';
import { getDefinitionValidator, validateAgainstDefinition } from './swagger-validator.js';

describe('validateAgainstDefinition (unit)', () => {
  test('knows every operation of the connector definition', () => {
    const ids = getDefinitionValidator()
      .listOperations()
      .map((o) => o.operationId)
      .sort();
    expect(ids).toEqual(
      [
        'BulkloadData',
        'BulkloadDataFileAttachment',
        'BulkloadOpportunity',
        'BulkloadOpportunityFileAttachment',
        'DeleteSubscriber',
        'GetBulkloadStatus',
        'GetEventList',
        'GetEventSchema',
        'GetExternalId',
        'GetIntegrationList',
        'GetObjectEventSchema',
        'GetReportData',
        'GetReportList',
        'ObjectAudit',
        'ReadSubscriber',
        'SubmitToPartnerCenterObjectEvent',
        'Subscribe',
        'SubscribeObjectEvent',
        'UpdateExternalId',
      ].sort(),
    );
    expect(() => validateAgainstDefinition('NoSuchOperation', {})).toThrow(/unknown operationId/);
  });

  test('query parameters: required, enum, type conversion and defaults', () => {
    const missing = validateAgainstDefinition('BulkloadData', { query: { data_format: 'csv' } });
    expect(missing.valid).toBe(false);
    if (!missing.valid) {
      expect(missing.message).toContain("query parameter 'integration_id' is required");
      expect(missing.issues[0]).toMatchObject({ location: 'query', name: 'integration_id' });
    }
    const badEnum = validateAgainstDefinition('BulkloadData', {
      query: { integration_id: 'x', data_format: 'xml' },
    });
    expect(badEnum.valid).toBe(false);
    if (!badEnum.valid)
      expect(badEnum.message).toContain("query parameter 'data_format' must be one of 'json', 'csv'");

    const ok = validateAgainstDefinition('GetBulkloadStatus', {
      path: { integration_id: 'WS-Integration_x' },
      query: { execution_id: 'abc', include_errors: 'false' },
    });
    expect(ok).toMatchObject({
      valid: true,
      query: { execution_id: 'abc', include_errors: false, max_errors: 5 },
    });

    const badBoolean = validateAgainstDefinition('GetBulkloadStatus', {
      path: { integration_id: 'x' },
      query: { execution_id: 'abc', include_errors: 'yes', max_errors: 'many' },
    });
    expect(badBoolean.valid).toBe(false);
    if (!badBoolean.valid) {
      expect(badBoolean.message).toContain("query parameter 'include_errors' must be true or false");
      expect(badBoolean.message).toContain("query parameter 'max_errors' must be a number");
    }
  });

  test('path parameters are typed (reportId is an int64)', () => {
    const bad = validateAgainstDefinition('GetReportData', { path: { reportId: 'abc' } });
    expect(bad.valid).toBe(false);
    if (!bad.valid) expect(bad.message).toContain("path parameter 'reportId' must be an integer");
    expect(validateAgainstDefinition('GetReportData', { path: { reportId: '1001' } })).toMatchObject({
      valid: true,
      path: { reportId: 1001 },
    });
  });

  test('body schemas with $ref to definitions', () => {
    const size0 = validateAgainstDefinition('GetReportData', {
      path: { reportId: '1' },
      body: { page: { number: 0, size: 0 } },
    });
    expect(size0.valid).toBe(false);
    if (!size0.valid) expect(size0.message).toContain("body field 'page.size' must be >= 1");

    const badOp = validateAgainstDefinition('GetReportData', {
      path: { reportId: '1' },
      body: { filters: { op: 'XOR', fieldFilters: [{ colId: 'a', filter: { op: 'LIKE' } }] } },
    });
    expect(badOp.valid).toBe(false);
    if (!badOp.valid) {
      expect(badOp.message).toContain("body field 'filters.op' must be one of 'AND', 'OR'");
      expect(badOp.message).toContain("body field 'filters.fieldFilters[0].filter.op' must be one of");
    }

    const audit = validateAgainstDefinition('ObjectAudit', {
      path: { object_id: 'x' },
      body: { field_name: 'partner_center.integration_status', status_code: 'DONE' },
    });
    expect(audit.valid).toBe(false);
    if (!audit.valid) {
      expect(audit.message).toContain("body field 'status_code' must be one of 'SCHEDULED'");
      expect(audit.message).toContain("body field 'message' is required");
    }
    const noBody = validateAgainstDefinition('ObjectAudit', { path: { object_id: 'x' } });
    expect(noBody.valid).toBe(false);

    const subscribe = validateAgainstDefinition('SubscribeObjectEvent', {
      body: { event: ['object.nope'], name: 'n', subscriber_type: 'webhook', webhook_settings: {} },
    });
    expect(subscribe.valid).toBe(false);
    if (!subscribe.valid) {
      expect(subscribe.message).toContain("body field 'integration_id' is required");
      expect(subscribe.message).toContain("body field 'webhook_settings.callback_url' is required");
      expect(subscribe.message).toContain("body field 'event[0]' must be one of");
    }
  });

  test('headers and formData', () => {
    const header = validateAgainstDefinition('BulkloadData', {
      query: { integration_id: 'x' },
      headers: { 'Content-Type': 'application/xml' },
    });
    expect(header.valid).toBe(false);
    if (!header.valid) expect(header.message).toContain("header parameter 'Content-Type' must be one of");
    expect(
      validateAgainstDefinition('BulkloadData', {
        query: { integration_id: 'x' },
        headers: { 'content-type': 'text/csv; charset=utf-8' },
      }).valid,
    ).toBe(true);
    const noFile = validateAgainstDefinition('BulkloadDataFileAttachment', {
      query: { integration_id: 'x' },
      hasFile: false,
    });
    expect(noFile.valid).toBe(false);
    if (!noFile.valid) expect(noFile.message).toContain("formData parameter 'file' is required");
  });
});

describe('the server checks every API request against the definition', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: false });
  });
  afterAll(() => sandbox.close());

  test('missing integration_id', async () => {
    const response = await sandbox.api('/bulk/v1/bulkload', {
      body: 'a,b\n1,2',
      headers: { 'content-type': 'text/csv' },
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_request');
    expect(response.body.message).toContain("query parameter 'integration_id' is required");
  });

  test('bad data_format enum', async () => {
    const response = await sandbox.api(
      '/bulk/v1/bulkload?integration_id=WS-Integration_crm_opportunity&data_format=xml',
      {
        body: 'a,b\n1,2',
        headers: { 'content-type': 'text/csv' },
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.message).toContain("query parameter 'data_format' must be one of 'json', 'csv'");
  });

  test('page.size 0', async () => {
    const response = await sandbox.api('/report/v1/1001/data', { body: { page: { number: 0, size: 0 } } });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain("body field 'page.size' must be >= 1");
  });

  test('routed subscribe calls are checked against the operation they were routed from', async () => {
    const response = await sandbox.api('/event/v1/subscriber', {
      body: {
        event: ['object.create'],
        name: 'x',
        subscriber_type: 'webhook',
        webhook_settings: { callback_url: 'http://x' },
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain("body field 'integration_id' is required");
  });

  test('a multipart upload without the file part', async () => {
    const form = new FormData();
    form.append('other', 'value');
    const response = await sandbox.api('/bulk/v1/bulkload?integration_id=WS-Integration_crm_opportunity', {
      body: form,
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain("formData parameter 'file' is required");
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../test-support/test-sandbox.js';

describe('bad input never crashes the server', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: false });
  });
  afterAll(() => sandbox.close());

  test('malformed JSON is 400 invalid_json', async () => {
    const response = await sandbox.api('/report/v1/list', {
      body: '{"page": {',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'invalid_json',
      request_id: response.headers.get('x-request-id'),
    });
  });

  test('a JSON body over 1 MiB is 413 payload_too_large', async () => {
    const response = await sandbox.api('/report/v1/list', {
      body: JSON.stringify({ page: { number: 0, size: 1 }, padding: 'x'.repeat(1024 * 1024 + 10) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
    expect((await sandbox.api('/report/v1/list', { body: {} })).status).toBe(200);
  });

  test('wrong content type is 415', async () => {
    const response = await sandbox.api('/report/v1/list', {
      body: '<page/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(response.status).toBe(415);
    expect(response.body.code).toBe('unsupported_media_type');
    const text = await sandbox.api('/app/v1/object/x/audit', { method: 'PATCH', body: 'hello' });
    expect(text.status).toBe(415);
  });

  test('a broken multipart body is 400', async () => {
    const response = await sandbox.api('/bulk/v1/bulkload?integration_id=WS-Integration_crm_opportunity', {
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nopportunity_id\r\n',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    });
    expect(response.status).toBe(400);
    const noBoundary = await sandbox.api('/bulk/v1/bulkload?integration_id=WS-Integration_crm_opportunity', {
      body: 'whatever',
      headers: { 'content-type': 'multipart/form-data' },
    });
    expect(noBoundary.status).toBe(400);
    expect(noBoundary.body.code).toBe('invalid_multipart');
  });

  test('unknown routes and ids are JSON 404s', async () => {
    const route = await sandbox.api('/no/such/route');
    expect(route.status).toBe(404);
    expect(route.body).toMatchObject({ code: 'not_found', request_id: expect.stringMatching(/^req_/) });
    expect((await sandbox.api('/event/v1/metadata/event/task.nope')).status).toBe(404);
    expect((await sandbox.api('/event/v1/metadata/integration/WS-Integration_nope')).status).toBe(404);
    expect((await sandbox.api('/event/v1/subscriber/WS-Subscriber_nope')).status).toBe(404);
    expect((await sandbox.admin('/objects/WS-Project_nope')).status).toBe(404);
  });

  test('admin objects: a new opportunity starts in prospecting; only opportunities take a stage', async () => {
    const opportunity = await sandbox.admin('/objects', {
      body: { object_type: 'opportunity', fields: { name: 'New deal' } },
    });
    expect(opportunity.status).toBe(201);
    expect(opportunity.body.fields.stage).toBe('prospecting');
    const account = await sandbox.admin('/objects', {
      body: { object_type: 'account', fields: { name: 'Acme' } },
    });
    expect(account.status).toBe(201);
    expect(account.body.fields.stage).toBeUndefined();
    const patched = await sandbox.admin(`/objects/${account.body.object_id}`, {
      method: 'PATCH',
      body: { fields: { stage: 'proposal' } },
    });
    expect(patched.status).toBe(400);
    expect(patched.body.code).toBe('invalid_request');
    const badStage = await sandbox.admin(`/objects/${opportunity.body.object_id}`, {
      method: 'PATCH',
      body: { fields: { stage: 'nope' } },
    });
    expect(badStage.body.code).toBe('invalid_stage');
    const unknownTenant = await sandbox.admin('/objects', { tenant: 'nope.workspan.com' });
    expect(unknownTenant.status).toBe(404);
    expect(unknownTenant.body.code).toBe('tenant_not_found');
  });

  test('event metadata', async () => {
    const schema = await sandbox.api('/event/v1/metadata/event/comment.added');
    expect(schema.body.schema).toMatchObject({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { text: { type: 'string' } },
    });
    expect(
      Object.values(schema.body.schema.properties).every((p) => (p as { type: string }).type === 'string'),
    ).toBe(true);
    const objectSchema = await sandbox.api('/event/v1/metadata/integration/WS-Integration_crm_opportunity');
    expect(Object.keys(objectSchema.body.schema.properties)).toEqual(
      expect.arrayContaining([
        'object_id',
        'object_type',
        'event',
        'integration_id',
        'changed_fields',
        'previous_stage',
        'stage',
        'sales_details.partner',
      ]),
    );
  });

  test('admin health and tenant selection', async () => {
    const health = await sandbox.admin('/health');
    expect(health.body).toMatchObject({ status: 'ok', tenants: ['demo.workspan.com', 'acme.workspan.com'] });
    const missing = await fetch(`${sandbox.url}/_sandbox/objects`);
    expect(missing.status).toBe(400);
    const byQuery = await fetch(`${sandbox.url}/_sandbox/objects?tenant=acme.workspan.com`);
    expect(byQuery.status).toBe(200);
    const unknown = await fetch(`${sandbox.url}/_sandbox/objects?tenant=nope.workspan.com`);
    expect(unknown.status).toBe(404);
  });
});

describe('faults', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  const someOpportunity = async () =>
    (await sandbox.admin('/objects?type=opportunity&limit=1')).body.objects[0] as { object_id: string };
  const crmId = async (objectId: string) =>
    (await sandbox.admin(`/objects/${objectId}`)).body.fields['sales_details.crm_opportunity_id'];

  test('dropBeforeBody: the connection is cut and the call is not processed', async () => {
    const object = await someOpportunity();
    await sandbox.token();
    const set = await sandbox.admin('/faults', { method: 'PUT', body: { dropBeforeBody: 1 } });
    expect(set.body).toEqual({ dropBeforeBody: 1 });
    await expect(
      sandbox.api(`/app/v1/object/${object.object_id}/external_id`, {
        method: 'PATCH',
        body: { external_id: 'DROPPED-1' },
      }),
    ).rejects.toThrow();
    expect(await crmId(object.object_id)).not.toBe('DROPPED-1');
    expect((await sandbox.admin('/faults')).body).toEqual({ dropBeforeBody: 0 });
    const next = await sandbox.api(`/app/v1/object/${object.object_id}/external_id`, {
      method: 'PATCH',
      body: { external_id: 'KEPT-1' },
    });
    expect(next.status).toBe(200);
  });

  test('dropAfterBody: the call is processed, then the connection is cut', async () => {
    const object = await someOpportunity();
    await sandbox.token();
    await sandbox.admin('/faults', {
      method: 'PUT',
      body: { dropAfterBody: 1, operations: ['UpdateExternalId'] },
    });
    await expect(
      sandbox.api(`/app/v1/object/${object.object_id}/external_id`, {
        method: 'PATCH',
        body: { external_id: 'APPLIED-2' },
      }),
    ).rejects.toThrow();
    expect(await crmId(object.object_id)).toBe('APPLIED-2');
  });

  test('burst429, errorRates with an operations filter, latency; DELETE clears', async () => {
    await sandbox.token();
    await sandbox.admin('/faults', { method: 'PUT', body: { burst429: { count: 2, retryAfterSeconds: 7 } } });
    const first = await sandbox.api('/event/v1/metadata/event');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.body.code).toBe('rate_limited');
    expect((await sandbox.api('/event/v1/metadata/event')).status).toBe(429);
    expect((await sandbox.api('/event/v1/metadata/event')).status).toBe(200);

    await sandbox.admin('/faults', {
      method: 'PUT',
      body: { errorRates: { '503': 1 }, latencyMs: 5, operations: ['GetEventList'] },
    });
    const failing = await sandbox.api('/event/v1/metadata/event');
    expect(failing.status).toBe(503);
    expect(failing.body.code).toBe('service_unavailable');
    expect((await sandbox.api('/event/v1/metadata/integration')).status).toBe(200);

    const cleared = await sandbox.admin('/faults', { method: 'DELETE' });
    expect(cleared.body).toEqual({});
    expect((await sandbox.api('/event/v1/metadata/event')).status).toBe(200);

    const invalid = await sandbox.admin('/faults', {
      method: 'PUT',
      body: { errorRates: { '200': 2 }, bogus: 1 },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('invalid_faults');
  });

  test('faults given at start', async () => {
    const faulty = await startTestSandbox({
      seed: false,
      faults: { errorRates: { '500': 1 }, operations: ['GetEventList'] },
    });
    try {
      const response = await faulty.api('/event/v1/metadata/event');
      expect(response.status).toBe(500);
      expect(response.body.code).toBe('internal_error');
    } finally {
      await faulty.close();
    }
  });

  test('admin reset wipes and reseeds', async () => {
    const object = await someOpportunity();
    await sandbox.admin(`/objects/${object.object_id}`, { method: 'DELETE' });
    expect((await sandbox.admin(`/objects/${object.object_id}`)).status).toBe(404);
    const reset = await sandbox.admin('/reset', { body: {} });
    expect(reset.body).toMatchObject({ reset: true, seeded: true });
    expect((await sandbox.admin(`/objects/${object.object_id}`)).status).toBe(200);
    const count = await sandbox.admin('/objects?type=opportunity&limit=1');
    expect(count.body.total).toBe(300);
    const empty = await sandbox.admin('/reset', { body: { seed: false } });
    expect(empty.body.tenants).toEqual(['demo.workspan.com', 'acme.workspan.com']);
    expect((await sandbox.admin('/objects?limit=1')).body.total).toBe(0);
  });
});

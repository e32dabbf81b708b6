import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../test-support/test-sandbox.js';

describe('external ids and audit', () => {
  let sandbox: TestSandbox;
  let opportunity: { object_id: string; fields: Record<string, unknown> };
  let account: { object_id: string };
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    const list = await sandbox.admin('/objects?type=opportunity&limit=300');
    expect(list.body.total).toBe(300);
    opportunity = list.body.objects.find(
      (o: { fields: Record<string, unknown> }) => o.fields['partner_center.referral_id'],
    );
    account = (await sandbox.admin('/objects?type=account&limit=1')).body.objects[0];
  });
  afterAll(() => sandbox.close());

  test('GetExternalId lists every external-id field the object has', async () => {
    const response = await sandbox.api(`/app/v1/object/${opportunity.object_id}/external_id`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      object_id: opportunity.object_id,
      external_ids: [
        {
          external_id: opportunity.fields['sales_details.crm_opportunity_id'],
          field_name: 'sales_details.crm_opportunity_id',
        },
        {
          external_id: opportunity.fields['account_info.external_account_id'],
          field_name: 'account_info.external_account_id',
        },
        {
          external_id: opportunity.fields['partner_center.referral_id'],
          field_name: 'partner_center.referral_id',
        },
      ],
    });
  });

  test('UpdateExternalId round trip with the default field per object type', async () => {
    const update = await sandbox.api(`/app/v1/object/${opportunity.object_id}/external_id`, {
      method: 'PATCH',
      body: { external_id: '000owa24575' },
    });
    expect(update.status).toBe(200);
    expect(update.body).toEqual({
      object_id: opportunity.object_id,
      external_id: '000owa24575',
      field_name: 'sales_details.crm_opportunity_id',
    });
    const read = await sandbox.api(`/app/v1/object/${opportunity.object_id}/external_id`);
    expect(read.body.external_ids[0]).toEqual({
      external_id: '000owa24575',
      field_name: 'sales_details.crm_opportunity_id',
    });

    const accountUpdate = await sandbox.api(`/app/v1/object/${account.object_id}/external_id`, {
      method: 'PATCH',
      body: { external_id: 'ACC-42', field_name: '' },
    });
    expect(accountUpdate.body.field_name).toBe('account_info.external_account_id');

    const referral = await sandbox.api(`/app/v1/object/${opportunity.object_id}/external_id`, {
      method: 'PATCH',
      body: { external_id: 'pc-a1w09875', field_name: 'partner_center.referral_id' },
    });
    expect(referral.status).toBe(200);
    const again = await sandbox.api(`/app/v1/object/${opportunity.object_id}/external_id`);
    expect(again.body.external_ids).toContainEqual({
      external_id: 'pc-a1w09875',
      field_name: 'partner_center.referral_id',
    });
  });

  test('bad input to UpdateExternalId', async () => {
    const missing = await sandbox.api(`/app/v1/object/${opportunity.object_id}/external_id`, {
      method: 'PATCH',
      body: {},
    });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain("body field 'external_id' is required");
    const field = await sandbox.api(`/app/v1/object/${opportunity.object_id}/external_id`, {
      method: 'PATCH',
      body: { external_id: 'x', field_name: 'name' },
    });
    expect(field.status).toBe(400);
    expect(field.body.code).toBe('invalid_field_name');
    const unknown = await sandbox.api('/app/v1/object/WS-Project_nope/external_id', {
      method: 'PATCH',
      body: { external_id: 'x' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('object_not_found');
    expect((await sandbox.api('/app/v1/object/WS-Project_nope/external_id')).status).toBe(404);
  });

  test('ObjectAudit stores the status and an audit log entry', async () => {
    const response = await sandbox.api(`/app/v1/object/${opportunity.object_id}/audit`, {
      method: 'PATCH',
      body: {
        field_name: 'partner_center.integration_status',
        status_code: 'LINKED',
        message: 'Successfully created Referral in Partner Center',
        integration_id: 'WS-Integration_partner_center',
        external_id: 'pc-a1w09875',
      },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      object_id: opportunity.object_id,
      field_name: 'partner_center.integration_status',
      status_code: 'LINKED',
    });
    const stored = await sandbox.admin(`/objects/${opportunity.object_id}`);
    expect(stored.body.fields['partner_center.integration_status']).toBe('LINKED');
    expect(stored.body.audit_log).toEqual([
      expect.objectContaining({
        status_code: 'LINKED',
        message: 'Successfully created Referral in Partner Center',
        integration_id: 'WS-Integration_partner_center',
        external_id: 'pc-a1w09875',
      }),
    ]);

    const bad = await sandbox.api(`/app/v1/object/${opportunity.object_id}/audit`, {
      method: 'PATCH',
      body: { field_name: 'stage', status_code: 'LINKED', message: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain(
      "body field 'field_name' must be one of 'partner_center.integration_status'",
    );
  });

  test('an unknown integration is a 404 in ObjectAudit as in every operation that names one', async () => {
    const before = (await sandbox.admin(`/objects/${opportunity.object_id}`)).body;
    const audit = await sandbox.api(`/app/v1/object/${opportunity.object_id}/audit`, {
      method: 'PATCH',
      body: {
        field_name: 'partner_center.integration_status',
        status_code: 'CREATE_FAILED',
        message: 'no such integration',
        integration_id: 'nosuch',
      },
    });
    // The object is not visible from another tenant at all.
    const other = await sandbox.api(`/app/v1/object/${opportunity.object_id}/audit`, {
      method: 'PATCH',
      body: {
        field_name: 'partner_center.integration_status',
        status_code: 'CREATE_FAILED',
        message: "another tenant's integration is unknown here",
        integration_id: 'WS-Integration_partner_center',
      },
      tenant: 'acme.workspan.com',
    });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('object_not_found');
    const answers = [
      audit,
      await sandbox.api('/bulk/v1/status/nosuch?execution_id=feedfacecafe'),
      await sandbox.api('/bulk/v1/bulkload?integration_id=nosuch', {
        body: 'a\n1',
        headers: { 'content-type': 'text/csv' },
      }),
      await sandbox.api('/event/v1/metadata/integration/nosuch'),
      await sandbox.api('/event/v1/subscriber', {
        body: {
          name: 'x',
          subscriber_type: 'webhook',
          event: ['object.create'],
          integration_id: 'nosuch',
          webhook_settings: { callback_url: 'http://receiver.example/hook' },
        },
      }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({
        code: 'integration_not_found',
        message: "No integration 'nosuch' in demo.workspan.com.",
      });
    }
    // Nothing was recorded by the refused audit.
    const after = (await sandbox.admin(`/objects/${opportunity.object_id}`)).body;
    expect(after.audit_log).toEqual(before.audit_log);
    expect(after.fields['partner_center.integration_status']).toBe(
      before.fields['partner_center.integration_status'],
    );
  });
});

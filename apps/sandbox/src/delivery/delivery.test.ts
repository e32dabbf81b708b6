import { join } from 'node:path';
import { callbackTokenParameter, deliveryHeaders } from '@workspan-kit/core/spec';
import { WebhookReceiver, waitFor } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestSandbox, type TestSandbox, temporaryFolder } from '../test-support/test-sandbox.js';

const fast = { retryDelaysMs: [20, 40], timeoutMs: 2000 };
const secret = 'a-long-secret-callback-token';

async function firstOpportunity(sandbox: TestSandbox, where: (fields: Record<string, unknown>) => boolean) {
  const list = await sandbox.admin('/objects?type=opportunity&limit=300');
  return list.body.objects.find((o: { fields: Record<string, unknown> }) => where(o.fields)) as {
    object_id: string;
    fields: Record<string, unknown>;
  };
}

describe('subscriptions and webhook delivery', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ delivery: fast });
  });
  afterAll(() => sandbox.close());

  const subscribe = (body: Record<string, unknown>, path = '/event/v1/subscriber') =>
    sandbox.api(path, { body: { subscriber_type: 'webhook', ...body } });

  test('a filtered object subscription gets the stage change with the delivery headers', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      const opportunity = await firstOpportunity(
        sandbox,
        (f) => f['sales_details.partner'] === 'P1' && f.stage === 'proposal',
      );
      const created = await subscribe({
        name: 'won by P1',
        event: ['object.stage_change'],
        integration_id: 'WS-Integration_crm_opportunity',
        filters: '(stage in [ "closed", "won", "lost" ]) AND (sales_details.partner = "P1")',
        webhook_settings: { callback_url: `${receiver.url}/hook?${callbackTokenParameter}=${secret}` },
      });
      expect(created.status).toBe(200);
      const subscriberId = created.body.subscriber_id;
      expect(subscriberId).toMatch(/^WS-Subscriber_/);

      const info = await sandbox.api(`/event/v1/subscriber/${subscriberId}`);
      expect(info.body).toEqual({
        subscriber_id: subscriberId,
        name: 'won by P1',
        objectids: [],
        event: ['object.stage_change'],
        filters: '(stage in [ "closed", "won", "lost" ]) AND (sales_details.partner = "P1")',
        integraion_id: 'WS-Integration_crm_opportunity',
        subscriber_type: 'webhook',
      });

      // Not matching the filter: no delivery is enqueued.
      await sandbox.admin(`/objects/${opportunity.object_id}/stage`, { body: { stage: 'negotiation' } });
      expect((await sandbox.admin(`/deliveries?subscriber_id=${subscriberId}`)).body.deliveries).toHaveLength(
        0,
      );

      await sandbox.admin(`/objects/${opportunity.object_id}/stage`, { body: { stage: 'won' } });
      const delivery = await waitFor('the first delivery', () => receiver.received[0]);
      expect(delivery.url).toBe(`/hook?${callbackTokenParameter}=${secret}`);
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.headers[deliveryHeaders.event]).toBe('object.stage_change');
      expect(delivery.headers[deliveryHeaders.subscriberId]).toBe(subscriberId);
      expect(delivery.headers[deliveryHeaders.attempt]).toBe('1');
      expect(delivery.headers[deliveryHeaders.deliveryId]).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(String(delivery.headers[deliveryHeaders.timestamp])))).toBe(false);
      // The body is the event payload itself: the schema's fields, every value a string.
      expect(delivery.body).toMatchObject({
        object_id: opportunity.object_id,
        object_type: 'opportunity',
        event: 'object.stage_change',
        integration_id: 'WS-Integration_crm_opportunity',
        stage: 'won',
        previous_stage: 'negotiation',
        changed_fields: 'stage',
        'sales_details.partner': 'P1',
      });
      for (const key of ['delivery_id', 'subscriber_id', 'attempt', 'data', 'occurred_at'])
        expect(delivery.body).not.toHaveProperty(key);
      expect(Object.values(delivery.body).every((value) => typeof value === 'string')).toBe(true);
      const log = await waitFor('the delivery to be delivered', async () => {
        const rows = (await sandbox.admin(`/deliveries?subscriber_id=${subscriberId}`)).body.deliveries;
        return rows[0]?.status === 'delivered' ? rows : undefined;
      });
      expect(log).toHaveLength(1);
      expect(log[0].attempt_log).toEqual([
        expect.objectContaining({ attempt: 1, status_code: 200, error: null }),
      ]);
    } finally {
      await receiver.close();
    }
  });

  test('bare deliveries (as WorkSpan sends them) carry the payload and none of the sandbox headers, switched at run time', async () => {
    const receiver = await WebhookReceiver.start({ answer: (_delivery, index) => (index < 1 ? 503 : 200) });
    try {
      expect((await sandbox.admin('/delivery')).body).toEqual({ bare: false });
      expect((await sandbox.admin('/delivery', { method: 'PUT', body: { bare: true } })).body).toEqual({
        bare: true,
      });
      const opportunity = await firstOpportunity(sandbox, (f) => f.stage === 'qualification');
      await subscribe({
        name: 'bare',
        event: ['object.update'],
        integration_id: 'WS-Integration_crm_opportunity',
        object_ids: [opportunity.object_id],
        webhook_settings: { callback_url: `${receiver.url}/bare` },
      });
      await sandbox.admin(`/objects/${opportunity.object_id}`, {
        method: 'PATCH',
        body: { fields: { amount: 654321 } },
      });
      await waitFor('two deliveries', () => (receiver.received.length >= 2 ? true : undefined));
      for (const delivery of receiver.received) {
        expect(delivery.headers['content-type']).toBe('application/json');
        expect(Object.keys(delivery.headers).filter((name) => name.startsWith('x-workspan-'))).toEqual([]);
        expect(delivery.headers['user-agent']).not.toBe('workspan-sandbox');
        expect(delivery.body).toMatchObject({ object_id: opportunity.object_id, amount: '654321' });
      }
      expect(new Set(receiver.received.map((d) => JSON.stringify(d.body))).size).toBe(1);
    } finally {
      await sandbox.admin('/delivery', { method: 'PUT', body: { bare: false } });
      await receiver.close();
    }
  });

  test('a bad delivery mode is refused', async () => {
    const answer = await sandbox.admin('/delivery', { method: 'PUT', body: { bare: 'yes' } });
    expect(answer.status).toBe(400);
  });

  test('a failing receiver gets the same delivery id and the same body on every attempt until it succeeds', async () => {
    const receiver = await WebhookReceiver.start({ answer: (_delivery, index) => (index < 2 ? 503 : 204) });
    try {
      const opportunity = await firstOpportunity(sandbox, (f) => f.stage === 'qualification');
      const created = await subscribe({
        name: 'retries',
        event: ['object.update'],
        integration_id: 'WS-Integration_crm_opportunity',
        object_ids: [opportunity.object_id],
        webhook_settings: { callback_url: `${receiver.url}/retry` },
      });
      await sandbox.admin(`/objects/${opportunity.object_id}`, {
        method: 'PATCH',
        body: { fields: { amount: 123456 } },
      });
      await waitFor('three deliveries', () => (receiver.received.length >= 3 ? true : undefined));
      const ids = receiver.received.map((d) => d.headers[deliveryHeaders.deliveryId]);
      expect(new Set(ids).size).toBe(1);
      expect(receiver.received.map((d) => d.headers[deliveryHeaders.attempt])).toEqual(['1', '2', '3']);
      expect(new Set(receiver.received.map((d) => JSON.stringify(d.body))).size).toBe(1);
      expect(receiver.received[0]?.body).toMatchObject({ amount: '123456', changed_fields: 'amount' });
      const rows = await waitFor('the delivery to be delivered', async () => {
        const list = (await sandbox.admin(`/deliveries?subscriber_id=${created.body.subscriber_id}`)).body
          .deliveries;
        return list[0]?.status === 'delivered' ? list : undefined;
      });
      expect(rows[0].attempts).toBe(3);
      expect(rows[0].attempt_log.map((a: { status_code: number }) => a.status_code)).toEqual([503, 503, 204]);
    } finally {
      await receiver.close();
    }
  });

  test('after DeleteSubscriber nothing more is enqueued and pending deliveries are dropped', async () => {
    const receiver = await WebhookReceiver.start({ answer: () => 500 });
    try {
      const opportunity = await firstOpportunity(sandbox, (f) => f.stage === 'prospecting');
      const created = await subscribe({
        name: 'to delete',
        event: ['object.all'],
        integration_id: 'WS-Integration_crm_opportunity',
        object_ids: [opportunity.object_id],
        webhook_settings: { callback_url: `${receiver.url}/gone` },
      });
      const id = created.body.subscriber_id;
      await sandbox.admin(`/objects/${opportunity.object_id}`, {
        method: 'PATCH',
        body: { fields: { owner: 'Someone' } },
      });
      await waitFor('the first delivery', () => receiver.received[0]);

      const deleted = await sandbox.api(`/event/v1/subscriber/${id}`, { method: 'DELETE' });
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({ subscriber_id: id, deleted: true });
      const rows = (await sandbox.admin(`/deliveries?subscriber_id=${id}`)).body.deliveries;
      expect(rows.map((r: { status: string }) => r.status)).toEqual(['dropped']);

      await sandbox.admin(`/objects/${opportunity.object_id}`, {
        method: 'PATCH',
        body: { fields: { owner: 'Else' } },
      });
      expect((await sandbox.admin(`/deliveries?subscriber_id=${id}`)).body.deliveries).toHaveLength(1);
      expect((await sandbox.api(`/event/v1/subscriber/${id}`)).status).toBe(404);
      expect((await sandbox.api(`/event/v1/subscriber/${id}`, { method: 'DELETE' })).status).toBe(404);
    } finally {
      await receiver.close();
    }
  });

  test('collaboration events, Partner Center referrals and bulk-load object events', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      const collaboration = await subscribe({
        name: 'tasks',
        event: 'task.assigned',
        webhook_settings: { callback_url: `${receiver.url}/tasks` },
      });
      expect(collaboration.status).toBe(200);
      const referral = await subscribe({
        name: 'referrals',
        event: 'object.partner_center_referral_submit',
        integration_id: 'WS-Integration_partner_center',
        webhook_settings: { callback_url: `${receiver.url}/referrals` },
      });
      expect(referral.status).toBe(200);
      const info = await sandbox.api(`/event/v1/subscriber/${referral.body.subscriber_id}`);
      expect(info.body.event).toEqual(['object.partner_center_referral_submit']);
      const creates = await subscribe(
        {
          name: 'creates',
          event: ['object.create'],
          integration_id: 'WS-Integration_crm_account',
          webhook_settings: { callback_url: `${receiver.url}/creates` },
        },
        '/event/v1/subscriber/object_integration_event',
      );
      expect(creates.status).toBe(200);

      const opportunity = await firstOpportunity(sandbox, () => true);
      const raised = await sandbox.admin('/events', {
        body: {
          event: 'task.assigned',
          object_id: opportunity.object_id,
          data: { task_id: 't1', assignee_name: 'Ada' },
        },
      });
      expect(raised.body.deliveries_enqueued).toBe(1);
      await sandbox.admin(`/objects/${opportunity.object_id}/submit-referral`, { method: 'POST' });
      const load = await sandbox.api('/bulk/v1/bulkload?integration_id=WS-Integration_crm_account', {
        body: 'account_id,name\nnew-acc-1,Webhook Account\n',
        headers: { 'content-type': 'text/csv' },
      });
      expect(load.status).toBe(200);

      const byPath = await waitFor('deliveries to three paths', () => {
        const paths = new Set(receiver.received.map((d) => d.url));
        return paths.size >= 3 ? receiver.received : undefined;
      });
      const task = byPath.find((d) => d.url === '/tasks');
      expect(task?.body).toEqual({
        task_id: 't1',
        assignee_name: 'Ada',
        object_id: opportunity.object_id,
        object_name: opportunity.fields.name,
      });
      const submitted = byPath.find((d) => d.url === '/referrals');
      expect(submitted?.body).toMatchObject({
        event: 'object.partner_center_referral_submit',
        object_id: opportunity.object_id,
        integration_id: 'WS-Integration_partner_center',
      });
      const created = byPath.find((d) => d.url === '/creates');
      expect(created?.body).toMatchObject({
        event: 'object.create',
        object_type: 'account',
        name: 'Webhook Account',
        'account_info.external_account_id': 'new-acc-1',
      });
    } finally {
      await receiver.close();
    }
  });

  test('bad subscriptions', async () => {
    const badFilter = await subscribe({
      name: 'bad',
      event: ['object.all'],
      integration_id: 'WS-Integration_crm_opportunity',
      filters: '(stage in [ "won" ',
      webhook_settings: { callback_url: 'http://127.0.0.1:1/x' },
    });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.code).toBe('invalid_filter');
    expect(badFilter.body.message).toMatch(/^filters: Expected/);
    const badUrl = await subscribe({
      name: 'bad',
      event: 'task.assigned',
      webhook_settings: { callback_url: 'ftp://x/y' },
    });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.code).toBe('invalid_callback_url');
    const badEvent = await subscribe({
      name: 'bad',
      event: 'task.exploded',
      webhook_settings: { callback_url: 'http://x/y' },
    });
    expect(badEvent.status).toBe(400);
    expect(badEvent.body.code).toBe('unknown_event');
    const badIntegration = await subscribe({
      name: 'bad',
      event: ['object.all'],
      integration_id: 'WS-Integration_nope',
      webhook_settings: { callback_url: 'http://x/y' },
    });
    expect(badIntegration.status).toBe(404);
    const objectEventWithoutIntegration = await subscribe({
      name: 'bad',
      event: 'object.update',
      webhook_settings: { callback_url: 'http://x/y' },
    });
    expect(objectEventWithoutIntegration.status).toBe(400);
    expect(objectEventWithoutIntegration.body.message).toMatch(/integration_id/);
    const undeclaredData = await sandbox.admin('/events', {
      body: { event: 'task.assigned', data: { task_id: 't', mood: 'happy' } },
    });
    expect(undeclaredData.status).toBe(400);
    expect(undeclaredData.body.message).toMatch(/\(mood\)/);
  });
});

describe('persistence', () => {
  test('objects and a pending delivery survive a restart with the same database file', async () => {
    const file = join(temporaryFolder('sandbox-db-'), 'sandbox.db');
    let up = false;
    const receiver = await WebhookReceiver.start({ answer: () => (up ? 200 : 503) });
    try {
      const first = await startTestSandbox({ databaseFile: file, delivery: { retryDelaysMs: [200] } });
      let subscriberId: string;
      let objectId: string;
      try {
        const created = await first.admin('/objects', {
          body: { object_type: 'opportunity', fields: { name: 'Persistent deal', stage: 'proposal' } },
        });
        objectId = created.body.object_id;
        const subscription = await first.api('/event/v1/subscriber', {
          body: {
            name: 'persistent',
            subscriber_type: 'webhook',
            event: ['object.update'],
            integration_id: 'WS-Integration_crm_opportunity',
            object_ids: [objectId],
            webhook_settings: { callback_url: `${receiver.url}/persist` },
          },
        });
        subscriberId = subscription.body.subscriber_id;
        await first.admin(`/objects/${objectId}`, { method: 'PATCH', body: { fields: { amount: 1 } } });
        await waitFor('a first attempt', async () => {
          const rows = (await first.admin(`/deliveries?subscriber_id=${subscriberId}`)).body.deliveries;
          return rows[0]?.attempts >= 1 ? true : undefined;
        });
      } finally {
        await first.close();
      }
      const failedId = receiver.received[0]?.headers[deliveryHeaders.deliveryId];
      expect(failedId).toBeDefined();

      up = true;
      const second = await startTestSandbox({ databaseFile: file, delivery: { retryDelaysMs: [200] } });
      try {
        expect((await second.admin(`/objects/${objectId}`)).body.fields).toMatchObject({
          name: 'Persistent deal',
          amount: 1,
        });
        expect((await second.api(`/event/v1/subscriber/${subscriberId}`)).status).toBe(200);
        const rows = await waitFor('the redelivery to be delivered', async () => {
          const list = (await second.admin(`/deliveries?subscriber_id=${subscriberId}`)).body.deliveries;
          return list[0]?.status === 'delivered' ? list : undefined;
        });
        expect(rows).toHaveLength(1);
        expect(rows[0].delivery_id).toBe(failedId);
        expect(rows[0].attempts).toBeGreaterThanOrEqual(2);
        const last = receiver.received[receiver.received.length - 1];
        expect(last?.headers[deliveryHeaders.deliveryId]).toBe(failedId);
        expect(last?.body).toEqual(receiver.received[0]?.body);
        expect(last?.body.amount).toBe('1');
      } finally {
        await second.close();
      }
    } finally {
      await receiver.close();
    }
  });

  test('a delivery written to the outbox while the sandbox was down is sent after restart', async () => {
    const file = join(temporaryFolder('sandbox-db-'), 'sandbox.db');
    const receiver = await WebhookReceiver.start();
    try {
      const first = await startTestSandbox({ databaseFile: file, delivery: fast });
      let subscriberId: string;
      try {
        subscriberId = (
          await first.api('/event/v1/subscriber', {
            body: {
              name: 'queued',
              subscriber_type: 'webhook',
              event: ['object.delete'],
              integration_id: 'WS-Integration_crm_opportunity',
              webhook_settings: { callback_url: `${receiver.url}/queued` },
            },
          })
        ).body.subscriber_id;
      } finally {
        await first.close();
      }
      // Enqueue straight into the persisted outbox of the closed sandbox, as an interrupted process would leave it.
      const { SandboxDatabase } = await import('../storage/database.js');
      const db = new SandboxDatabase(file);
      db.insertDelivery({
        delivery_id: 'left-behind-1',
        tenant: 'demo.workspan.com',
        subscriber_id: subscriberId,
        event: 'object.delete',
        body: JSON.stringify({ object_id: 'WS-Project_x', event: 'object.delete' }),
        next_attempt_at: Date.now(),
        created_at: Date.now(),
      });
      db.close();

      const second = await startTestSandbox({ databaseFile: file, delivery: fast });
      try {
        const delivery = await waitFor('the first delivery', () => receiver.received[0]);
        expect(delivery.headers[deliveryHeaders.deliveryId]).toBe('left-behind-1');
        expect(delivery.body).toEqual({ object_id: 'WS-Project_x', event: 'object.delete' });
      } finally {
        await second.close();
      }
    } finally {
      await receiver.close();
    }
  });
});

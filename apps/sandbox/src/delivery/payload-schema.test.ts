import { deliveryHeaders } from '@workspan-kit/core/spec';
import { WebhookReceiver, waitFor } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collaborationEvents, objectEvents } from '../model/events-catalog.js';
import { startTestSandbox, type TestSandbox } from '../test-support/test-sandbox.js';

// Every event kind the sandbox raises, delivered to subscribers of every integration and every
// collaboration event, held to the schema the sandbox's own GetObjectEventSchema / GetEventSchema
// answers: the body is the payload itself, its fields those of the schema, every value a string.

let sandbox: TestSandbox;
let receiver: WebhookReceiver;

beforeAll(async () => {
  sandbox = await startTestSandbox({ delivery: { retryDelaysMs: [20], timeoutMs: 2000 } });
  receiver = await WebhookReceiver.start();
});

afterAll(async () => {
  await receiver?.close();
  await sandbox?.close();
});

interface Schema {
  type: string;
  properties: Record<string, { type: string }>;
  required?: string[];
}

describe('delivered payloads', () => {
  test('every event kind matches the schema its subscription answers', async () => {
    const { integrations } = (await sandbox.api('/event/v1/metadata/integration')).body as {
      integrations: { integration_id: string }[];
    };
    const schemas = new Map<string, Schema>();
    const expected = new Set<string>();
    for (const { integration_id } of integrations) {
      const answer = await sandbox.api('/event/v1/subscriber/object_integration_event', {
        body: {
          name: `all of ${integration_id}`,
          subscriber_type: 'webhook',
          event: ['object.all'],
          integration_id,
          webhook_settings: { callback_url: `${receiver.url}/object/${integration_id}` },
        },
      });
      expect(answer.status).toBe(200);
      schemas.set(
        `/object/${integration_id}`,
        (await sandbox.api(`/event/v1/metadata/integration/${integration_id}`)).body.schema,
      );
    }
    for (const event of collaborationEvents) {
      const answer = await sandbox.api('/event/v1/subscriber', {
        body: {
          name: event.name,
          subscriber_type: 'webhook',
          event: event.name,
          webhook_settings: { callback_url: `${receiver.url}/collaboration/${event.name}` },
        },
      });
      expect(answer.status).toBe(200);
      schemas.set(
        `/collaboration/${event.name}`,
        (await sandbox.api(`/event/v1/metadata/event/${event.name}`)).body.schema,
      );
    }

    // Object events: an opportunity (both opportunity integrations) and an account, through their life.
    const opportunity = (
      await sandbox.admin('/objects', {
        body: {
          object_type: 'opportunity',
          integration_id: 'WS-Integration_crm_opportunity',
          fields: {
            name: 'Schema deal',
            stage: 'proposal',
            amount: 2500.5,
            close_date: '2026-09-30',
            'sales_details.partner': 'P1',
            'sales_details.crm_opportunity_id': 'CRM-1',
            'partner_center.referral_id': 'REF-1',
            unrelated_note: 'not in any schema',
          },
        },
      })
    ).body.object_id as string;
    await sandbox.admin(`/objects/${opportunity}`, { method: 'PATCH', body: { fields: { amount: 3000 } } });
    await sandbox.admin(`/objects/${opportunity}/stage`, { body: { stage: 'won' } });
    await sandbox.api(`/app/v1/object/${opportunity}/audit`, {
      method: 'PATCH',
      body: { field_name: 'partner_center.integration_status', status_code: 'LINKED', message: 'ok' },
    });
    await sandbox.admin(`/objects/${opportunity}/submit-referral`, { method: 'POST' });
    await sandbox.admin(`/objects/${opportunity}`, { method: 'DELETE' });
    const account = (
      await sandbox.admin('/objects', {
        body: {
          object_type: 'account',
          fields: { name: 'Schema account', employees: 12, website: 'x.example' },
        },
      })
    ).body.object_id as string;
    await sandbox.admin(`/objects/${account}`, { method: 'PATCH', body: { fields: { employees: 13 } } });
    await sandbox.admin(`/objects/${account}`, { method: 'DELETE' });
    for (const integration of ['WS-Integration_crm_opportunity', 'WS-Integration_partner_center'])
      for (const event of objectEvents) expected.add(`/object/${integration} ${event}`);
    for (const event of ['object.create', 'object.update', 'object.delete'])
      expected.add(`/object/WS-Integration_crm_account ${event}`);

    // Collaboration events, every declared field given.
    for (const event of collaborationEvents) {
      const data = Object.fromEntries(Object.keys(event.properties).map((name) => [name, `${name} value`]));
      await sandbox.admin('/events', { body: { event: event.name, data } });
      expected.add(`/collaboration/${event.name} ${event.name}`);
    }

    const seen = (delivery: { url: string; headers: Record<string, unknown> }) =>
      `${delivery.url} ${String(delivery.headers[deliveryHeaders.event])}`;
    await waitFor('every expected delivery', () => {
      const arrived = new Set(receiver.received.map(seen));
      return [...expected].every((key) => arrived.has(key)) ? true : undefined;
    });

    expect(
      new Set(receiver.received.map((delivery) => String(delivery.headers[deliveryHeaders.event]))),
    ).toEqual(new Set([...objectEvents, ...collaborationEvents.map((event) => event.name)]));
    for (const delivery of receiver.received) {
      const schema = schemas.get(delivery.url);
      if (!schema) throw new Error(`no schema for ${delivery.url}`);
      expect(schema.type).toBe('object');
      for (const property of Object.values(schema.properties)) expect(property.type).toBe('string');
      const payload = delivery.body as Record<string, unknown>;
      const fields = Object.keys(payload);
      expect(
        fields.filter((name) => !(name in schema.properties)),
        seen(delivery),
      ).toEqual([]);
      for (const name of schema.required ?? []) expect(payload).toHaveProperty(name);
      for (const value of Object.values(payload)) expect(typeof value).toBe('string');
      if (delivery.url.startsWith('/collaboration/'))
        expect(fields.sort()).toEqual(Object.keys(schema.properties).sort());
      else expect(payload.event).toBe(delivery.headers[deliveryHeaders.event]);
    }

    // What each field carries, on one of them: numbers as text, lists comma-separated.
    const update = receiver.received.find(
      (delivery) =>
        delivery.url === '/object/WS-Integration_crm_opportunity' &&
        delivery.headers[deliveryHeaders.event] === 'object.update' &&
        delivery.body.changed_fields === 'amount',
    );
    expect(update?.body).toEqual({
      object_id: opportunity,
      object_type: 'opportunity',
      event: 'object.update',
      integration_id: 'WS-Integration_crm_opportunity',
      changed_fields: 'amount',
      name: 'Schema deal',
      stage: 'proposal',
      amount: '3000',
      close_date: '2026-09-30',
      'sales_details.partner': 'P1',
      'sales_details.crm_opportunity_id': 'CRM-1',
      'partner_center.referral_id': 'REF-1',
    });
  });
});

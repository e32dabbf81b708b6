import {
  deleteSubscription,
  deliveryHeaders,
  type EventPayload,
  readSubscription,
  type WorkSpanClient,
} from '@workspan-kit/core';
import { createOpportunity, seededIntegrations, uniqueTag, waitFor } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from './test-support/receiver.js';
import { type ContractSandbox, startContractSandbox } from './test-support/sandbox.js';

/**
 * The life of each trigger: subscribe with a real receiver, change objects through the admin API
 * (one change that matches, one that does not), see the matching event arrive and verified,
 * read the subscription, delete it, and see nothing more enqueued. Each delivery's body is the event
 * payload itself, every value a string; its metadata comes only in headers.
 *
 * The sandbox writes a delivery in the same transaction as the change that raises it, so once an
 * admin call has answered, the deliveries listing already shows whether anything was enqueued:
 * "never delivered" is checked there, not by waiting.
 */
let contract: ContractSandbox;
let client: WorkSpanClient;
let receiver: Receiver;

beforeAll(async () => {
  contract = await startContractSandbox();
  client = contract.client;
});

afterAll(async () => {
  await contract?.close();
});

interface DeliveryRow {
  delivery_id: string;
  subscriber_id: string;
  event: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  payload: EventPayload;
}

async function deliveriesOf(subscriberId: string): Promise<DeliveryRow[]> {
  const { body } = await contract.admin(`/deliveries?subscriber_id=${encodeURIComponent(subscriberId)}`);
  return body.deliveries as DeliveryRow[];
}

/** Waits until the subscriber has `count` deliveries, all delivered, and the receiver has them too. */
async function delivered(subscriberId: string, count: number): Promise<DeliveryRow[]> {
  const rows = await waitFor(`${count} delivered deliveries for ${subscriberId}`, async () => {
    const list = await deliveriesOf(subscriberId);
    return list.length === count && list.every((row) => row.status === 'delivered') ? list : undefined;
  });
  for (const row of rows) {
    expect(row).toMatchObject({ attempts: 1, last_status_code: 200 });
    expect(receiver.accepted.map((delivery) => delivery.delivery.id)).toContain(row.delivery_id);
  }
  return rows;
}

/** The delivery the receiver accepted for `row`, checked against the delivery protocol. */
function receivedFor(row: DeliveryRow, subscriberId: string) {
  const matches = receiver.accepted.filter((delivery) => delivery.delivery.id === row.delivery_id);
  expect(matches).toHaveLength(1);
  const [received] = matches;
  if (!received) throw new Error('unreachable');
  expect(received.delivery).toEqual({
    id: row.delivery_id,
    subscriberId,
    event: row.event,
    attempt: 1,
    receivedAt: expect.any(String),
    dedupeKey: `id:${row.delivery_id}`,
    digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    duplicate: false,
  });
  for (const value of Object.values(received.payload)) expect(typeof value).toBe('string');
  expect(received.headers[deliveryHeaders.deliveryId]).toBe(row.delivery_id);
  expect(received.headers[deliveryHeaders.event]).toBe(row.event);
  expect(received.headers[deliveryHeaders.subscriberId]).toBe(subscriberId);
  expect(received.headers[deliveryHeaders.attempt]).toBe('1');
  expect(Number.isNaN(Date.parse(String(received.headers[deliveryHeaders.timestamp])))).toBe(false);
  expect(received.headers['content-type']).toMatch(/^application\/json/);
  // The listing shows the payload as enqueued: the body is that and nothing else.
  expect(received.payload).toEqual(row.payload);
  return received;
}

describe('trigger lifecycles', () => {
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it('SubscribeObjectEvent with a filter: the stage change that matches arrives, the others never do', async () => {
    const tag = uniqueTag('objects');
    const filters = '(stage in ["won", "lost"]) AND (sales_details.partner = "P1")';
    const matching = await createOpportunity(contract.sandbox, {
      name: `${tag} match`,
      stage: 'proposal',
      'sales_details.partner': 'P1',
    });
    const otherPartner = await createOpportunity(contract.sandbox, {
      name: `${tag} other partner`,
      stage: 'proposal',
      'sales_details.partner': 'P2',
    });
    const later = await createOpportunity(contract.sandbox, {
      name: `${tag} later`,
      stage: 'proposal',
      'sales_details.partner': 'P1',
    });

    const { subscriber_id } = await client.call('SubscribeObjectEvent', {
      integrationId: seededIntegrations.crmOpportunity,
      events: ['object.stage_change'],
      name: tag,
      filters,
      callbackUrl: receiver.callbackUrl,
    });
    expect(await client.call('ReadSubscriber', { subscriberId: subscriber_id })).toEqual({
      subscriber_id,
      name: tag,
      objectids: [],
      event: ['object.stage_change'],
      filters,
      integraion_id: seededIntegrations.crmOpportunity,
      subscriber_type: 'webhook',
    });

    // Not matching: the partner is P2; then the stage is not won/lost; then a change that is no stage change.
    await contract.admin(`/objects/${otherPartner}/stage`, { body: { stage: 'won' } });
    await contract.admin(`/objects/${matching}/stage`, { body: { stage: 'negotiation' } });
    await contract.admin(`/objects/${matching}`, { method: 'PATCH', body: { fields: { amount: 5000 } } });
    expect(await deliveriesOf(subscriber_id)).toEqual([]);

    // Matching.
    await contract.admin(`/objects/${matching}/stage`, { body: { stage: 'won' } });
    const [row] = await delivered(subscriber_id, 1);
    if (!row) throw new Error('unreachable');
    expect(row.event).toBe('object.stage_change');
    const received = receivedFor(row, subscriber_id);
    expect(received.payload).toMatchObject({
      object_id: matching,
      object_type: 'opportunity',
      event: 'object.stage_change',
      integration_id: seededIntegrations.crmOpportunity,
      name: `${tag} match`,
      stage: 'won',
      previous_stage: 'negotiation',
      amount: '5000',
      'sales_details.partner': 'P1',
      changed_fields: 'stage',
    });

    // Deleted: matching changes enqueue nothing more.
    expect(await client.call('DeleteSubscriber', { subscriberId: subscriber_id })).toEqual({
      subscriber_id,
      deleted: true,
    });
    await contract.admin(`/objects/${later}/stage`, { body: { stage: 'lost' } });
    await contract.admin(`/objects/${matching}/stage`, { body: { stage: 'lost' } });
    expect((await deliveriesOf(subscriber_id)).map((delivery) => delivery.delivery_id)).toEqual([
      row.delivery_id,
    ]);
    expect(
      receiver.accepted.filter((delivery) => delivery.delivery.subscriberId === subscriber_id),
    ).toHaveLength(1);
    expect(await readSubscription(client, subscriber_id)).toBeUndefined();
  });

  it('Subscribe to a collaboration event from GetEventList, raised through the admin API', async () => {
    const tag = uniqueTag('collab');
    const { events } = await client.call('GetEventList', {});
    const event = events.find((candidate) => candidate.name === 'task.assigned')?.name;
    expect(event).toBe('task.assigned');
    const { schema } = await client.call('GetEventSchema', { event: 'task.assigned' });
    expect(Object.keys(schema.properties as object)).toEqual(
      expect.arrayContaining(['assignee_name', 'task_id']),
    );

    const objectId = await createOpportunity(contract.sandbox, { name: `${tag} deal`, stage: 'proposal' });
    const filters = 'assignee_name = "Priya Nair"';
    const { subscriber_id } = await client.call('Subscribe', {
      event: 'task.assigned',
      name: tag,
      filters,
      callbackUrl: receiver.callbackUrl,
    });
    expect(await client.call('ReadSubscriber', { subscriberId: subscriber_id })).toMatchObject({
      subscriber_id,
      name: tag,
      event: ['task.assigned'],
      filters,
      subscriber_type: 'webhook',
    });

    // Not matching: another assignee; another event with the right assignee.
    await contract.admin('/events', {
      body: {
        event: 'task.assigned',
        object_id: objectId,
        data: { task_id: `${tag}-1`, assignee_name: 'Sam O' },
      },
    });
    await contract.admin('/events', {
      body: {
        event: 'task.completed',
        object_id: objectId,
        data: { task_id: `${tag}-0`, completed_by: 'Priya Nair' },
      },
    });
    expect(await deliveriesOf(subscriber_id)).toEqual([]);

    // Matching.
    const task = {
      task_id: `${tag}-2`,
      task_title: 'Send the proposal',
      assignee_name: 'Priya Nair',
      due_date: '2026-07-01',
    };
    await contract.admin('/events', { body: { event: 'task.assigned', object_id: objectId, data: task } });
    const [row] = await delivered(subscriber_id, 1);
    if (!row) throw new Error('unreachable');
    const received = receivedFor(row, subscriber_id);
    expect(received.delivery.event).toBe('task.assigned');
    expect(received.payload).toEqual({ ...task, object_id: objectId, object_name: `${tag} deal` });

    // Deleted through core's helper; a second delete finds nothing.
    expect(await deleteSubscription(client, subscriber_id)).toBe(true);
    expect(await deleteSubscription(client, subscriber_id)).toBe(false);
    await contract.admin('/events', { body: { event: 'task.assigned', object_id: objectId, data: task } });
    expect((await deliveriesOf(subscriber_id)).map((delivery) => delivery.delivery_id)).toEqual([
      row.delivery_id,
    ]);
    expect(
      receiver.accepted.filter((delivery) => delivery.delivery.subscriberId === subscriber_id),
    ).toHaveLength(1);
  });

  it('SubmitToPartnerCenterObjectEvent: a referral submit arrives, other changes never do', async () => {
    const tag = uniqueTag('referral');
    const submitted = await createOpportunity(contract.sandbox, {
      name: `${tag} submitted`,
      stage: 'qualification',
    });
    const later = await createOpportunity(contract.sandbox, { name: `${tag} later`, stage: 'qualification' });

    const { subscriber_id } = await client.call('SubmitToPartnerCenterObjectEvent', {
      integrationId: seededIntegrations.partnerCenter,
      name: tag,
      callbackUrl: receiver.callbackUrl,
    });
    expect(await client.call('ReadSubscriber', { subscriberId: subscriber_id })).toEqual({
      subscriber_id,
      name: tag,
      objectids: [],
      event: ['object.partner_center_referral_submit'],
      integraion_id: seededIntegrations.partnerCenter,
      subscriber_type: 'webhook',
    });

    // Not matching: a stage change and a field update are other events.
    await contract.admin(`/objects/${submitted}/stage`, { body: { stage: 'proposal' } });
    await contract.admin(`/objects/${submitted}`, { method: 'PATCH', body: { fields: { amount: 90000 } } });
    expect(await deliveriesOf(subscriber_id)).toEqual([]);

    // Matching.
    await contract.admin(`/objects/${submitted}/submit-referral`, { method: 'POST' });
    const [row] = await delivered(subscriber_id, 1);
    if (!row) throw new Error('unreachable');
    const received = receivedFor(row, subscriber_id);
    expect(received.delivery.event).toBe('object.partner_center_referral_submit');
    expect(received.payload).toMatchObject({
      object_id: submitted,
      object_type: 'opportunity',
      event: 'object.partner_center_referral_submit',
      // The subscriber's integration, although the object came in through the CRM integration.
      integration_id: seededIntegrations.partnerCenter,
      name: `${tag} submitted`,
      stage: 'proposal',
      amount: '90000',
      changed_fields: '',
    });

    await client.call('DeleteSubscriber', { subscriberId: subscriber_id });
    await contract.admin(`/objects/${later}/submit-referral`, { method: 'POST' });
    await contract.admin(`/objects/${submitted}/submit-referral`, { method: 'POST' });
    expect((await deliveriesOf(subscriber_id)).map((delivery) => delivery.delivery_id)).toEqual([
      row.delivery_id,
    ]);
    expect(
      receiver.accepted.filter((delivery) => delivery.delivery.subscriberId === subscriber_id),
    ).toHaveLength(1);
    const { body } = await contract.admin('/subscribers');
    expect(body.subscribers).toEqual([]);
  });

  it('the receiver refuses deliveries without the right token', async () => {
    const refusedBefore = receiver.refused.length;
    const forged = JSON.stringify({ object_id: 'forged', event: 'object.update' });
    for (const url of [receiver.baseUrl, `${receiver.baseUrl}?token=${'x'.repeat(43)}`]) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [deliveryHeaders.deliveryId]: 'forged' },
        body: forged,
      });
      expect(response.status).toBe(401);
    }
    expect(receiver.refused.slice(refusedBefore)).toEqual([
      { status: 401, reason: 'unauthorized' },
      { status: 401, reason: 'unauthorized' },
    ]);
    expect(receiver.accepted.some((delivery) => delivery.payload.object_id === 'forged')).toBe(false);
  });
});

describe('the contract', () => {
  it('every request sent in this file matched the definition', () => {
    expect(contract.recorder.operationIds()).toEqual(
      expect.arrayContaining([
        'Subscribe',
        'SubscribeObjectEvent',
        'SubmitToPartnerCenterObjectEvent',
        'ReadSubscriber',
        'DeleteSubscriber',
      ]),
    );
    expect(contract.recorder.problems()).toEqual([]);
  });
});

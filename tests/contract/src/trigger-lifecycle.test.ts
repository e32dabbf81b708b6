import {
  buildCallbackUrl,
  createCallbackToken,
  deleteSubscription,
  desiredSubscription,
  listSubscriptions,
  readSubscription,
  reconcileSubscriptions,
  subscribeTrigger,
  subscriptionMatches,
  type WorkSpanClient,
} from '@workspan-kit/core';
import { createOpportunity, seededIntegrations, uniqueTag, waitFor } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from './test-support/receiver.js';
import { type ContractSandbox, startContractSandbox } from './test-support/sandbox.js';

/**
 * Core's trigger lifecycle against the sandbox, as a host runs it: subscribe with a fresh token,
 * on restart ask whether the stored subscription still matches (n8n's `checkExists`) against what
 * ReadSubscriber really answers, reconcile the ids a host kept, delete tolerating "already gone".
 */
let contract: ContractSandbox;
let client: WorkSpanClient;
let receiver: Receiver;

beforeAll(async () => {
  contract = await startContractSandbox();
  client = contract.client;
  receiver = await startReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await contract?.close();
});

describe('the trigger lifecycle in core', () => {
  it('subscribes, still matches what ReadSubscriber answers, and no longer does once anything differs', async () => {
    const name = uniqueTag('lifecycle');
    const input = {
      integrationId: seededIntegrations.crmOpportunity,
      events: ['object.stage_change', 'object.update'],
      name,
      filters: 'stage = "won"',
    };
    const callbackUrl = buildCallbackUrl(`http://127.0.0.1:1/n8n/webhook`, createCallbackToken());
    const subscription = await subscribeTrigger(client, 'SubscribeObjectEvent', input, callbackUrl);
    const answer = await readSubscription(client, subscription.subscriberId);
    const desired = desiredSubscription('SubscribeObjectEvent', input, callbackUrl);

    expect(subscriptionMatches(answer, desired, subscription)).toBe(true);
    const changed = (change: Record<string, unknown>, url = callbackUrl) =>
      subscriptionMatches(
        answer,
        desiredSubscription('SubscribeObjectEvent', { ...input, ...change }, url),
        subscription,
      );
    expect(changed({ events: ['object.stage_change'] })).toBe(false);
    expect(changed({ filters: 'stage = "lost"' })).toBe(false);
    expect(changed({ integrationId: seededIntegrations.partnerCenter })).toBe(false);
    expect(changed({ objectIds: ['WS-Project_x'] })).toBe(false);
    expect(changed({}, buildCallbackUrl(`http://127.0.0.1:1/n8n/webhook`, createCallbackToken()))).toBe(
      false,
    );

    expect(await deleteSubscription(client, subscription.subscriberId)).toBe(true);
    expect(await deleteSubscription(client, subscription.subscriberId)).toBe(false);
    expect(
      subscriptionMatches(await readSubscription(client, subscription.subscriberId), desired, subscription),
    ).toBe(false);
  });

  it('reconciles the ids a host kept: keeps the one that matches, deletes the other left-overs, skips the gone', async () => {
    const name = uniqueTag('reconcile');
    const input = { event: 'task.assigned', name };
    const url = receiver.callbackUrl;
    const stale = await subscribeTrigger(
      client,
      'Subscribe',
      input,
      buildCallbackUrl(receiver.baseUrl, createCallbackToken()),
    );
    const current = await subscribeTrigger(client, 'Subscribe', input, url);
    const gone = await subscribeTrigger(client, 'Subscribe', input, url);
    await deleteSubscription(client, gone.subscriberId);
    const other = await subscribeTrigger(client, 'Subscribe', { ...input, name: `${name} other` }, url);

    const result = await reconcileSubscriptions(client, {
      name,
      known: [stale, current, gone.subscriberId, other.subscriberId],
      desired: desiredSubscription('Subscribe', input, url),
    });
    expect(result.kept?.subscriberId).toBe(current.subscriberId);
    expect(result.deleted).toEqual([stale.subscriberId]);
    expect(result.gone).toEqual([gone.subscriberId]);
    expect(result.otherNames).toEqual([other.subscriberId]);
    expect(await readSubscription(client, stale.subscriberId)).toBeUndefined();
    expect(await readSubscription(client, current.subscriberId)).toBeDefined();

    // The one kept still delivers, as a bare payload, to the receiver it names.
    const objectId = await createOpportunity(contract.sandbox, { name: `${name} deal`, stage: 'proposal' });
    await contract.admin('/events', {
      body: { event: 'task.assigned', object_id: objectId, data: { task_id: `${name}-1` } },
    });
    const [delivered] = await waitFor('the kept subscription delivers', async () => {
      const found = receiver.accepted.filter(
        (delivery) => delivery.delivery.subscriberId === current.subscriberId,
      );
      return found.length > 0 ? found : undefined;
    });
    expect(delivered?.payload).toEqual({
      task_id: `${name}-1`,
      object_id: objectId,
      object_name: `${name} deal`,
    });

    for (const id of [current.subscriberId, other.subscriberId]) await deleteSubscription(client, id);
  });

  it('a process that died between subscribing and storing the id leaves no subscription after the next start', async () => {
    const name = uniqueTag('crashed');
    const input = { event: 'task.assigned', name };
    const receiverUrl = `${receiver.baseUrl}/crashed`;
    // The first run subscribed and died before it stored the id: only WorkSpan knows it.
    const lost = await subscribeTrigger(
      client,
      'Subscribe',
      input,
      buildCallbackUrl(receiverUrl, createCallbackToken()),
    );
    // Another host's subscription, and one of the same receiver under an older name.
    const theirs = await subscribeTrigger(
      client,
      'Subscribe',
      { ...input, name: `${name} theirs` },
      buildCallbackUrl(`${receiver.baseUrl}/theirs`, createCallbackToken()),
    );
    const renamed = await subscribeTrigger(
      client,
      'Subscribe',
      { ...input, name: `${name} before` },
      buildCallbackUrl(receiverUrl, createCallbackToken()),
    );

    // The next start: a new token, nothing stored.
    const callbackUrl = buildCallbackUrl(receiverUrl, createCallbackToken());
    const result = await reconcileSubscriptions(client, {
      name,
      known: [],
      callbackUrl,
      lister: listSubscriptions,
    });
    expect(result.listed).toBe(true);
    expect(result.deleted.sort()).toEqual([lost.subscriberId, renamed.subscriberId].sort());
    const subscribed = await subscribeTrigger(client, 'Subscribe', input, callbackUrl);
    const left = (await listSubscriptions(client))?.map((entry) => entry.subscriber_id);
    expect(left).toContain(theirs.subscriberId);
    expect(left).toContain(subscribed.subscriberId);
    expect(left).not.toContain(lost.subscriberId);
    expect(left).not.toContain(renamed.subscriberId);
    for (const id of [theirs.subscriberId, subscribed.subscriberId]) await deleteSubscription(client, id);
    expect(contract.recorder.portalCalls).toContain('ListSubscribers GET /event/v1/subscriber');
  });

  it.each([404, 405, 501])(
    'falls back quietly to the stored ids when WorkSpan answers the list with %i',
    async (status) => {
      const name = uniqueTag(`fallback-${status}`);
      const input = { event: 'task.assigned', name };
      const callbackUrl = buildCallbackUrl(`${receiver.baseUrl}/${name}`, createCallbackToken());
      const stored = await subscribeTrigger(client, 'Subscribe', input, callbackUrl);
      const lost = await subscribeTrigger(client, 'Subscribe', input, callbackUrl);
      await contract.admin('/faults', {
        method: 'PUT',
        body: { errorRates: { [status]: 1 }, operations: ['ListSubscribers'] },
      });
      try {
        const result = await reconcileSubscriptions(client, {
          name,
          known: [stored.subscriberId],
          callbackUrl,
          lister: listSubscriptions,
        });
        expect(result).toMatchObject({ listed: false, deleted: [stored.subscriberId] });
      } finally {
        await contract.admin('/faults', { method: 'DELETE' });
      }
      // Without the list, a subscription whose id was never stored cannot be found.
      expect(await readSubscription(client, lost.subscriberId)).toBeDefined();
      await deleteSubscription(client, lost.subscriberId);
    },
  );

  it('every request sent in this file matched the definition', () => {
    expect(contract.recorder.problems()).toEqual([]);
  });
});

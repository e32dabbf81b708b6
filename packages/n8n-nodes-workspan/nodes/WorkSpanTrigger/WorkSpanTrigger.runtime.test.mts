// The WorkSpan Trigger inside a real n8n 2.41.1 against the sandbox: for each event source,
// publish → subscription → event → one execution → redelivery and a wrong token run nothing →
// unpublish → subscription gone; a filter that does not match runs nothing; a restart leaves one.
// "Listen for test event", driven over n8n's REST API the way its editor drives it:
// `POST /rest/workflows/:id/run` registers the test webhook (n8n calls checkExists/create), one
// event runs one manual execution and n8n removes the test webhook (delete);
// `DELETE /rest/test-webhook/:id` stops listening.
import { createWorkSpanClient, subscribeTrigger } from '@workspan-kit/core/node';
import { createOpportunity, seededIntegrations, uniqueTag } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningN8n, startN8n } from '../../test-support/n8n-instance.mts';
import { type TestSandbox, waitFor } from '../../test-support/sandbox.mts';
import { startTriggerHost, subscribersNamed } from '../../test-support/trigger-host.mts';
import {
  activate,
  type CredentialRef,
  createWorkflow,
  deactivate,
  executions,
  nodeTypes,
  workflow,
} from '../../test-support/workflows.mts';

let sandbox: TestSandbox;
let n8n: RunningN8n;
let credential: CredentialRef;

beforeAll(async () => {
  ({ sandbox, n8n, credential } = await startTriggerHost());
});

afterAll(async () => {
  await n8n?.close();
  await sandbox?.close();
});

/** The sandbox's own record of a subscription by name, callback URL (with its token) included. */
const subscriberNamed = (name: string) => subscribersNamed(sandbox, name)[0];

const countNamed = (name: string) => subscribersNamed(sandbox, name).length;

const triggerName = 'WorkSpan Trigger';

/** The recorded executions of a workflow, oldest first: their mode and the trigger's first item. */
async function recorded(workflowId: string) {
  return (await executions(n8n, workflowId))
    .filter((record) => record.stoppedAt)
    .reverse()
    .map((record) => ({
      mode: record.mode as string,
      item: record.data.resultData.runData[triggerName][0].data.main[0][0].json,
    }));
}

/** The items of the trigger's recorded executions, oldest first. */
const triggered = async (workflowId: string) => (await recorded(workflowId)).map((run) => run.item);

async function deliveredTo(subscriberId: string, count: number) {
  return await waitFor(async () => {
    const { deliveries } = await sandbox.admin(
      `/deliveries?subscriber_id=${encodeURIComponent(subscriberId)}`,
    );
    const done = deliveries.filter((delivery: { status: string }) => delivery.status === 'delivered');
    return done.length >= count ? done : undefined;
  }, `${count} deliveries to ${subscriberId}`);
}

async function publishTrigger(name: string, parameters: Record<string, unknown>) {
  const id = await createWorkflow(
    n8n,
    workflow(
      `trigger ${name}`,
      [{ name: triggerName, type: nodeTypes.workSpanTrigger, parameters: { ...parameters, name } }],
      credential,
    ),
  );
  const published = await activate(n8n, id);
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  const subscriber = await waitFor(async () => subscriberNamed(name), `the subscription ${name}`);
  return { id, subscriber };
}

const sources: {
  source: string;
  parameters: Record<string, unknown>;
  raise: (objectId: string, tag: string) => Promise<void>;
}[] = [
  {
    source: 'collaborationEvent',
    // Pickers as the editor saves them; the partner center source keeps a plain ID, as older workflows do.
    parameters: {
      eventSource: 'collaborationEvent',
      event: { __rl: true, mode: 'list', value: 'task.assigned' },
    },
    raise: async (objectId, tag) => {
      await sandbox.admin('/events', {
        body: {
          event: 'task.assigned',
          object_id: objectId,
          data: { task_id: tag, assignee_name: 'Priya Nair' },
        },
      });
    },
  },
  {
    source: 'objectEvent',
    parameters: {
      eventSource: 'objectEvent',
      integrationId: { __rl: true, mode: 'id', value: seededIntegrations.crmOpportunity },
      events: ['object.stage_change'],
    },
    raise: async (objectId) => {
      await sandbox.admin(`/objects/${objectId}/stage`, { body: { stage: 'won' } });
    },
  },
  {
    source: 'partnerCenterReferralSubmit',
    parameters: {
      eventSource: 'partnerCenterReferralSubmit',
      integrationId: seededIntegrations.partnerCenter,
    },
    raise: async (objectId) => {
      await sandbox.admin(`/objects/${objectId}/submit-referral`, { method: 'POST' });
    },
  },
];

const modes = ['default', 'bare'] as const;

/** Default: the sandbox's delivery headers; bare: the payload alone, as WorkSpan sends it. */
const deliveryMode = (mode: (typeof modes)[number]) =>
  sandbox.admin('/delivery', { method: 'PUT', body: { bare: mode === 'bare' } });

describe.each(modes.flatMap((mode) => sources.map((source) => ({ ...source, mode }))))(
  'the $source trigger ($mode deliveries)',
  ({ parameters, raise, mode }) => {
    it('subscribes on publish, runs once per event, refuses wrong tokens and unsubscribes on unpublish', async () => {
      await deliveryMode(mode);
      const tag = uniqueTag('trigger');
      const objectId = await createOpportunity(sandbox, { name: `${tag} deal`, stage: 'proposal' });
      const { id, subscriber } = await publishTrigger(tag, parameters);
      expect(subscriber.callback_url).toMatch(/[?&]token=[^&]{16,}/);
      // What anyone who can read the workflow sees: the token's digest, never the token.
      const token = new URL(subscriber.callback_url).searchParams.get('token') as string;
      const staticData = await waitFor(async () => {
        const answer = await n8n.rest(`/workflows/${id}`);
        const data = JSON.stringify((answer.body.data as { staticData?: unknown }).staticData ?? {});
        return data.includes('tokenDigest') ? data : undefined;
      }, 'the static data');
      expect(staticData).not.toContain(token);
      expect(staticData).toMatch(/"tokenDigest":"sha256:[0-9a-f]{64}"/);

      await raise(objectId, tag);
      const [delivery] = await deliveredTo(subscriber.subscriber_id, 1);
      const [item] = await waitFor(async () => {
        const items = await triggered(id);
        return items.length > 0 ? items : undefined;
      }, 'the execution');
      expect(item.object_id).toBe(objectId);
      expect(item._delivery).toMatchObject({
        ...(mode === 'default' ? { id: expect.any(String) } : {}),
        receivedAt: expect.any(String),
        duplicate: false,
      });

      // The same delivery again: accepted, but no second execution.
      const body = JSON.stringify(delivery.payload);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (mode === 'default') headers['x-workspan-delivery-id'] = delivery.delivery_id;
      const again = await fetch(subscriber.callback_url, { method: 'POST', headers, body });
      expect(again.status).toBe(200);
      // A wrong token: refused, nothing runs.
      const wrong = new URL(subscriber.callback_url);
      wrong.searchParams.set('token', 'not-the-token-at-all');
      const refused = await fetch(wrong, { method: 'POST', headers, body });
      expect(refused.status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await triggered(id)).toHaveLength(1);

      // A payload alone, with none of the sandbox's headers (as WorkSpan may send it): it runs once,
      // and the same body again is recognised by its digest.
      const bare = JSON.stringify({ ...delivery.payload, note: 'sent without headers' });
      const answers: unknown[] = [];
      for (let send = 0; send < 2; send++) {
        const answer = await fetch(subscriber.callback_url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: bare,
        });
        expect(answer.status).toBe(200);
        answers.push(await answer.json());
      }
      expect(answers).toEqual([
        { received: true, duplicate: false },
        { received: true, duplicate: true },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const runs = await triggered(id);
      expect(runs).toHaveLength(2);
      expect(runs[1]).toMatchObject({ note: 'sent without headers', _delivery: { duplicate: false } });
      expect(runs[1]._delivery.dedupeKey).toMatch(/^(object|sha256):/);

      const unpublished = await deactivate(n8n, id);
      expect(unpublished.status).toBe(200);
      await waitFor(async () => (subscriberNamed(tag) ? undefined : true), 'the subscription to be gone');
      await deliveryMode('default');
    });
  },
);

describe.each(modes)('a real repeat (%s deliveries)', (mode) => {
  it('runs won, proposal and won again: three executions, the same body twice', async () => {
    await deliveryMode(mode);
    const tag = uniqueTag('repeat');
    const objectId = await createOpportunity(sandbox, { name: `${tag} deal`, stage: 'proposal' });
    const { id, subscriber } = await publishTrigger(tag, {
      eventSource: 'objectEvent',
      integrationId: seededIntegrations.crmOpportunity,
      events: ['object.stage_change'],
    });
    for (const [index, stage] of ['won', 'proposal', 'won'].entries()) {
      await sandbox.admin(`/objects/${objectId}/stage`, { body: { stage } });
      await deliveredTo(subscriber.subscriber_id, index + 1);
    }
    const runs = await waitFor(async () => {
      const items = await triggered(id);
      return items.length >= 3 ? items : undefined;
    }, 'three executions');
    expect(runs.map((run) => run.stage)).toEqual(['won', 'proposal', 'won']);
    await deactivate(n8n, id);
    await deliveryMode('default');
  });
});

const testSubscriberNamed = (name: string) =>
  subscribersNamed(sandbox, name).find((subscriber) =>
    subscriber.callback_url.startsWith(`${n8n.url}/webhook-test/`),
  );

async function unpublishedTrigger(tag: string) {
  return await createWorkflow(
    n8n,
    workflow(
      `listen ${tag}`,
      [
        {
          name: triggerName,
          type: nodeTypes.workSpanTrigger,
          parameters: {
            eventSource: 'objectEvent',
            integrationId: seededIntegrations.crmOpportunity,
            events: ['object.stage_change'],
            name: tag,
          },
        },
      ],
      credential,
    ),
  );
}

/**
 * What the editor sends. "Execute step" on the trigger: the node as destination, no run data.
 * "Execute workflow" from the trigger: the trigger to start from. Both carry the saved workflow.
 */
const startPayloads = {
  executeStep: (workflowData: unknown) => ({
    workflowData,
    startNodes: [{ name: triggerName, sourceData: null }],
    destinationNode: { nodeName: triggerName, mode: 'inclusive' },
  }),
  executeWorkflow: (workflowData: unknown) => ({
    workflowData,
    startNodes: [],
    triggerToStartFrom: { name: triggerName },
  }),
};

async function listen(workflowId: string, tag: string, how: keyof typeof startPayloads) {
  const saved = await n8n.rest(`/workflows/${workflowId}`);
  expect(saved.status).toBe(200);
  const started = await n8n.rest(`/workflows/${workflowId}/run`, {
    body: startPayloads[how](saved.body.data),
  });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  expect(started.body.data).toEqual({ waitingForWebhook: true });
  return await waitFor(async () => testSubscriberNamed(tag), 'the test subscription');
}

const noSubscriptionNamed = async (tag: string) =>
  await waitFor(
    async () => (subscribersNamed(sandbox, tag).length === 0 ? true : undefined),
    `no subscription named ${tag}`,
  );

/** n8n no longer listens: no subscription is left in the sandbox and the test URL answers 404. */
async function expectListeningStopped(tag: string, testUrl: string) {
  await noSubscriptionNamed(tag);
  const late = await fetch(testUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ note: 'too late' }),
  });
  expect(late.status).toBe(404);
}

describe('Listen for test event', () => {
  it('"Execute step": subscribes for the test URL, runs once on an event, then unsubscribes', async () => {
    const tag = uniqueTag('listen');
    const objectId = await createOpportunity(sandbox, { name: `${tag} deal`, stage: 'proposal' });
    const id = await unpublishedTrigger(tag);

    const subscriber = await listen(id, tag, 'executeStep');
    expect(subscribersNamed(sandbox, tag)).toHaveLength(1);
    const node = (await n8n.rest(`/workflows/${id}`)).body.data.nodes[0];
    const callback = new URL(subscriber.callback_url);
    expect(`${callback.origin}${callback.pathname}`).toBe(
      `${n8n.url}/webhook-test/${node.webhookId}/webhook`,
    );
    expect(callback.searchParams.get('token')).toMatch(/^.{16,}$/);

    // A wrong token is refused and n8n goes on listening.
    callback.searchParams.set('token', 'not-the-token-at-all');
    const refused = await fetch(callback, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ object_id: objectId }),
    });
    expect(refused.status).toBe(401);
    expect(testSubscriberNamed(tag)?.subscriber_id).toBe(subscriber.subscriber_id);

    await sandbox.admin(`/objects/${objectId}/stage`, { body: { stage: 'won' } });
    const runs = await waitFor(async () => {
      const found = await recorded(id);
      return found.length > 0 ? found : undefined;
    }, 'the manual execution');
    expect(runs).toHaveLength(1);
    expect(runs[0]?.mode).toBe('manual');
    expect(runs[0]?.item).toMatchObject({
      object_id: objectId,
      stage: 'won',
      _delivery: { duplicate: false },
    });
    const { deliveries } = await sandbox.admin(
      `/deliveries?subscriber_id=${encodeURIComponent(subscriber.subscriber_id)}`,
    );
    expect(deliveries.map((delivery: { status: string }) => delivery.status)).toEqual(['delivered']);

    // After its one event n8n removes the test webhook: the subscription goes, the URL is dead.
    await expectListeningStopped(tag, subscriber.callback_url);
    expect(await recorded(id)).toHaveLength(1);
  });

  it('"Execute workflow", then stop listening: no event, no execution, no subscription left', async () => {
    const tag = uniqueTag('cancel');
    const id = await unpublishedTrigger(tag);

    const subscriber = await listen(id, tag, 'executeWorkflow');
    // What the editor calls when a person stops listening.
    const stopped = await n8n.rest(`/test-webhook/${id}`, { method: 'DELETE' });
    expect(stopped.status).toBe(200);
    await expectListeningStopped(tag, subscriber.callback_url);
    expect(await recorded(id)).toHaveLength(0);
  });

  it('listening on a published workflow: the test and production subscriptions keep apart', async () => {
    const tag = uniqueTag('both');
    const id = await unpublishedTrigger(tag);
    expect((await activate(n8n, id)).status).toBe(200);
    const production = await waitFor(
      async () =>
        subscribersNamed(sandbox, tag).find((subscriber) => subscriber.callback_url.includes('/webhook/')),
      'the production subscription',
    );
    const test = await listen(id, tag, 'executeWorkflow');
    expect(subscribersNamed(sandbox, tag)).toHaveLength(2);

    // One event body, without the sandbox's delivery id (WorkSpan may send none), to both: each
    // subscription runs it once; one must not take the other's delivery for a redelivery.
    const body = JSON.stringify({ object_id: 'WS-OBJ-both', stage: 'won', note: tag });
    for (const target of [production, test]) {
      const answer = await fetch(target.callback_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ received: true, duplicate: false });
    }
    const runs = await waitFor(async () => {
      const found = await recorded(id);
      return found.length >= 2 ? found : undefined;
    }, 'an execution from each subscription');
    expect(runs.map((run) => run.mode).sort()).toEqual(['manual', 'webhook']);
    for (const run of runs) expect(run.item).toMatchObject({ note: tag, _delivery: { duplicate: false } });

    // The test webhook is gone after its event; the production one stays until unpublished.
    await waitFor(async () => (testSubscriberNamed(tag) ? undefined : true), 'the test subscription gone');
    expect(subscribersNamed(sandbox, tag).map((subscriber) => subscriber.subscriber_id)).toEqual([
      production.subscriber_id,
    ]);
    expect((await deactivate(n8n, id)).status).toBe(200);
    await noSubscriptionNamed(tag);
  });
});

describe('filters and restarts', () => {
  it('a filtered trigger does not run for a change that does not match', async () => {
    const tag = uniqueTag('filtered');
    const objectId = await createOpportunity(sandbox, { name: `${tag} deal`, stage: 'proposal' });
    const { id, subscriber } = await publishTrigger(tag, {
      eventSource: 'objectEvent',
      integrationId: seededIntegrations.crmOpportunity,
      events: ['object.stage_change'],
      options: { filters: '(stage = "won")' },
    });
    await sandbox.admin(`/objects/${objectId}/stage`, { body: { stage: 'negotiation' } });
    await sandbox.admin(`/objects/${objectId}/stage`, { body: { stage: 'won' } });
    const delivered = await deliveredTo(subscriber.subscriber_id, 1);
    const items = await waitFor(async () => {
      const found = await triggered(id);
      return found.length > 0 ? found : undefined;
    }, 'the execution');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(delivered).toHaveLength(1);
    expect(await triggered(id)).toHaveLength(1);
    expect(items[0].stage).toBe('won');
    await deactivate(n8n, id);
  });

  it('refuses to publish a filter with a mistake, pointing at it', async () => {
    const tag = uniqueTag('bad-filter');
    const id = await createWorkflow(
      n8n,
      workflow(
        `trigger ${tag}`,
        [
          {
            name: 'WorkSpan Trigger',
            type: nodeTypes.workSpanTrigger,
            parameters: {
              eventSource: 'objectEvent',
              integrationId: seededIntegrations.crmOpportunity,
              name: tag,
              options: { filters: '(stage in ["won", "lost")' },
            },
          },
        ],
        credential,
      ),
    );
    await activate(n8n, id);
    // n8n reports the trigger's failed activation in its log, with the node's message.
    const reported = await waitFor(
      async () => n8n.logs().find((line) => line.includes('Invalid parameter "Filters"')),
      'the activation error',
    );
    expect(reported).toContain('line 1, column 25');
    expect(countNamed(tag)).toBe(0);
  });

  it("a subscription whose id n8n never saved is gone after the next publish, found through WorkSpan's list", async () => {
    const tag = uniqueTag('unsaved');
    const { id, subscriber } = await publishTrigger(tag, {
      eventSource: 'collaborationEvent',
      event: 'task.assigned',
    });
    const stored = subscriberNamed(tag);
    // What a publish that stopped between subscribing and saving the static data leaves behind:
    // a subscription to this trigger's URL, with a token n8n no longer knows.
    const url = new URL(String(stored?.callback_url));
    url.searchParams.set('token', 'a-token-that-was-never-saved-000000000000');
    const client = createWorkSpanClient({ connection: { environment: sandbox.url, ...sandbox.credentials } });
    const { subscriberId: lost } = await subscribeTrigger(
      client,
      'Subscribe',
      { event: 'task.assigned', name: tag },
      url.href,
    );
    expect(countNamed(tag)).toBe(2);

    expect((await deactivate(n8n, id)).status).toBe(200);
    await waitFor(async () => (countNamed(tag) === 1 ? true : undefined), 'the saved subscription deleted');
    expect(subscriberNamed(tag)?.subscriber_id).toBe(lost);

    expect((await activate(n8n, id)).status).toBe(200);
    const current = await waitFor(
      async () => (countNamed(tag) === 1 && subscriberNamed(tag)?.subscriber_id !== lost ? true : undefined),
      'the left-over deleted and one new subscription made',
    );
    expect(current).toBe(true);
    expect(subscribersNamed(sandbox, tag).map((item) => item.subscriber_id)).not.toContain(lost);
    expect(subscribersNamed(sandbox, tag).map((item) => item.subscriber_id)).not.toContain(
      subscriber.subscriber_id,
    );
    await deactivate(n8n, id);
  }, 240_000);

  it('restarting n8n with a published workflow leaves exactly one subscription', async () => {
    const tag = uniqueTag('restart');
    const { subscriber } = await publishTrigger(tag, {
      eventSource: 'objectEvent',
      integrationId: seededIntegrations.crmOpportunity,
    });
    await n8n.stop();
    n8n = await startN8n({ userFolder: n8n.userFolder, port: n8n.port });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(countNamed(tag)).toBe(1);
    expect(subscriberNamed(tag)?.subscriber_id).toBe(subscriber.subscriber_id);
  }, 240_000);
});

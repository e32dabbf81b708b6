// The WorkSpan Trigger inside a real n8n 2.41.1 against the sandbox: for each event source,
// publish → subscription → event → one execution → redelivery and a wrong token run nothing →
// unpublish → subscription gone; a filter that does not match runs nothing; a restart leaves one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningN8n, startN8n } from '../../test-support/n8n-instance.mts';
import {
  createOpportunity,
  integrations,
  startTestSandbox,
  type TestSandbox,
  uniqueTag,
  waitFor,
} from '../../test-support/sandbox.mts';
import {
  activate,
  type CredentialRef,
  createCredential,
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
  sandbox = await startTestSandbox();
  n8n = await startN8n();
  credential = await createCredential(n8n, 'WorkSpan sandbox', sandbox.credentialData);
});

afterAll(async () => {
  await n8n?.close();
  await sandbox?.close();
});

interface StoredSubscriber {
  subscriber_id: string;
  name: string;
  callback_url: string;
}

/** The sandbox's own record of a subscription by name, callback URL (with its token) included. */
const subscriberNamed = (name: string): StoredSubscriber | undefined =>
  (sandbox.database.listSubscribers(sandbox.credentials.hostname) as StoredSubscriber[]).find(
    (subscriber) => subscriber.name === name,
  );

const countNamed = (name: string) =>
  (sandbox.database.listSubscribers(sandbox.credentials.hostname) as StoredSubscriber[]).filter(
    (subscriber) => subscriber.name === name,
  ).length;

/** The items of the trigger's recorded executions, oldest first. */
async function triggered(workflowId: string) {
  const records = await executions(n8n, workflowId);
  return records
    .filter((record) => record.stoppedAt)
    .reverse()
    .map((record) => record.data.resultData.runData['WorkSpan Trigger'][0].data.main[0][0].json);
}

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
      [{ name: 'WorkSpan Trigger', type: nodeTypes.workSpanTrigger, parameters: { ...parameters, name } }],
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
    parameters: { eventSource: 'collaborationEvent', event: 'task.assigned' },
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
      integrationId: integrations.crmOpportunity,
      events: ['object.stage_change'],
    },
    raise: async (objectId) => {
      await sandbox.admin(`/objects/${objectId}/stage`, { body: { stage: 'won' } });
    },
  },
  {
    source: 'partnerCenterReferralSubmit',
    parameters: { eventSource: 'partnerCenterReferralSubmit', integrationId: integrations.partnerCenter },
    raise: async (objectId) => {
      await sandbox.admin(`/objects/${objectId}/submit-referral`, { method: 'POST' });
    },
  },
];

describe.each(sources)('the $source trigger', ({ parameters, raise }) => {
  it('subscribes on publish, runs once per event, refuses wrong tokens and unsubscribes on unpublish', async () => {
    const tag = uniqueTag('trigger');
    const objectId = await createOpportunity(sandbox, { name: `${tag} deal`, stage: 'proposal' });
    const { id, subscriber } = await publishTrigger(tag, parameters);
    expect(subscriber.callback_url).toMatch(/[?&]token=[^&]{16,}/);

    await raise(objectId, tag);
    const [delivery] = await deliveredTo(subscriber.subscriber_id, 1);
    const [item] = await waitFor(async () => {
      const items = await triggered(id);
      return items.length > 0 ? items : undefined;
    }, 'the execution');
    expect(item.object_id).toBe(objectId);
    expect(item._delivery).toMatchObject({
      id: expect.any(String),
      receivedAt: expect.any(String),
      duplicate: false,
    });

    // The same delivery again: accepted, but no second execution.
    const body = JSON.stringify(delivery.payload);
    const headers = { 'content-type': 'application/json', 'x-workspan-delivery-id': delivery.delivery_id };
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
    for (let send = 0; send < 2; send++) {
      const answer = await fetch(subscriber.callback_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: bare,
      });
      expect(answer.status).toBe(200);
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const runs = await triggered(id);
    expect(runs).toHaveLength(2);
    expect(runs[1]).toMatchObject({ note: 'sent without headers', _delivery: { duplicate: false } });
    expect(runs[1]._delivery.dedupeKey).toMatch(/^sha256:/);

    const unpublished = await deactivate(n8n, id);
    expect(unpublished.status).toBe(200);
    await waitFor(async () => (subscriberNamed(tag) ? undefined : true), 'the subscription to be gone');
  });
});

describe('filters and restarts', () => {
  it('a filtered trigger does not run for a change that does not match', async () => {
    const tag = uniqueTag('filtered');
    const objectId = await createOpportunity(sandbox, { name: `${tag} deal`, stage: 'proposal' });
    const { id, subscriber } = await publishTrigger(tag, {
      eventSource: 'objectEvent',
      integrationId: integrations.crmOpportunity,
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
              integrationId: integrations.crmOpportunity,
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

  it('restarting n8n with a published workflow leaves exactly one subscription', async () => {
    const tag = uniqueTag('restart');
    const { subscriber } = await publishTrigger(tag, {
      eventSource: 'objectEvent',
      integrationId: integrations.crmOpportunity,
    });
    await n8n.stop();
    n8n = await startN8n({ userFolder: n8n.userFolder, port: n8n.port });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(countNamed(tag)).toBe(1);
    expect(subscriberNamed(tag)?.subscriber_id).toBe(subscriber.subscriber_id);
  }, 240_000);
});

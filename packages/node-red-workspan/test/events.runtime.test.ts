// biome-ignore-all lint/suspicious/noExplicitAny: the tests read untyped JSON answers
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunningSandbox } from '@workspan-kit/sandbox';
import { sandboxAdmin } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionNode, eventRoute, tabNode } from './test-support/flows.js';
import {
  Collector,
  eventually,
  type NodeRedProcess,
  startTestbed,
  type Testbed,
} from './test-support/harness.js';

interface EventSource {
  id: string;
  type: string;
  parameters: Record<string, string>;
  /** Makes the sandbox raise one event this node subscribed to. */
  raise(sandbox: RunningSandbox, objectId: string): Promise<void>;
}

const admin = (sandbox: RunningSandbox, path: string, body?: unknown) =>
  sandboxAdmin(sandbox, path, { body });

const modes = ['default', 'bare'] as const;

/** Default: the sandbox's delivery headers; bare: the payload alone, as WorkSpan sends it. */
const deliveryMode = (sandbox: RunningSandbox, mode: (typeof modes)[number]) =>
  sandboxAdmin(sandbox, '/delivery', { method: 'PUT', body: { bare: mode === 'bare' } });

const sources: EventSource[] = [
  {
    id: 'object-events',
    type: 'workspan-object-event',
    parameters: { integrationId: 'WS-Integration_crm_opportunity', events: 'object.stage_change' },
    raise: async (sandbox, objectId) => {
      const object = await admin(sandbox, `/objects/${objectId}`);
      const stage =
        (object.fields?.stage ?? object.object?.fields?.stage) === 'negotiation' ? 'proposal' : 'negotiation';
      await admin(sandbox, `/objects/${objectId}/stage`, { stage });
    },
  },
  {
    id: 'collaboration-events',
    type: 'workspan-collaboration-event',
    parameters: { event: 'task.assigned' },
    raise: async (sandbox, objectId) => {
      await admin(sandbox, '/events', {
        event: 'task.assigned',
        object_id: objectId,
        data: { task_title: 'Review the deal' },
      });
    },
  },
  {
    id: 'referral-events',
    type: 'workspan-partner-center-referral-submit',
    parameters: { integrationId: 'WS-Integration_partner_center' },
    raise: async (sandbox, objectId) => {
      await admin(sandbox, `/objects/${objectId}/submit-referral`, {});
    },
  },
];

describe.each([5, 4] as const)('event nodes in Node-RED %i', (major) => {
  let testbed: Testbed;
  let sandbox: RunningSandbox;
  let nodeRed: NodeRedProcess;
  let objectId: string;
  const collector = new Collector();

  const subscriptionName = (source: EventSource) => `node-red-${major}-${source.id}`;
  const flows = (included: EventSource[]) => [
    tabNode,
    connectionNode({ url: sandbox.url, ...sandbox.credentials }),
    ...included.flatMap((source) =>
      eventRoute(
        source.id,
        source.type,
        { ...source.parameters, name: subscriptionName(source) },
        collector.url,
      ),
    ),
  ];
  const subscriptions = async (source: EventSource) =>
    (await admin(sandbox, '/subscribers')).subscribers.filter(
      (item: any) => item.name === subscriptionName(source),
    );
  const count = (source: EventSource, expected: number) =>
    eventually(
      async () => {
        const found = await subscriptions(source);
        return found.length === expected ? found : undefined;
      },
      `${expected} subscription(s) named ${subscriptionName(source)}`,
    );

  beforeAll(async () => {
    await collector.start();
    testbed = await startTestbed({ major });
    ({ sandbox, nodeRed } = testbed);
    objectId = (await admin(sandbox, '/objects?type=opportunity&limit=1')).objects[0].object_id;
  });
  afterAll(async () => {
    await testbed?.close();
    await collector.close();
  });

  it.each(modes.flatMap((mode) => sources.map((source) => ({ ...source, mode }))))(
    '$type ($mode deliveries): subscribe on deploy, one message per event, one subscription across redeploys, none after stop or removal',
    async (source) => {
      await deliveryMode(sandbox, source.mode);
      collector.received.clear();
      await nodeRed.deploy(flows([source]));
      const [first] = await count(source, 1);
      expect(first.callback_url).toBe(`${nodeRed.url}/workspan/events/${source.id}?…`);

      await source.raise(sandbox, objectId);
      const [message] = await eventually(
        () => (collector.messages(source.id).length > 0 ? collector.messages(source.id) : undefined),
        'the event message',
      );
      const delivered = message as any;
      // The payload exactly as delivered (no envelope), the delivery metadata beside it.
      expect(delivered.payload.object_id).toBe(objectId);
      expect(delivered.payload).not.toHaveProperty('delivery_id');
      expect(delivered.delivery.dedupeKey).toMatch(source.mode === 'bare' ? /^(object|sha256):/ : /^id:/);
      expect(delivered.delivery.subscriberId).toBe(first.subscriber_id);
      expect(delivered.delivery.duplicate).toBe(false);

      await nodeRed.deploy(flows([source]));
      const [afterRedeploy] = await count(source, 1);
      expect(afterRedeploy.subscriber_id).not.toBe(first.subscriber_id);

      await nodeRed.setFlowsState('stop');
      await count(source, 0);
      await nodeRed.setFlowsState('start');
      await count(source, 1);

      await nodeRed.deploy(flows([]));
      await count(source, 0);
    },
  );

  it('refuses a wrong token and does not send a redelivery twice', async () => {
    const source = sources[0] as EventSource;
    collector.received.clear();
    await nodeRed.deploy(flows([source]));
    const [subscription] = await count(source, 1);
    const route = `${nodeRed.url}/workspan/events/${source.id}`;
    const wrong = await fetch(`${route}?token=not-the-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toBe('');
    const missing = await fetch(route, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(missing.status).toBe(401);

    // The full callback URL, token included, as the sandbox stored it.
    const { callback_url: callbackUrl } = sandbox.database.connection
      .prepare('SELECT callback_url FROM subscribers WHERE subscriber_id = ?')
      .get(subscription.subscriber_id) as { callback_url: string };
    const payload = JSON.stringify({ object_id: objectId, event: 'object.stage_change', stage: 'won' });
    const redeliveries: Record<string, string>[] = [
      {},
      {},
      { 'x-workspan-delivery-id': 'delivery-1' },
      { 'x-workspan-delivery-id': 'delivery-1' },
    ];
    for (const headers of redeliveries) {
      const answer = await fetch(callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: payload,
      });
      expect(answer.status).toBe(200);
    }
    // A last, different delivery: once it is out, every earlier one has been handled.
    const last = JSON.stringify({ object_id: objectId, event: 'object.stage_change', stage: 'lost' });
    await fetch(callbackUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: last });
    const stages = () => collector.messages(source.id).map((message: any) => message.payload.stage);
    await eventually(
      () => (stages().includes('lost') && stages().length >= 3 ? true : undefined),
      'the last message',
    );
    // Two distinct deliveries (a bare payload, and one with a delivery id) each sent once, then the last.
    expect(stages().sort()).toEqual(['lost', 'won', 'won']);
    await nodeRed.deploy(flows([]));
    await count(source, 0);
  });

  it.each(modes)(
    'sends won, proposal and won again as three messages (%s deliveries): a real repeat is not a redelivery',
    async (mode) => {
      const source = sources[0] as EventSource;
      await deliveryMode(sandbox, mode);
      await admin(sandbox, `/objects/${objectId}/stage`, { stage: 'proposal' });
      collector.received.clear();
      await nodeRed.deploy(flows([source]));
      await count(source, 1);
      const stages = () => collector.messages(source.id).map((message: any) => message.payload.stage);
      for (const [index, stage] of ['won', 'proposal', 'won'].entries()) {
        await admin(sandbox, `/objects/${objectId}/stage`, { stage });
        await eventually(
          () => (stages().length > index ? true : undefined),
          `message ${index + 1} (${stage})`,
        );
      }
      expect(stages()).toEqual(['won', 'proposal', 'won']);
      await deliveryMode(sandbox, 'default');
      await nodeRed.deploy(flows([]));
      await count(source, 0);
    },
  );

  it('refuses a body that is not JSON, or JSON nested too deep, with a 400 and sends nothing', async () => {
    const source = sources[0] as EventSource;
    collector.received.clear();
    await nodeRed.deploy(flows([source]));
    const [subscription] = await count(source, 1);
    const { callback_url: callbackUrl } = sandbox.database.connection
      .prepare('SELECT callback_url FROM subscribers WHERE subscriber_id = ?')
      .get(subscription.subscriber_id) as { callback_url: string };
    const bodies: [string, string][] = [
      ['text/plain', 'not json'],
      ['application/json', 'not json'],
      ['application/json', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`],
    ];
    for (const [type, body] of bodies) {
      const answer = await fetch(callbackUrl, { method: 'POST', headers: { 'content-type': type }, body });
      expect(answer.status, `${type} ${body.slice(0, 20)}`).toBe(400);
    }
    const last = JSON.stringify({ object_id: objectId, event: 'object.stage_change', stage: 'lost' });
    await fetch(callbackUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: last });
    await eventually(() => (collector.messages(source.id).length > 0 ? true : undefined), 'the last message');
    expect(collector.messages(source.id).map((message: any) => message.payload)).toEqual([JSON.parse(last)]);
    await nodeRed.deploy(flows([]));
    await count(source, 0);
  });

  it("shows a bad filter in the event node's status by the property's label and the mistake's position", async () => {
    collector.received.clear();
    const [node] = eventRoute(
      'bad-filter',
      'workspan-object-event',
      {
        integrationId: 'WS-Integration_crm_opportunity',
        name: 'bad filter',
        filters: 'stage = "won" AND amount > ',
      },
      collector.url,
    );
    await nodeRed.deploy([
      tabNode,
      connectionNode({ url: sandbox.url, ...sandbox.credentials }),
      { ...node, wires: [[]] },
      {
        id: 'bad-filter-status',
        type: 'status',
        z: 'tab-1',
        scope: ['bad-filter'],
        wires: [['bad-filter-text']],
      },
      {
        id: 'bad-filter-text',
        type: 'function',
        z: 'tab-1',
        func: 'msg.payload = { text: msg.status.text }; return msg;',
        outputs: 1,
        wires: [['bad-filter-post']],
      },
      {
        id: 'bad-filter-post',
        type: 'http request',
        z: 'tab-1',
        method: 'POST',
        ret: 'txt',
        paytoqs: 'ignore',
        url: `${collector.url}/bad-filter-status`,
        wires: [[]],
      },
    ]);
    const [status] = await eventually(() => {
      const posted = collector.messages('bad-filter-status') as any[];
      return posted.length > 0 ? posted : undefined;
    }, 'the status');
    // No operation id and no msg property (an event node takes no input), and where the mistake is.
    expect(status).toEqual({ text: 'Filters: mistake at line 1, column 27' });
    await nodeRed.deploy(flows([]));
  });

  /** The ids the event nodes stored, as the next start reads them. */
  const storeFile = () => join(testbed.userDir, 'workspan', 'subscriptions.json');
  const readStore = async () => {
    try {
      return JSON.parse(await readFile(storeFile(), 'utf8')) as Record<string, string[]>;
    } catch {
      return {};
    }
  };

  it('reconciles the subscription left over when Node-RED was killed', async () => {
    const source = sources[0] as EventSource;
    await nodeRed.deploy(flows([source]));
    const [before] = await count(source, 1);
    // Killed once the id is stored (the subscription shows in WorkSpan a moment before that).
    await eventually(
      async () => ((await readStore())[source.id]?.includes(before.subscriber_id) ? true : undefined),
      'the id stored',
    );
    await nodeRed.kill();
    expect(await subscriptions(source)).toHaveLength(1);
    nodeRed = await testbed.restart();
    // The restarted node deletes the left-over it stored and subscribes anew: one subscription, another id.
    const after = await eventually(async () => {
      const found = await subscriptions(source);
      return found.length === 1 && found[0].subscriber_id !== before.subscriber_id ? found[0] : undefined;
    }, 'the left-over subscription replaced');
    expect(after.name).toBe(subscriptionName(source));
    expect((await subscriptions(source)).map((item: any) => item.subscriber_id)).toEqual([
      after.subscriber_id,
    ]);
    await nodeRed.deploy(flows([]));
    await count(source, 0);
  });

  it("deletes, through WorkSpan's list, a subscription whose id Node-RED was killed before storing", async () => {
    const source = sources[1] as EventSource;
    // A restarted Node-RED here listens on another port: a fixed public URL keeps its callback URL.
    const fixedAddress = flows([source]).map((node: any) =>
      node.id === source.id ? { ...node, publicUrl: 'http://127.0.0.1:9/public' } : node,
    );
    await nodeRed.deploy(fixedAddress);
    const [before] = await count(source, 1);
    await eventually(
      async () => ((await readStore())[source.id]?.includes(before.subscriber_id) ? true : undefined),
      'the id stored',
    );
    await nodeRed.kill();
    // As if killed between subscribing and storing the id: the store does not know it.
    const stored = await readStore();
    delete stored[source.id];
    await writeFile(storeFile(), JSON.stringify(stored));
    nodeRed = await testbed.restart();
    const after = await eventually(async () => {
      const found = await subscriptions(source);
      return found.length === 1 && found[0].subscriber_id !== before.subscriber_id ? found[0] : undefined;
    }, 'the unstored left-over deleted and a new subscription made');
    expect((await subscriptions(source)).map((item: any) => item.subscriber_id)).toEqual([
      after.subscriber_id,
    ]);
    await nodeRed.deploy(flows([]));
    await count(source, 0);
  });
});

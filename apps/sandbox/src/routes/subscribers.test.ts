import { WebhookReceiver } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../test-support/test-sandbox.js';
import { subscriberLimit } from './subscribers.js';

describe('callback URLs that would make the sandbox call itself', () => {
  let sandbox: TestSandbox;
  let port: string;
  const subscribe = (callbackUrl: string) =>
    sandbox.api('/event/v1/subscriber', {
      body: {
        name: 'hostile',
        subscriber_type: 'webhook',
        event: 'object.all',
        integration_id: 'WS-Integration_crm_opportunity',
        webhook_settings: { callback_url: callbackUrl },
      },
    });

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    port = new URL(sandbox.url).port;
  });
  afterAll(() => sandbox.close());

  test('are refused with a 400 naming webhook_settings.callback_url', async () => {
    const before = (await sandbox.admin('/objects?limit=1')).body.total;
    const hostile = [
      `${sandbox.url}/_sandbox/reset`,
      `http://localhost:${port}/_sandbox/reset`,
      `http://127.0.0.2:${port}/event/v1/subscriber`,
      `http://[::1]:${port}/oauth/token`,
      `http://2130706433:${port}/report/v1/list`,
      `http://0.0.0.0:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/_health`,
      `http://[0:0:0:0:0:0:0:1]:${port}/`,
      `http://receiver.example/%5Fsandbox/reset`,
      `https://receiver.example/hooks/../_SANDBOX/seed`,
    ];
    for (const url of hostile) {
      const response = await subscribe(url);
      expect(response.status, url).toBe(400);
      expect(response.body.code).toBe('invalid_callback_url');
      expect(response.body.message).toMatch(/^webhook_settings\.callback_url must not point at the sandbox/);
    }
    // Nothing was subscribed, so raising an event resets nothing.
    const created = await sandbox.admin('/objects', {
      body: { object_type: 'opportunity', fields: { name: 'x' } },
    });
    expect(created.status).toBe(201);
    expect((await sandbox.admin('/deliveries')).body.deliveries).toEqual([]);
    expect((await sandbox.admin('/objects?limit=1')).body.total).toBe(before + 1);
  });

  test('a receiver on this machine at another port is accepted', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      const response = await subscribe(`${receiver.url}/hook`);
      expect(response.status).toBe(200);
      expect(response.body.subscriber_id).toMatch(/^WS-Subscriber_/);
    } finally {
      await receiver.close();
    }
  });
});

describe('the admin token', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ adminToken: 'a-long-admin-secret' });
  });
  afterAll(() => sandbox.close());

  test('every /_sandbox/ call needs it, and the API does not', async () => {
    for (const [method, path] of [
      ['GET', '/_sandbox/health'],
      ['POST', '/_sandbox/reset'],
      ['GET', '/_sandbox/tenants'],
    ] as const) {
      for (const authorization of [undefined, 'Bearer wrong', 'a-long-admin-secret']) {
        const response = await fetch(`${sandbox.url}${path}`, {
          method,
          headers: authorization ? { authorization } : {},
        });
        expect(response.status, `${method} ${path} ${authorization}`).toBe(401);
        const body = (await response.json()) as Record<string, string>;
        expect(body).toMatchObject({
          code: 'invalid_admin_token',
          request_id: response.headers.get('x-request-id'),
        });
        expect(body.message).not.toContain('a-long-admin-secret');
      }
    }
    const health = await fetch(`${sandbox.url}/_sandbox/health`, {
      headers: { authorization: 'Bearer a-long-admin-secret' },
    });
    expect(health.status).toBe(200);
    expect((await sandbox.api('/report/v1/list', { body: {} })).status).toBe(200);
  });
});

describe("the developer portal's list of subscribers", () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  const subscribe = (name: string, callbackUrl: string) =>
    sandbox.api('/event/v1/subscriber', {
      body: {
        name,
        subscriber_type: 'webhook',
        event: 'task.assigned',
        webhook_settings: { callback_url: callbackUrl },
      },
    });

  test("GET /event/v1/subscriber lists the tenant's subscribers as ReadSubscriber answers them, with the callback URL", async () => {
    const first = await subscribe('first', 'https://receiver.example/a?token=secret-a');
    const second = await sandbox.api('/event/v1/subscriber', {
      body: {
        name: 'second',
        subscriber_type: 'webhook',
        event: ['object.update'],
        integration_id: 'WS-Integration_crm_opportunity',
        object_ids: ['WS-Project_1'],
        webhook_settings: { callback_url: 'https://receiver.example/b' },
      },
    });
    const acmeToken = await sandbox.token('acme.workspan.com');
    const acme = await sandbox.api('/event/v1/subscriber', {
      tenant: 'acme.workspan.com',
      token: acmeToken,
      body: {
        name: 'acme',
        subscriber_type: 'webhook',
        event: 'task.assigned',
        webhook_settings: { callback_url: 'https://receiver.example/c' },
      },
    });
    expect([first.status, second.status, acme.status]).toEqual([200, 200, 200]);

    const list = await sandbox.api('/event/v1/subscriber');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({
      subscribers: [
        {
          subscriber_id: first.body.subscriber_id,
          name: 'first',
          objectids: [],
          event: ['task.assigned'],
          subscriber_type: 'webhook',
          webhook_settings: { callback_url: 'https://receiver.example/a?token=secret-a' },
        },
        {
          subscriber_id: second.body.subscriber_id,
          name: 'second',
          objectids: ['WS-Project_1'],
          event: ['object.update'],
          integraion_id: 'WS-Integration_crm_opportunity',
          subscriber_type: 'webhook',
          webhook_settings: { callback_url: 'https://receiver.example/b' },
        },
      ],
    });

    await sandbox.api(`/event/v1/subscriber/${first.body.subscriber_id}`, { method: 'DELETE' });
    const after = await sandbox.api('/event/v1/subscriber');
    expect(after.body.subscribers.map((s: { name: string }) => s.name)).toEqual(['second']);

    const unauthenticated = await sandbox.api('/event/v1/subscriber', { token: null });
    expect(unauthenticated.status).toBe(401);
  });

  test('a fault can make it answer as a WorkSpan without the call does', async () => {
    await sandbox.admin('/faults', {
      method: 'PUT',
      body: { errorRates: { '404': 1 }, operations: ['ListSubscribers'] },
    });
    const missing = await sandbox.api('/event/v1/subscriber');
    const other = await sandbox.api('/event/v1/metadata/event');
    await sandbox.admin('/faults', { method: 'DELETE' });
    expect(missing.status).toBe(404);
    expect(other.status).toBe(200);
  });
});

describe('subscriptions per tenant', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  const subscribe = (name: string, tenant?: string) =>
    sandbox.api('/event/v1/subscriber', {
      ...(tenant ? { tenant } : {}),
      body: {
        name,
        subscriber_type: 'webhook',
        event: 'task.assigned',
        webhook_settings: { callback_url: 'http://127.0.0.1:9/hook' },
      },
    });

  test(`are capped at ${subscriberLimit}: one more is refused with 400 subscriber_limit, until one is deleted`, async () => {
    const ids: string[] = [];
    for (let index = 0; index < subscriberLimit; index++) {
      const response = await subscribe(`s${index}`);
      expect(response.status, `subscription ${index + 1}`).toBe(200);
      ids.push(response.body.subscriber_id as string);
    }
    const refused = await subscribe('one too many');
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('subscriber_limit');
    expect(refused.body.message).toMatch(new RegExp(`${subscriberLimit} subscriptions`));
    expect(refused.body.message).toMatch(/DeleteSubscriber/);
    expect((await sandbox.admin('/subscribers')).body.subscribers).toHaveLength(subscriberLimit);
    // Another tenant has its own count.
    const other = sandbox.tenants.find((tenant) => tenant.hostname !== sandbox.credentials.hostname);
    expect((await subscribe('elsewhere', other?.hostname)).status).toBe(200);
    const deleted = await sandbox.api(`/event/v1/subscriber/${ids[0]}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect((await subscribe('room again')).status).toBe(200);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { createWorkSpanClient } from '../node.js';
import { json, startWireServer, testConnection } from '../test-support/wire-server.js';
import { deleteSubscription, listSubscriptions, reconcileSubscriptions } from './trigger-lifecycle.js';

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(answer: (response: import('node:http').ServerResponse) => void) {
  const server = await startWireServer({ handler: (_request, response) => answer(response) });
  servers.push(server);
  const client = createWorkSpanClient({
    connection: testConnection(server.url),
    retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 2 },
  });
  return { server, client };
}

describe("the developer portal's list of subscribers on the wire", () => {
  it('is GET /event/v1/subscriber with the bearer token and x-ws-env, read as a list', async () => {
    const { server, client } = await serve((response) =>
      json(response, 200, { subscribers: [{ subscriber_id: 'WS-Subscriber_1', name: 'a' }] }),
    );
    expect(await listSubscriptions(client)).toEqual([{ subscriber_id: 'WS-Subscriber_1', name: 'a' }]);
    const [request] = server.requests;
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe('/event/v1/subscriber');
    expect(request?.headers['x-ws-env']).toBe('demo.workspan.com');
    expect(request?.headers.authorization).toMatch(/^Bearer access-token-/);
  });

  it.each([404, 405, 501])('is unavailable, quietly, when WorkSpan answers %i', async (status) => {
    const { client } = await serve((response) => json(response, status, { message: 'no such route' }));
    expect(await listSubscriptions(client)).toBeUndefined();
  });

  it('is unavailable when the answer is not JSON or holds no list of subscriptions', async () => {
    for (const answer of [
      (response: import('node:http').ServerResponse) => {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<html>developer portal</html>');
      },
      (response: import('node:http').ServerResponse) => json(response, 200, { subscriber_id: 'one' }),
      (response: import('node:http').ServerResponse) => json(response, 200, [{ id: 1 }, 'x']),
    ]) {
      const { client } = await serve(answer);
      expect(await listSubscriptions(client)).toBeUndefined();
    }
  });

  it('fails as any call does on other errors, without the secret', async () => {
    const { client } = await serve((response) => json(response, 500, { message: 'broken' }));
    const error = (await listSubscriptions(client).catch((caught: unknown) => caught)) as Error & {
      status?: number;
    };
    expect(error.status).toBe(500);
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('test-secret-value');
  });

  it('falls back to the stored ids when the list is unavailable', async () => {
    const { server, client } = await serve((response) => json(response, 404, { message: 'not found' }));
    const result = await reconcileSubscriptions(client, {
      name: 'n8n workflow 1 Trigger',
      known: ['WS-Subscriber_stored'],
      lister: listSubscriptions,
    });
    expect(result).toMatchObject({ listed: false, gone: ['WS-Subscriber_stored'], deleted: [] });
    expect(server.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'GET /event/v1/subscriber',
      'GET /event/v1/subscriber/WS-Subscriber_stored',
    ]);
  });
});

describe('deleting a subscription on the wire', () => {
  it.each([200, 204])('takes an empty answer (%i)', async (status) => {
    const { server, client } = await serve((response) => {
      response.writeHead(status);
      response.end();
    });
    expect(await deleteSubscription(client, 'WS-Subscriber_1')).toBe(true);
    expect(server.requests.at(-1)?.method).toBe('DELETE');
  });
});

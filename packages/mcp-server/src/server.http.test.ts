import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { RunningSandbox } from '@workspan-kit/sandbox';
import { connectionVariables, sandboxAdmin, waitUntil } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, subscriberIds } from './test-support/sandbox.js';
import { type HttpServerProcess, startHttpServer } from './test-support/server-process.js';

const token = 'test-token-for-the-http-endpoint-0123456789';
let sandbox: RunningSandbox;
let server: HttpServerProcess;
let folder: string;

async function connect(): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(server.url), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: 'workspan-mcp-http-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'workspan-mcp-http-'));
  sandbox = await startSandbox({ port: 0, rateLimit: false });
  server = await startHttpServer({
    ...connectionVariables(sandbox),
    WORKSPAN_MCP_TOKEN: token,
    XDG_STATE_HOME: folder,
  });
});

afterAll(async () => {
  await server?.stop();
  await sandbox?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('Streamable HTTP', () => {
  it('refuses a request without the bearer token', async () => {
    const answer = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('lists the tools and calls one, answered from the sandbox', async () => {
    const { client } = await connect();
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(21);
    const result = await client.callTool({
      name: 'workspan_report_get_many',
      arguments: { returnAll: true },
    });
    expect((result.structuredContent as { results: unknown[] }).results).toHaveLength(6);
    await client.close();
  });

  it('tells a subscribed client of a new event, and ends the watch with the session', async () => {
    const { client, transport } = await connect();
    const updated: string[] = [];
    client.setNotificationHandler('notifications/resources/updated', (notification) => {
      updated.push(notification.params.uri);
    });
    const watch = await client.callTool({
      name: 'workspan_watch_object_event',
      arguments: { integrationId: 'WS-Integration_crm_opportunity', events: ['object.stage_change'] },
    });
    const { resourceUri, subscriberId, watchId } = watch.structuredContent as Record<string, string>;
    expect((await client.listResources()).resources.map((resource) => resource.uri)).toEqual([resourceUri]);
    await client.subscribeResource({ uri: String(resourceUri) });

    const { objects } = await sandboxAdmin<{ objects: { object_id: string }[] }>(
      sandbox,
      '/objects?type=opportunity&limit=1',
    );
    await sandboxAdmin(sandbox, `/objects/${objects[0]?.object_id}/stage`, { body: { stage: 'won' } });
    await waitUntil('the watch resource to be updated', async () => updated.includes(String(resourceUri)));
    const read = await client.callTool({ name: 'workspan_watch_read', arguments: { watchId } });
    expect((read.structuredContent as { events: unknown[] }).events).toHaveLength(1);

    await transport.terminateSession();
    await client.close();
    await waitUntil(
      'the subscription to be deleted',
      async () => !(await subscriberIds(sandbox)).includes(String(subscriberId)),
    );
  });
});

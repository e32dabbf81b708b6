import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { RunningSandbox } from '@workspan-kit/sandbox';
import { connectionVariables, waitUntil } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, subscriberIds } from './test-support/sandbox.js';
import { type HttpServerProcess, startHttpServer } from './test-support/server-process.js';

const token = 'test-token-for-the-idle-session-0123456789';
// Short, so the test waits little; long enough that the calls below never meet it.
const idleSeconds = 3;
let sandbox: RunningSandbox;
let server: HttpServerProcess;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'workspan-mcp-idle-'));
  sandbox = await startSandbox({ port: 0, rateLimit: false });
  server = await startHttpServer(
    { ...connectionVariables(sandbox), WORKSPAN_MCP_TOKEN: token, XDG_STATE_HOME: folder },
    ['--session-idle-timeout', String(idleSeconds)],
  );
});

afterAll(async () => {
  await server?.stop();
  await sandbox?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('an HTTP session abandoned without closing', () => {
  it('is closed after the idle timeout, its watch stopped and unsubscribed in WorkSpan', async () => {
    const transport = new StreamableHTTPClientTransport(new URL(server.url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    const client = new Client({ name: 'workspan-mcp-idle-test', version: '1.0.0' });
    await client.connect(transport);
    const watch = await client.callTool({
      name: 'workspan_watch_object_event',
      arguments: { integrationId: 'WS-Integration_crm_opportunity' },
    });
    const { subscriberId, watchId } = watch.structuredContent as { subscriberId: string; watchId: string };
    expect(await subscriberIds(sandbox)).toContain(subscriberId);
    // A call still being answered is activity: a wait longer than the timeout keeps the session.
    const read = await client.callTool({
      name: 'workspan_watch_read',
      arguments: { watchId, waitSeconds: idleSeconds + 2 },
    });
    expect(read.isError).toBeFalsy();
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    const sessionId = String(transport.sessionId);

    // The client goes quiet without closing; the server ends the session on its own.
    await waitUntil(
      'the idle session to end its watch',
      async () => !(await subscriberIds(sandbox)).includes(subscriberId),
      {
        timeoutMs: 30_000,
      },
    );
    const after = await fetch(server.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'mcp-session-id': sessionId,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
    });
    expect(after.status).toBe(404);
    expect(server.stderr()).toContain(`Closed an MCP session idle for ${idleSeconds} s`);
    await client.close().catch(() => undefined);
  });
});

// biome-ignore-all lint/suspicious/noExplicitAny: the test helper and its nodes are untyped
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type RunningSandbox, startSandbox } from '@workspan-kit/sandbox';
import { sandboxAdmin } from '@workspan-kit/test-kit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureRuntime } from '../../runtime/node-red-runtime.mjs';

// Unit tests with node-red-node-test-helper: the built node file loaded into the helper's
// runtime, against a real sandbox. The helper loads no message catalogue, so texts show as their
// keys here; the real-runtime and browser tests see the catalogue's words.
const nodeFile = join(import.meta.dirname, '..', '..', 'dist', 'nodes', 'workspan.js');

describe('WorkSpan nodes in node-red-node-test-helper', () => {
  let helper: any;
  let sandbox: RunningSandbox;
  const register = createRequire(import.meta.url)(nodeFile);

  const flow = (node: Record<string, unknown>) => [
    {
      id: 'connection',
      type: 'workspan-connection',
      environment: 'custom',
      baseUrl: sandbox.url,
      hostname: sandbox.credentials.hostname,
    },
    { id: 'node', z: 'flow', connection: 'connection', parameters: {}, wires: [['out']], ...node },
    { id: 'out', z: 'flow', type: 'helper' },
  ];
  const credentials = () => ({
    connection: { clientId: sandbox.credentials.clientId, clientSecret: sandbox.credentials.clientSecret },
  });
  const load = (node: Record<string, unknown>) =>
    new Promise<void>((resolve) => helper.load(register, flow(node), credentials(), () => resolve()));

  beforeAll(async () => {
    const runtime = await ensureRuntime(5);
    const require = createRequire(join(runtime, 'package.json'));
    helper = require('node-red-node-test-helper');
    helper.init(require.resolve('node-red'));
    sandbox = await startSandbox({ port: 0 });
    await new Promise((resolve) => helper.startServer(resolve));
  });
  afterEach(async () => {
    await helper.unload();
  });
  afterAll(async () => {
    await new Promise((resolve) => helper.stopServer(resolve));
    await sandbox?.close();
  });

  it('puts the answer in msg.payload of the same message, with requesting and done statuses', async () => {
    await load({ type: 'workspan-metadata', operation: 'GetIntegrationList' });
    const node = helper.getNode('node');
    const statuses: any[] = [];
    node.on('call:status', (call: any) => statuses.push(call.args[0]));
    const received = new Promise<any>((resolve) => helper.getNode('out').on('input', resolve));
    node.receive({ payload: 'ignored', topic: 'kept' });
    const msg = await received;
    expect(msg.topic).toBe('kept');
    expect(msg.payload.integrations.map((item: any) => item.integration_id)).toContain(
      'WS-Integration_crm_account',
    );
    expect(statuses.map((status) => status.text)).toEqual([
      'workspan.status.requesting',
      'workspan.status.done',
    ]);
  });

  it('reads a blank property from msg and sends one message per page when asked', async () => {
    await load({
      type: 'workspan-report',
      operation: 'GetReportData',
      paging: 'limit',
      limit: 5,
      splitPages: true,
      parameters: { pageSize: { value: '2', type: 'num' } },
    });
    const pages: any[] = [];
    const all = new Promise<void>((resolve) =>
      helper.getNode('out').on('input', (msg: any) => {
        pages.push(msg);
        if (pages.length === 3) resolve();
      }),
    );
    helper.getNode('node').receive({ reportId: '1005' });
    await all;
    expect(pages.map((msg) => msg.payload.length)).toEqual([2, 2, 1]);
    expect(pages.map((msg) => msg.page.number)).toEqual([0, 1, 2]);
  });

  it('reports a bad property to done(err) with its name, sends nothing and calls no one', async () => {
    await load({ type: 'workspan-object', operation: 'ObjectAudit' });
    const node = helper.getNode('node');
    let sent = 0;
    helper.getNode('out').on('input', () => sent++);
    const failed = new Promise<any>((resolve) => node.on('call:error', (call: any) => resolve(call.args[0])));
    node.receive({ objectId: 'WS-Project_x', statusCode: 'DONE', message: 'hello' });
    const error = await failed;
    expect(String(error)).toContain(
      'ObjectAudit: Status Code (msg.statusCode): expected one of SCHEDULED, CREATE_FAILED, UPDATE_FAILED, LINKED',
    );
    expect(sent).toBe(0);
  });

  it('refuses an operation the node does not offer', async () => {
    await load({ type: 'workspan-subscription', operation: 'ReadSubscriber' });
    const node = helper.getNode('node');
    const failed = new Promise<any>((resolve) => node.on('call:error', (call: any) => resolve(call.args[0])));
    node.receive({ operation: 'BulkloadData' });
    expect(String(await failed)).toContain('workspan.errors.unknown-operation');
  });

  it("checks an event node's filter on deploy, pointing at the mistake, and does not subscribe", async () => {
    await load({
      type: 'workspan-object-event',
      parameters: {
        integrationId: { value: 'WS-Integration_crm_opportunity', type: 'str' },
        name: { value: 'bad filter', type: 'str' },
        filters: { value: '(stage in ["won"]) AND', type: 'str' },
      },
    });
    const node = helper.getNode('node');
    const error = await new Promise<any>((resolve) => {
      node.on('call:error', (call: any) => resolve(call.args[0]));
    });
    expect(String(error)).toMatch(
      /SubscribeObjectEvent: Filters \(msg\.filters\): expected a valid event filter: Expected .+ at line 1, column 23/,
    );
    const subscribers = await sandboxAdmin(sandbox, '/subscribers');
    expect(subscribers.subscribers).toEqual([]);
  });

  it('counts the rows of a bulk load in progress whichever spelling WorkSpan gives the successes', async () => {
    // A WorkSpan that spells it `success_count`: the sandbox behind a proxy that renames the field.
    const proxy: Server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const answer = await fetch(`${sandbox.url}${request.url}`, {
        method: request.method ?? 'GET',
        headers: Object.fromEntries(
          Object.entries(request.headers).filter(
            (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host',
          ),
        ),
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      });
      const text = (await answer.text()).replaceAll('"succcess_count"', '"success_count"');
      response.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'text/plain',
      });
      response.end(text);
    });
    proxy.listen(0, '127.0.0.1');
    await once(proxy, 'listening');
    try {
      const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      // The helper loads no message catalogue: show each status's values beside its key.
      const withValues = (RED: any) => {
        RED._ = (key: string, values?: Record<string, unknown>) =>
          values && Object.keys(values).length > 0 ? `${key} ${JSON.stringify(values)}` : key;
        return register(RED);
      };
      const nodes = flow({ type: 'workspan-bulk-load', operation: 'BulkloadData' }).map((node) =>
        node.id === 'connection' ? { ...node, baseUrl: url } : node,
      );
      await new Promise<void>((resolve) => helper.load(withValues, nodes, credentials(), () => resolve()));
      const node = helper.getNode('node');
      const statuses: string[] = [];
      node.on('call:status', (call: any) => statuses.push(call.args[0].text));
      const received = new Promise<any>((resolve) => helper.getNode('out').on('input', resolve));
      node.receive({
        integrationId: 'WS-Integration_crm_opportunity',
        dataFormat: 'json',
        waitForCompletion: true,
        pollInterval: 1000,
        payload: [
          { opportunity_id: 'spelling-1', name: 'Spelling one' },
          { opportunity_id: 'spelling-2', name: 'Spelling two' },
        ],
      });
      const msg = await received;
      expect(msg.payload).toMatchObject({ status: 'completed', success_count: 2 });
      expect(statuses).toContain('workspan.status.waiting-progress {"done":2,"total":2}');
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it("names an event node's property that carried an id WorkSpan does not know", async () => {
    await load({
      type: 'workspan-object-event',
      parameters: {
        integrationId: { value: 'WS-Integration_nobody', type: 'str' },
        name: { value: 'unknown integration', type: 'str' },
      },
    });
    const node = helper.getNode('node');
    const error = await new Promise<any>((resolve) => {
      node.on('call:error', (call: any) => resolve(call.args[0]));
    });
    expect(String(error)).toContain(
      'Integration (msg.integrationId) "WS-Integration_nobody" was not found in WorkSpan',
    );
  });

  it('shows an authentication failure of the connection on its nodes', async () => {
    await new Promise<void>((resolve) =>
      helper.load(
        register,
        flow({ type: 'workspan-metadata', operation: 'GetEventList' }),
        { connection: { clientId: 'wrong', clientSecret: 'wrong-secret' } },
        () => resolve(),
      ),
    );
    const node = helper.getNode('node');
    const statuses: any[] = [];
    node.on('call:status', (call: any) => statuses.push(call.args[0]));
    const failed = new Promise<any>((resolve) => node.on('call:error', (call: any) => resolve(call.args[0])));
    node.receive({});
    const error = String(await failed);
    expect(error).not.toContain('wrong-secret');
    expect(statuses.map((status) => status.text)).toContain('workspan.status.authentication-failed');
  });
});

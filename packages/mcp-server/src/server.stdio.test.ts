import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogue, operationIds } from '@workspan-kit/core';
import type { RunningSandbox } from '@workspan-kit/sandbox';
import { connectionVariables, sandboxAdmin, waitUntil } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RecordingProxy, startRecordingProxy } from './test-support/recording-proxy.js';
import { startSandbox, subscriberIds } from './test-support/sandbox.js';
import { connectStdio, type StdioSession } from './test-support/server-process.js';
import { operationToolName, watchToolName } from './tools/tool-names.js';

const integrationId = 'WS-Integration_crm_opportunity';
type Structured = Record<string, unknown>;

let sandbox: RunningSandbox;
let proxy: RecordingProxy;
let session: StdioSession;
let folder: string;

/** Calls a tool and answers its structured content, failing on a tool error. */
async function call(name: string, args: Record<string, unknown> = {}): Promise<Structured> {
  const result = await session.client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
  return result.structuredContent as Structured;
}

async function opportunity(crmId: string): Promise<Structured | undefined> {
  const { objects } = await sandboxAdmin<{ objects: { object_id: string; fields: Structured }[] }>(
    sandbox,
    '/objects?type=opportunity&limit=1000',
  );
  const found = objects.find((object) => object.fields['sales_details.crm_opportunity_id'] === crmId);
  return found ? { object_id: found.object_id, ...found.fields } : undefined;
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'workspan-mcp-stdio-'));
  sandbox = await startSandbox({ port: 0, rateLimit: false });
  proxy = await startRecordingProxy(sandbox.url);
  session = await connectStdio({
    ...connectionVariables(sandbox, proxy.url),
    XDG_STATE_HOME: folder,
  });
});

afterAll(async () => {
  await session?.close();
  await proxy?.close();
  await sandbox?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('the tool list over stdio', () => {
  it('offers one tool per action and internal call and a watch per trigger, with annotations and schemas', async () => {
    const { tools } = await session.client.listTools();
    const expected = [
      ...operationIds
        .filter((id) => catalogue[id].kind !== 'trigger')
        .map((id) => operationToolName(catalogue[id])),
      ...operationIds
        .filter((id) => catalogue[id].kind === 'trigger')
        .map((id) => watchToolName(catalogue[id])),
      'workspan_watch_read',
      'workspan_watch_stop',
    ];
    expect(tools.map((tool) => tool.name).sort()).toEqual(expected.sort());
    for (const tool of tools) {
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.annotations).toMatchObject({
        openWorldHint: expect.any(Boolean),
        readOnlyHint: expect.any(Boolean),
      });
      expect(tool.description?.length).toBeGreaterThan(20);
    }
    const rows = tools.find((tool) => tool.name === 'workspan_report_get_rows');
    expect(rows?.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true });
    expect(rows?.inputSchema.required).toEqual(['reportId']);
    const load = tools.find((tool) => tool.name === 'workspan_bulk_load_load_data');
    expect(load?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
    });
  });
});

describe('every tool against the sandbox', () => {
  it('lists integrations, events and their schemas as the sandbox has them', async () => {
    const integrations = await call('workspan_metadata_list_integrations');
    expect((integrations.integrations as Structured[]).map((item) => item.integration_id)).toContain(
      integrationId,
    );
    const events = await call('workspan_metadata_list_events');
    expect((events.events as Structured[]).map((item) => item.name)).toContain('task.assigned');
    const eventSchema = await call('workspan_metadata_get_event_schema', { event: 'task.assigned' });
    expect(eventSchema.schema).toMatchObject({ type: 'object' });
    const objectSchema = await call('workspan_metadata_get_object_event_schema', { integrationId });
    expect(JSON.stringify(objectSchema.schema)).toContain('sales_details.crm_opportunity_id');
  });

  it('loads rows and waits, and the opportunities are in the sandbox', async () => {
    const loaded = await call('workspan_bulk_load_load_data', {
      integrationId,
      data: 'opportunity_id,name,stage\n006MCP0001,MCP data,prospecting\n',
      waitForCompletion: true,
      pollInterval: 1000,
    });
    expect(loaded.status).toMatchObject({ status: 'completed', input_count: 1, error_count: 0 });
    expect(await opportunity('006MCP0001')).toMatchObject({ name: 'MCP data', stage: 'prospecting' });

    await call('workspan_bulk_load_load_opportunities', {
      integrationId,
      contentType: 'json',
      data: [{ opportunity_id: '006MCP0002', name: 'MCP rows', stage: 'won' }],
      waitForCompletion: true,
      pollInterval: 1000,
    });
    expect(await opportunity('006MCP0002')).toMatchObject({ name: 'MCP rows', stage: 'won' });
  });

  it('uploads files given as text and by path, and reads a load status', async () => {
    const started = await call('workspan_bulk_load_upload_data_file', {
      integrationId,
      dataFormat: 'csv',
      file: { name: 'deals.csv', content: 'opportunity_id,name,stage\n006MCP0003,MCP file,proposal\n' },
    });
    expect(started.execution_id).toEqual(expect.any(String));
    await waitUntil(
      'the bulk-loaded opportunity',
      async () => (await opportunity('006MCP0003')) !== undefined,
    );
    const status = await call('workspan_bulk_load_get_status', {
      integrationId,
      executionId: started.execution_id,
    });
    expect(status).toMatchObject({
      execution_id: started.execution_id,
      status: 'completed',
      succcess_count: 1,
    });

    const path = join(folder, 'opportunities.csv');
    await writeFile(path, 'opportunity_id,name,stage\n006MCP0004,MCP path,won\n');
    await call('workspan_bulk_load_upload_opportunities_file', {
      integrationId,
      contentType: 'csv',
      file: path,
      waitForCompletion: true,
      pollInterval: 1000,
    });
    expect(await opportunity('006MCP0004')).toMatchObject({ name: 'MCP path' });
  });

  it('sets and reads external ids, and records an audit entry on the object', async () => {
    const target = await opportunity('006MCP0001');
    const objectId = String(target?.object_id);
    await call('workspan_object_set_external_id', {
      objectId,
      externalId: 'ACC-MCP-1',
      fieldName: 'account_info.external_account_id',
    });
    const read = await call('workspan_object_get_external_ids', { objectId });
    expect(read.external_ids).toContainEqual({
      field_name: 'account_info.external_account_id',
      external_id: 'ACC-MCP-1',
    });
    await call('workspan_object_add_audit_entry', {
      objectId,
      statusCode: 'LINKED',
      message: 'linked by an agent',
    });
    const stored = await sandboxAdmin<{ audit_log: Structured[]; fields: Structured }>(
      sandbox,
      `/objects/${objectId}`,
    );
    expect(stored.fields['partner_center.integration_status']).toBe('LINKED');
    expect(stored.audit_log.at(-1)).toMatchObject({ status_code: 'LINKED', message: 'linked by an agent' });
  });

  it('lists reports and reads rows up to a limit, saying how to read the rest', async () => {
    const reports = await call('workspan_report_get_many', { returnAll: true });
    expect((reports.results as Structured[]).map((report) => report.id)).toEqual([
      1001, 1002, 1003, 1004, 1005, 1006,
    ]);
    const rows = await call('workspan_report_get_rows', { reportId: 1001, limit: 2 });
    expect(rows.results).toHaveLength(2);
    expect(rows.note).toMatch(/More rows exist: raise limit/);
    const all = await call('workspan_report_get_rows', { reportId: 1001, returnAll: true });
    const { total } = await sandboxAdmin<{ total: number }>(sandbox, '/objects?type=opportunity&limit=1');
    expect(all.results).toHaveLength(total);
  });

  it('watches object events: a stage change arrives, and stopping deletes the subscription', async () => {
    const watch = await call('workspan_watch_object_event', {
      integrationId,
      events: ['object.stage_change'],
    });
    expect(await subscriberIds(sandbox)).toContain(watch.subscriberId);
    const read = await call('workspan_subscription_get', { subscriberId: watch.subscriberId });
    expect(read).toMatchObject({ subscriber_id: watch.subscriberId, event: ['object.stage_change'] });

    const target = await opportunity('006MCP0002');
    await sandboxAdmin(sandbox, `/objects/${target?.object_id}/stage`, { body: { stage: 'lost' } });
    const events = await call('workspan_watch_read', { watchId: watch.watchId, waitSeconds: 10 });
    expect(events.events).toEqual([
      expect.objectContaining({
        cursor: '1',
        payload: expect.objectContaining({
          object_id: target?.object_id,
          stage: 'lost',
          previous_stage: 'won',
        }),
      }),
    ]);
    const none = await call('workspan_watch_read', { watchId: watch.watchId, cursor: events.cursor });
    expect(none).toMatchObject({ events: [], cursor: '1', more: false });

    expect(await call('workspan_watch_stop', { watchId: watch.watchId })).toMatchObject({ deleted: true });
    expect(await subscriberIds(sandbox)).not.toContain(watch.subscriberId);
  });

  it('watches the other two triggers, and deletes a subscription through its own tool', async () => {
    const collaboration = await call('workspan_watch_collaboration_event', {
      event: 'task.assigned',
      name: 'agent tasks',
    });
    const referrals = await call('workspan_watch_partner_center_referral_submit', {
      integrationId: 'WS-Integration_partner_center',
    });
    expect(await subscriberIds(sandbox)).toEqual(
      expect.arrayContaining([collaboration.subscriberId, referrals.subscriberId]),
    );
    expect(
      await call('workspan_subscription_delete', { subscriberId: referrals.subscriberId }),
    ).toBeDefined();
    expect(await call('workspan_watch_stop', { watchId: referrals.watchId })).toMatchObject({
      deleted: false,
    });
    await call('workspan_watch_stop', { watchId: collaboration.watchId });
    expect(await subscriberIds(sandbox)).toEqual([]);
  });
});

describe('bad arguments', () => {
  it('are tool errors naming each argument, and nothing is sent', async () => {
    const before = proxy.requests.length;
    const result = await session.client.callTool({
      name: 'workspan_report_get_rows',
      arguments: { reportId: 'abc', limit: 0, colour: 'red' },
    });
    expect(result.isError).toBe(true);
    const text = JSON.stringify(result.content);
    expect(text).toMatch(/colour: expected an argument this tool takes/);
    expect(text).toMatch(/reportId: expected/);
    expect(text).toMatch(/limit: expected a whole number/);
    const watch = await session.client.callTool({
      name: 'workspan_watch_object_event',
      arguments: { filters: '(stage = ' },
    });
    expect(watch.isError).toBe(true);
    expect(JSON.stringify(watch.content)).toMatch(/integrationId/);
    const read = await session.client.callTool({
      name: 'workspan_watch_read',
      arguments: { watchId: 'nope', waitSeconds: 99 },
    });
    expect(JSON.stringify(read.content)).toMatch(/waitSeconds: expected/);
    expect(proxy.requests.length).toBe(before);
  });

  it('keep the connection secret out of every answer', async () => {
    const result = await session.client.callTool({
      name: 'workspan_subscription_get',
      arguments: { subscriberId: 'WS-Subscriber_missing' },
    });
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result.content)).toMatch(/subscriberId/);
    expect(JSON.stringify(result)).not.toContain(sandbox.credentials.clientSecret);
    expect(session.stderr()).not.toContain(sandbox.credentials.clientSecret);
  });
});

describe('a bulk load wait', () => {
  it('reports progress and stops polling once cancelled', async () => {
    await sandboxAdmin(sandbox, '/executions/pause', { body: {} });
    const cancel = new AbortController();
    const progress: string[] = [];
    const calling = session.client.callTool(
      {
        name: 'workspan_bulk_load_load_data',
        arguments: {
          integrationId,
          data: 'opportunity_id,name\n006MCP0009,Waited\n',
          waitForCompletion: true,
          pollInterval: 1000,
        },
      },
      {
        signal: cancel.signal,
        onprogress: (event) => {
          progress.push(String(event.message));
          if (progress.length === 3) cancel.abort();
        },
      },
    );
    await expect(calling).rejects.toThrow();
    expect(progress[0]).toMatch(/^load \w+ started$/);
    expect(progress[1]).toMatch(/^running: /);
    const polls = () => proxy.requests.filter((line) => line.startsWith('GET /bulk/v1/status/')).length;
    const afterCancel = polls();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(polls()).toBe(afterCancel);
    await sandboxAdmin(sandbox, '/executions/resume', { body: {} });
  });
});

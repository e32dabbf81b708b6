// biome-ignore-all lint/suspicious/noExplicitAny: the tests read untyped JSON answers
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { RunningSandbox } from '@workspan-kit/sandbox';
import { sandboxAdmin } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionRoute, connectionId, connectionNode, tabNode } from './test-support/flows.js';
import { eventually, type NodeRedProcess, startTestbed, type Testbed } from './test-support/harness.js';

// Every action node in a real Node-RED (5 and 4.1), the package installed from its packed tarball
// with npm, flows and credentials deployed through the admin API, results checked in the sandbox.
describe.each([5, 4] as const)('action nodes in Node-RED %i', (major) => {
  let testbed: Testbed;
  let sandbox: RunningSandbox;
  let nodeRed: NodeRedProcess;
  let userDir: string;

  const flows = () => [
    tabNode,
    connectionNode({ url: sandbox.url, ...sandbox.credentials }),
    ...actionRoute('bulk', 'workspan-bulk-load', { operation: 'BulkloadData' }),
    ...actionRoute('object', 'workspan-object', { operation: 'GetExternalId' }),
    ...actionRoute('report', 'workspan-report', { operation: 'GetReportList' }),
    ...actionRoute('metadata', 'workspan-metadata', { operation: 'GetIntegrationList' }),
    ...actionRoute('subscription', 'workspan-subscription', { operation: 'ReadSubscriber' }),
    // Properties set in the edit dialog, one from an environment variable.
    ...actionRoute('configured-report', 'workspan-report', {
      operation: 'GetReportData',
      paging: 'limit',
      limit: 7,
      parameters: {
        reportId: { value: 'WORKSPAN_TEST_REPORT', type: 'env' },
        pageSize: { value: '3', type: 'num' },
      },
    }),
    // Saved as Add Audit Entry, with an audit field that no other operation may receive.
    ...actionRoute('audit', 'workspan-object', {
      operation: 'ObjectAudit',
      parameters: {
        statusCode: { value: 'LINKED', type: 'choice' },
        fieldName: { value: 'partner_center.integration_status', type: 'str' },
      },
    }),
  ];

  const run = async (id: string, body: Record<string, unknown>) => {
    const answer = await fetch(`${nodeRed.url}/run/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await answer.text();
    if (!(answer.headers.get('content-type') ?? '').includes('json'))
      throw new Error(`no JSON answer (${answer.status})`);
    return {
      status: answer.status,
      body: JSON.parse(text) as { payload?: any; workspan?: any; error?: string },
    };
  };
  const sandboxGet = (path: string) => sandboxAdmin(sandbox, path);

  beforeAll(async () => {
    testbed = await startTestbed({ major, env: { WORKSPAN_TEST_REPORT: '1005' } });
    ({ sandbox, nodeRed, userDir } = testbed);
    await nodeRed.deploy(flows());
    await eventually(
      async () => ((await run('metadata', {})).status === 200 ? true : undefined),
      'the flows to start',
    );
  });
  afterAll(async () => {
    await testbed?.close();
  });

  it('keeps the application user secret out of the flow file', async () => {
    const flowFile = await (await import('node:fs/promises')).readFile(join(userDir, 'flows.json'), 'utf8');
    expect(flowFile).not.toContain(sandbox.credentials.clientSecret);
    const credentials = await (await import('node:fs/promises')).readFile(
      join(userDir, 'flows_cred.json'),
      'utf8',
    );
    expect(credentials).not.toContain(sandbox.credentials.clientSecret);
    expect(JSON.parse(credentials).$).toBeTypeOf('string');
  });

  it('lists integrations, events and their schemas', async () => {
    const integrations = await run('metadata', {});
    expect(integrations.body.payload.integrations.map((item: any) => item.integration_id)).toContain(
      'WS-Integration_crm_opportunity',
    );
    const events = await run('metadata', { msg: { operation: 'GetEventList' } });
    expect(events.body.payload.events.map((event: any) => event.name)).toContain('task.assigned');
    const eventSchema = await run('metadata', {
      msg: { operation: 'GetEventSchema', event: 'task.assigned' },
    });
    expect(eventSchema.body.payload.schema.type).toBe('object');
    const objectSchema = await run('metadata', {
      msg: { operation: 'GetObjectEventSchema', integrationId: 'WS-Integration_crm_opportunity' },
    });
    expect(Object.keys(objectSchema.body.payload.schema.properties)).toContain('object_id');
  });

  it('bulk loads rows from msg.payload and waits for completion', async () => {
    const rows = [
      { opportunity_id: `nr${major}-1`, name: `Node-RED ${major} deal one`, stage: 'proposal', amount: 1000 },
      { opportunity_id: `nr${major}-2`, name: `Node-RED ${major} deal two`, stage: 'won', amount: 2000 },
    ];
    const result = await run('bulk', {
      msg: { integrationId: 'WS-Integration_crm_opportunity', dataFormat: 'json', waitForCompletion: true },
      payload: rows,
    });
    expect(result.status).toBe(200);
    expect(result.body.payload).toMatchObject({ status: 'completed', succcess_count: 2, error_count: 0 });
    expect(result.body.workspan.executionId).toBeTypeOf('string');
    const stored = await sandboxGet('/objects?type=opportunity&limit=1000');
    const names = stored.objects.map((object: any) => object.fields.name);
    expect(names).toEqual(expect.arrayContaining(rows.map((row) => row.name)));
  });

  it('fails on row errors when asked, through a Catch node, with nothing sent', async () => {
    const csv = `opportunity_id,name,close_date\nnr${major}-3,Good row,2026-01-31\nnr${major}-4,,2026-01-31\n`;
    const result = await run('bulk', {
      msg: {
        operation: 'BulkloadOpportunity',
        integrationId: 'WS-Integration_crm_opportunity',
        waitForCompletion: true,
        failOnRowErrors: true,
      },
      payload: csv,
    });
    expect(result.status).toBe(500);
    expect(result.body.error).toMatch(
      /partly failed — 2 rows read, 1 written, 1 refused, 0 skipped; first error: Missing value of required field 'name'/,
    );
  });

  it('uploads a Buffer and a file path as attachments, then reads the status', async () => {
    const csv = `opportunity_id,name\nnr${major}-5,Attached deal ${major}\n`;
    const upload = await run('bulk', {
      msg: {
        operation: 'BulkloadDataFileAttachment',
        integrationId: 'WS-Integration_crm_opportunity',
        dataFormat: 'csv',
        filename: 'deals.csv',
      },
      payloadBase64: Buffer.from(csv).toString('base64'),
    });
    expect(upload.status).toBe(200);
    const executionId = upload.body.payload.execution_id as string;
    const status = await eventually(async () => {
      const answer = await run('bulk', {
        msg: { operation: 'GetBulkloadStatus', integrationId: 'WS-Integration_crm_opportunity', executionId },
      });
      return answer.body.payload.status === 'completed' ? answer.body.payload : undefined;
    }, 'the attachment load to complete');
    expect(status.succcess_count).toBe(1);

    const file = join(userDir, `opportunities-${major}.csv`);
    await writeFile(file, `opportunity_id,name\nnr${major}-6,File deal ${major}\n`);
    const fromPath = await run('bulk', {
      msg: {
        operation: 'BulkloadOpportunityFileAttachment',
        integrationId: 'WS-Integration_crm_opportunity',
        contentType: 'csv',
        waitForCompletion: true,
      },
      payload: file,
    });
    expect(fromPath.body.payload).toMatchObject({ status: 'completed', succcess_count: 1 });
    const stored = await sandboxGet('/objects?type=opportunity&limit=1000');
    const names = stored.objects.map((object: any) => object.fields.name);
    expect(names).toEqual(expect.arrayContaining([`Attached deal ${major}`, `File deal ${major}`]));
  });

  it('updates and reads external ids and records audits on objects', async () => {
    const objects = await sandboxGet('/objects?type=opportunity&limit=1');
    const objectId = objects.objects[0].object_id as string;
    const externalId = `crm-node-red-${major}-${Date.now()}`;
    const update = await run('object', { msg: { operation: 'UpdateExternalId', objectId, externalId } });
    expect(update.status).toBe(200);
    const read = await run('object', { msg: { objectId } });
    expect(read.body.payload.external_ids).toContainEqual({
      field_name: 'sales_details.crm_opportunity_id',
      external_id: externalId,
    });
    const audit = await run('object', {
      msg: {
        operation: 'ObjectAudit',
        objectId,
        statusCode: 'LINKED',
        message: `linked from Node-RED ${major}`,
      },
    });
    expect(audit.status).toBe(200);
    const stored = await sandboxGet(`/objects/${objectId}`);
    expect(JSON.stringify(stored)).toContain(`linked from Node-RED ${major}`);
    expect(
      stored.fields?.['partner_center.integration_status'] ??
        stored.object?.fields?.['partner_center.integration_status'],
    ).toBe('LINKED');
  });

  it('reads reports: all of the list, a limit of rows from dialog properties, one raw page', async () => {
    const list = await run('report', {});
    expect(list.body.payload.map((report: any) => report.id)).toEqual([1001, 1002, 1003, 1004, 1005, 1006]);
    const limited = await run('configured-report', {});
    expect(limited.body.payload).toHaveLength(7);
    expect(limited.body.payload[0]).toHaveProperty('name');
    const page = await run('report', {
      msg: { operation: 'GetReportData', reportId: 1005, paging: 'page', pageSize: 4, pageNumber: 1 },
    });
    expect(page.body.payload.results).toHaveLength(4);
    expect(page.body.payload).toHaveProperty('endOfList', false);
  });

  it('reads and deletes a subscription', async () => {
    const { createWorkSpanClient } = await import('@workspan-kit/core/node');
    const client = createWorkSpanClient({ connection: { environment: sandbox.url, ...sandbox.credentials } });
    const { subscriber_id: subscriberId } = await client.call('SubscribeObjectEvent', {
      integrationId: 'WS-Integration_crm_opportunity',
      name: `read-and-delete-${major}`,
      callbackUrl: 'http://127.0.0.1:9/unused',
    });
    const read = await run('subscription', { msg: { subscriberId } });
    expect(read.body.payload).toMatchObject({
      subscriber_id: subscriberId,
      name: `read-and-delete-${major}`,
    });
    const deleted = await run('subscription', { msg: { operation: 'DeleteSubscriber', subscriberId } });
    expect(deleted.status).toBe(200);
    const left = await sandboxGet('/subscribers');
    expect(left.subscribers.map((item: any) => item.subscriber_id)).not.toContain(subscriberId);
  });

  it('names the property that was wrong, before any request, and sends nothing', async () => {
    const before = (await sandboxGet('/executions')).executions.length;
    const result = await run('bulk', { msg: { dataFormat: 'json' }, payload: [{ name: 'x' }] });
    expect(result.status).toBe(500);
    expect(result.body.error).toContain('BulkloadData: Integration (msg.integrationId): expected');
    expect((await sandboxGet('/executions')).executions.length).toBe(before);
    const unknown = await run('bulk', { msg: { operation: 'GetReportList' } });
    expect(unknown.body.error).toContain('msg.operation must be one of BulkloadDataFileAttachment');
  });

  it('checks the follow-up values before uploading: a bad poll interval loads nothing', async () => {
    const before = (await sandboxGet('/executions')).executions.length;
    const result = await run('bulk', {
      msg: {
        integrationId: 'WS-Integration_crm_opportunity',
        dataFormat: 'json',
        waitForCompletion: true,
        pollInterval: 500,
      },
      payload: [{ opportunity_id: `nr${major}-poll`, name: 'Never loaded' }],
    });
    expect(result.status).toBe(500);
    expect(result.body.error).toContain(
      'Poll Interval (ms) (msg.pollInterval): expected a whole number from 1000',
    );
    const limit = await run('report', { msg: { paging: 'limit', limit: 0 } });
    expect(limit.body.error).toContain('Limit (msg.limit): expected');
    expect((await sandboxGet('/executions')).executions.length).toBe(before);
  });

  it('names the property that carried an id WorkSpan does not know', async () => {
    const result = await run('metadata', {
      msg: { operation: 'GetObjectEventSchema', integrationId: 'WS-Integration_nobody' },
    });
    expect(result.status).toBe(500);
    expect(result.body.error).toContain(
      'Integration (msg.integrationId) "WS-Integration_nobody" was not found in WorkSpan',
    );
  });

  it('never gives one operation the values saved for another, and takes an operation by its name', async () => {
    const objects = await sandboxGet('/objects?type=opportunity&limit=1');
    const objectId = objects.objects[0].object_id as string;
    const externalId = `crm-switched-${major}-${Date.now()}`;
    const update = await run('audit', { msg: { operation: 'UpdateExternalId', objectId, externalId } });
    expect(update.body.error).toBeUndefined();
    expect(update.status).toBe(200);
    const read = await run('audit', { msg: { operation: 'Get External IDs', objectId } });
    expect(read.body.payload.external_ids).toContainEqual({
      field_name: 'sales_details.crm_opportunity_id',
      external_id: externalId,
    });
  });

  /** What the dialog of a connection not yet deployed posts. */
  const undeployedConnection = () => ({
    connection: 'not-deployed-yet',
    environment: 'custom',
    baseUrl: sandbox.url,
    hostname: sandbox.credentials.hostname,
    clientId: sandbox.credentials.clientId,
    clientSecret: sandbox.credentials.clientSecret,
  });

  it('fills dropdowns through a permission-checked admin endpoint, for deployed and undeployed connections', async () => {
    const deployed = await nodeRed.admin('/workspan/lists/integrations', {
      method: 'POST',
      body: JSON.stringify({ connection: connectionId }),
    });
    const options = (await deployed.json()) as { value: string; label: string }[];
    expect(options.map((option) => option.value)).toContain('WS-Integration_partner_center');
    expect(JSON.stringify(options)).not.toContain(sandbox.credentials.clientSecret);
    const undeployed = await nodeRed.admin('/workspan/lists/reports', {
      method: 'POST',
      body: JSON.stringify(undeployedConnection()),
    });
    expect(((await undeployed.json()) as unknown[]).length).toBe(6);
    // A stored secret is used on the server when the dialog only has Node-RED's placeholder.
    const placeholder = await nodeRed.admin('/workspan/lists/events', {
      method: 'POST',
      body: JSON.stringify({
        connection: connectionId,
        environment: 'custom',
        baseUrl: sandbox.url,
        hostname: sandbox.credentials.hostname,
        clientSecret: '__PWRD__',
      }),
    });
    expect(((await placeholder.json()) as { value: string }[]).map((option) => option.value)).toContain(
      'task.assigned',
    );
    const anonymous = await fetch(`${nodeRed.url}/workspan/lists/integrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ connection: connectionId }),
    });
    expect(anonymous.status).toBe(401);
  });

  it('sends a stored secret only to the stored connection, and tries unsaved values only for writers', async () => {
    const heard: string[] = [];
    const listener = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        heard.push(`${request.method} ${request.url} ${body}`);
        response.writeHead(500).end();
      });
    });
    listener.listen(0, '127.0.0.1');
    await once(listener, 'listening');
    const elsewhere = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
    try {
      const list = (as: 'admin' | 'viewer', body: Record<string, unknown>) =>
        nodeRed[as]('/workspan/lists/integrations', { method: 'POST', body: JSON.stringify(body) });
      const storedSecretElsewhere = {
        connection: connectionId,
        environment: 'custom',
        baseUrl: elsewhere,
        hostname: 'x',
        clientSecret: '__PWRD__',
      };
      // A read-only user: the deployed connection as it is, nothing else.
      expect((await list('viewer', { connection: connectionId })).status).toBe(200);
      expect((await list('viewer', storedSecretElsewhere)).status).toBe(401);
      expect((await list('viewer', { ...storedSecretElsewhere, clientSecret: undefined })).status).toBe(401);
      expect((await list('viewer', { ...undeployedConnection(), baseUrl: elsewhere })).status).toBe(401);
      // A writer may try unsaved values, but the stored secret still goes only where it is stored.
      const refused = await list('admin', storedSecretElsewhere);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: string }).error).toMatch(/Application User Secret/);
      expect((await list('admin', { ...storedSecretElsewhere, clientSecret: '' })).status).toBe(400);
      expect(
        (
          await list('admin', {
            ...storedSecretElsewhere,
            baseUrl: sandbox.url,
            hostname: 'other.example.com',
          })
        ).status,
      ).toBe(400);
      expect(heard).toEqual([]);
      // Values typed in the dialog go where the dialog says.
      const typed = { ...undeployedConnection(), baseUrl: elsewhere, clientSecret: 'typed-in-the-dialog' };
      expect((await list('admin', typed)).status).toBe(400);
      expect(heard.join('\n')).toContain('typed-in-the-dialog');
      expect(heard.join('\n')).not.toContain(sandbox.credentials.clientSecret);
    } finally {
      listener.closeAllConnections();
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it('takes only a connection node as the connection of a list', async () => {
    // The id of an action node: not a connection, so nothing deployed to use as it is.
    const notConnection = { connection: 'metadata' };
    expect(
      (
        await nodeRed.viewer('/workspan/lists/integrations', {
          method: 'POST',
          body: JSON.stringify(notConnection),
        })
      ).status,
    ).toBe(401);
    const asWriter = await nodeRed.admin('/workspan/lists/integrations', {
      method: 'POST',
      body: JSON.stringify(notConnection),
    });
    expect(asWriter.status).toBe(400);
    expect(((await asWriter.json()) as { error: string }).error).toMatch(/^Application User Secret: /);
  });

  it('says which field of the connection dialog to correct when a dropdown cannot be filled', async () => {
    const list = async (change: Record<string, string>) => {
      const answer = await nodeRed.admin('/workspan/lists/integrations', {
        method: 'POST',
        body: JSON.stringify({ ...undeployedConnection(), ...change }),
      });
      return { status: answer.status, error: ((await answer.json()) as { error: string }).error };
    };
    const wrongSecret = await list({ clientSecret: 'not-the-secret' });
    expect(wrongSecret.status).toBe(400);
    expect(wrongSecret.error).toMatch(/^Application User ID or Application User Secret: WorkSpan refused/);
    expect(wrongSecret.error).not.toContain('not-the-secret');
    expect((await list({ hostname: 'nobody.example.com' })).error).toMatch(/^WorkSpan App Hostname: /);
    expect((await list({ baseUrl: 'http://127.0.0.1:9' })).error).toMatch(
      /^Environment: WorkSpan could not be reached/,
    );
  });
});

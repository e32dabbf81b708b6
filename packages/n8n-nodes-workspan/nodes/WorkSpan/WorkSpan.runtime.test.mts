// The WorkSpan node inside a real n8n 2.41.1 (the packed package in its community nodes folder)
// against the sandbox: every action, paging, errors, files, the credential test and the lists.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkSpanClient, iterateReportData, iterateReportList } from '@workspan-kit/core/node';
import { createOpportunity, seededIntegrations, uniqueTag } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningN8n, startN8n } from '../../test-support/n8n-instance.mts';
import { startTestSandbox, type TestSandbox, waitFor } from '../../test-support/sandbox.mts';
import {
  activate,
  type CredentialRef,
  createCredential,
  createWorkflow,
  deactivate,
  itemsFromBody,
  nodeTypes,
  postWebhook,
  runSteps,
  type Step,
  workflow,
} from '../../test-support/workflows.mts';

let sandbox: TestSandbox;
let n8n: RunningN8n;
let credential: CredentialRef;
let files: string;

const workSpan = (parameters: Record<string, unknown>, extra: Partial<Step> = {}): Step => ({
  name: 'WorkSpan',
  type: nodeTypes.workSpan,
  parameters,
  ...extra,
});

const readFile = (path: string): Step => ({
  name: 'Read File',
  type: 'n8n-nodes-base.readWriteFile',
  parameters: { operation: 'read', fileSelector: path, options: {} },
});

const oracle = () =>
  createWorkSpanClient({ connection: { environment: sandbox.url, ...sandbox.credentials }, throttle: false });

beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), 'workspan-n8n-files-'));
  sandbox = await startTestSandbox();
  n8n = await startN8n({ env: { N8N_RESTRICT_FILE_ACCESS_TO: files } });
  credential = await createCredential(n8n, 'WorkSpan sandbox', sandbox.credentialData);
});

afterAll(async () => {
  await n8n?.close();
  await sandbox?.close();
  if (files) rmSync(files, { recursive: true, force: true });
});

describe('objects', () => {
  it('Add Audit records the status that the sandbox then holds', async () => {
    const objectId = await createOpportunity(sandbox, {
      name: `${uniqueTag('audit')} deal`,
      stage: 'negotiation',
    });
    const run = await runSteps(n8n, credential, [
      workSpan({
        resource: 'object',
        operation: 'addAudit',
        objectId,
        statusCode: 'LINKED',
        message: 'Referral created in Partner Center',
        options: { integrationId: seededIntegrations.partnerCenter },
      }),
    ]);
    expect(run.status).toBe(200);
    expect(run.items).toEqual([
      { object_id: objectId, field_name: 'partner_center.integration_status', status_code: 'LINKED' },
    ]);
    const stored = await sandbox.admin(`/objects/${objectId}`);
    expect(stored.fields['partner_center.integration_status']).toBe('LINKED');
    expect(stored.audit_log).toEqual([
      expect.objectContaining({ status_code: 'LINKED', message: 'Referral created in Partner Center' }),
    ]);
  });

  it('Connect External ID then Get External ID read back what the sandbox stored', async () => {
    const tag = uniqueTag('ext');
    const objectId = await createOpportunity(sandbox, { name: `${tag} deal`, stage: 'proposal' });
    const run = await runSteps(n8n, credential, [
      workSpan(
        { resource: 'object', operation: 'connectExternalId', objectId, externalId: `${tag}-crm` },
        { name: 'Connect' },
      ),
      workSpan(
        { resource: 'object', operation: 'getExternalId', objectId: '={{ $json.object_id }}' },
        { name: 'Read' },
      ),
    ]);
    expect(run.status).toBe(200);
    expect(run.items).toEqual([
      {
        object_id: objectId,
        external_ids: [{ external_id: `${tag}-crm`, field_name: 'sales_details.crm_opportunity_id' }],
      },
    ]);
    const stored = await sandbox.admin(`/objects/${objectId}`);
    expect(stored.fields['sales_details.crm_opportunity_id']).toBe(`${tag}-crm`);
  });
});

describe('bulk loads', () => {
  /** Load Data with the input items as the rows of one load, waiting for its final status. */
  const loadItemsAndWait = (extra: Record<string, unknown> = {}) =>
    workSpan({
      resource: 'bulkLoad',
      operation: 'loadData',
      integrationId: seededIntegrations.crmOpportunity,
      dataFormat: 'json',
      dataSource: 'items',
      rowsPerLoad: 'allItems',
      waitForCompletion: true,
      ...extra,
    });

  it('Load Data sends the input items as rows in one load and waits for its final status', async () => {
    const tag = uniqueTag('rows');
    const rows = [
      { opportunity_id: `${tag}-1`, name: `${tag} one`, stage: 'proposal', amount: 1000 },
      { opportunity_id: `${tag}-2`, name: `${tag} two`, stage: 'won', amount: 2000 },
    ];
    const run = await runSteps(n8n, credential, [itemsFromBody, loadItemsAndWait()], { items: rows });
    expect(run.status).toBe(200);
    expect(run.items).toHaveLength(1);
    expect(run.items[0]).toMatchObject({
      status: 'completed',
      input_count: 2,
      succcess_count: 2,
      error_count: 0,
    });
    const listed = await sandbox.admin('/objects?type=opportunity&limit=1000');
    const names = listed.objects.map((object: { fields: { name?: string } }) => object.fields.name);
    expect(names).toEqual(expect.arrayContaining([`${tag} one`, `${tag} two`]));
  });

  it('a poll interval below the floor, given by expression, fails before any row is sent', async () => {
    const tag = uniqueTag('floor');
    const before = (await sandbox.admin('/executions')).executions.length;
    const run = await runSteps(
      n8n,
      credential,
      [itemsFromBody, loadItemsAndWait({ pollInterval: '={{ 500 }}' })],
      {
        items: [{ opportunity_id: `${tag}-1`, name: `${tag} one` }],
      },
    );
    expect(run.status).toBe(500);
    expect(run.execution.data.resultData.error.message).toContain('Invalid parameter "Poll Interval (ms)"');
    expect((await sandbox.admin('/executions')).executions.length).toBe(before);
  });

  it('stopping the execution while it waits for a load stops the polling', async () => {
    // Status calls are counted on their way to the sandbox, whose bulk runner is held. n8n also
    // refuses a stopped execution's requests; the node's own cancel ends the wait between polls.
    let statusCalls = 0;
    const proxy = createServer((request, response) => {
      if (request.url?.startsWith('/bulk/v1/status/')) statusCalls++;
      const forwarded = httpRequest(
        `${sandbox.url}${request.url}`,
        { method: request.method, headers: request.headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      forwarded.on('error', () => response.destroy());
      request.pipe(forwarded);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxied = await createCredential(n8n, uniqueTag('counted'), {
      ...sandbox.credentialData,
      baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      callsPerMinute: 1000,
    });
    await sandbox.admin('/executions/pause', { method: 'POST', body: {} });
    try {
      const path = `wait-${uniqueTag('stop')}`;
      const id = await createWorkflow(
        n8n,
        workflow(
          'stop a wait',
          [itemsFromBody, loadItemsAndWait({ pollInterval: 1000, waitTimeout: 600_000 })],
          proxied,
          path,
        ),
      );
      expect((await activate(n8n, id)).status).toBe(200);
      const answered = postWebhook(n8n, path, {
        items: [{ opportunity_id: uniqueTag('held'), name: 'held' }],
      });
      await waitFor(async () => (statusCalls >= 2 ? true : undefined), 'the node to poll twice');
      const [running] = (await n8n.api(`/executions?workflowId=${id}&status=running`)).body.data;
      expect((await n8n.rest(`/executions/${running.id}/stop`, { method: 'POST', body: {} })).status).toBe(
        200,
      );
      await answered;
      const stopped = await waitFor(async () => {
        const record = (await n8n.api(`/executions/${running.id}`)).body;
        return record.stoppedAt ? record : undefined;
      }, 'the execution to stop');
      expect(stopped.status).toBe('canceled');
      const afterStop = statusCalls;
      await new Promise((resolve) => setTimeout(resolve, 3500));
      expect(statusCalls).toBe(afterStop);
      await deactivate(n8n, id);
    } finally {
      await sandbox.admin('/executions/resume', { method: 'POST', body: {} });
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('Load Opportunities sends CSV text; Get Status reads the load the sandbox ran', async () => {
    const tag = uniqueTag('csv');
    const csv = `opportunity_id,name,stage\n${tag}-1,${tag} csv deal,proposal\n`;
    const run = await runSteps(n8n, credential, [
      workSpan(
        {
          resource: 'bulkLoad',
          operation: 'loadOpportunities',
          integrationId: seededIntegrations.crmOpportunity,
          contentType: 'csv',
          dataSource: 'text',
          data: csv,
        },
        { name: 'Load' },
      ),
      workSpan(
        {
          resource: 'bulkLoad',
          operation: 'getStatus',
          integrationId: seededIntegrations.crmOpportunity,
          executionId: '={{ $json.execution_id }}',
        },
        { name: 'Status' },
      ),
    ]);
    expect(run.status).toBe(200);
    const [status] = run.items;
    expect(status.execution_id).toMatch(/\S/);
    const executions = await sandbox.admin('/executions');
    expect(
      executions.executions.map((execution: { execution_id: string }) => execution.execution_id),
    ).toContain(status.execution_id);
  });

  it('Load Data File and Load Opportunities File upload the binary, format from its file name', async () => {
    const tag = uniqueTag('file');
    const path = join(files, `${tag}.csv`);
    writeFileSync(path, `opportunity_id,name,stage\n${tag}-1,${tag} file deal,proposal\n`);
    for (const operation of ['loadDataFile', 'loadOpportunitiesFile']) {
      const run = await runSteps(n8n, credential, [
        readFile(path),
        workSpan({
          resource: 'bulkLoad',
          operation,
          integrationId: seededIntegrations.crmOpportunity,
          binaryPropertyName: 'data',
          waitForCompletion: true,
        }),
      ]);
      expect(run.status, JSON.stringify(run.body)).toBe(200);
      expect(run.items[0]).toMatchObject({ status: 'completed', input_count: 1, error_count: 0 });
    }
    const listed = await sandbox.admin('/objects?type=opportunity&limit=1000');
    expect(listed.objects.map((object: { fields: { name?: string } }) => object.fields.name)).toContain(
      `${tag} file deal`,
    );
  });

  it('uploads a 50 MB binary as a stream: n8n does not grow by the file size', async () => {
    const small = join(files, 'small.csv');
    writeFileSync(small, 'opportunity_id,stage\nwarm-up,proposal\n');
    const path = join(files, 'large.csv');
    const row = `${'x'.repeat(90)},proposal\n`;
    writeFileSync(path, `opportunity_id,stage\n${row.repeat(Math.ceil((50 * 1024 * 1024) / row.length))}`);
    const fileBytes = readFileSync(path).byteLength;
    expect(fileBytes).toBeGreaterThanOrEqual(50 * 1024 * 1024);
    const upload: Step = workSpan({
      resource: 'bulkLoad',
      operation: 'loadDataFile',
      integrationId: seededIntegrations.crmOpportunity,
      dataFormat: 'csv',
      binaryPropertyName: 'data',
    });
    const pid = n8n.process.pid as number;
    const residentBytes = () =>
      Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024;
    /** How far n8n's resident memory rises above where it was while the steps run. */
    const growth = async (steps: Step[]) => {
      const before = residentBytes();
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, residentBytes());
      }, 20);
      try {
        const run = await runSteps(n8n, credential, steps);
        expect(run.status, JSON.stringify(run.body)).toBe(200);
      } finally {
        clearInterval(sampler);
      }
      return peak - before;
    };
    // The sandbox stores the uploads but does not process them: the test is about n8n's memory.
    await sandbox.admin('/executions/pause', { method: 'POST' });
    try {
      await growth([readFile(small), upload]);
      // The baseline, measured in the same run: n8n reading the same file into its binary store.
      const reading = await growth([readFile(path)]);
      const uploading = await growth([readFile(path), upload]);
      expect(uploading - reading).toBeLessThan(fileBytes / 2);
    } finally {
      await sandbox.admin('/executions/resume', { method: 'POST' }).catch(() => {});
    }
  }, 180_000);
});

describe('reports', () => {
  it('List Reports with Return All gives every report the sandbox has', async () => {
    const expected: unknown[] = [];
    for await (const report of iterateReportList(oracle())) expected.push(report);
    const run = await runSteps(n8n, credential, [
      workSpan({ resource: 'report', operation: 'list', returnAll: true }),
    ]);
    expect(run.status).toBe(200);
    expect(run.items).toEqual(expected);
  });

  it('Get Data with Return All reads every page; Limit stops where it says; filters apply', async () => {
    const all: unknown[] = [];
    for await (const row of iterateReportData(oracle(), 1001)) all.push(row);
    expect(all.length).toBeGreaterThan(250);
    const every = await runSteps(n8n, credential, [
      workSpan({
        resource: 'report',
        operation: 'getData',
        reportId: { __rl: true, mode: 'list', value: 1001, cachedResultName: 'Pipeline' },
        returnAll: true,
        options: { pageSize: 100 },
      }),
    ]);
    expect(every.items).toEqual(all);

    // The report typed By ID, and the plain ID a workflow saved before the pickers stored.
    for (const reportId of [{ __rl: true, mode: 'id', value: '1001' }, 1001]) {
      const limited = await runSteps(n8n, credential, [
        workSpan({ resource: 'report', operation: 'getData', reportId, returnAll: false, limit: 7 }),
      ]);
      expect(limited.items).toEqual(all.slice(0, 7));
    }

    const won = await runSteps(n8n, credential, [
      workSpan({
        resource: 'report',
        operation: 'getData',
        reportId: 1001,
        returnAll: true,
        match: 'AND',
        conditions: { condition: [{ colId: 'stage', type: 'TEXT', op: 'EQUAL_TO', value: 'won' }] },
      }),
    ]);
    const expectedWon: unknown[] = [];
    for await (const row of iterateReportData(oracle(), 1001, {
      filters: {
        op: 'AND',
        fieldFilters: [{ colId: 'stage', type: 'TEXT', filter: { op: 'EQUAL_TO', value: 'won' } }],
      },
    }))
      expectedWon.push(row);
    expect(won.items.length).toBeGreaterThan(0);
    expect(won.items).toEqual(expectedWon);
  });
});

describe('errors', () => {
  it('a bad parameter fails the execution with a message naming it', async () => {
    const run = await runSteps(n8n, credential, [
      workSpan({ resource: 'report', operation: 'getData', reportId: 'twelve', returnAll: false, limit: 1 }),
    ]);
    expect(run.status).toBe(500);
    const error = run.execution.data.resultData.error;
    expect(error.message).toContain('Invalid parameter "Report"');
    expect(error.message).toContain('numeric report id');
  });

  it('an integration WorkSpan does not know is named as the form names it', async () => {
    const run = await runSteps(n8n, credential, [
      workSpan({
        resource: 'metadata',
        operation: 'getObjectEventSchema',
        integrationId: 'WS-Integration_nobody',
      }),
    ]);
    expect(run.status).toBe(500);
    expect(run.execution.data.resultData.error.message).toMatch(
      /^Integration "WS-Integration_nobody" was not found in WorkSpan/,
    );
  });

  it('with continueOnFail the other items still run', async () => {
    const objectId = await createOpportunity(sandbox, {
      name: `${uniqueTag('cof')} deal`,
      stage: 'proposal',
    });
    const run = await runSteps(
      n8n,
      credential,
      [
        itemsFromBody,
        workSpan(
          { resource: 'object', operation: 'getExternalId', objectId: '={{ $json.id }}' },
          { onError: 'continueRegularOutput' },
        ),
      ],
      { items: [{ id: '..' }, { id: objectId }] },
    );
    expect(run.status).toBe(200);
    expect(run.items).toHaveLength(2);
    expect(run.items[0].error).toContain('Object ID');
    expect(run.items[1]).toEqual({ object_id: objectId, external_ids: [] });
  });
});

describe('batching', () => {
  it('items sent together keep their order and pairing; a failing one gets its own output', async () => {
    const objectIds: string[] = [];
    for (let index = 0; index < 5; index++)
      objectIds.push(
        await createOpportunity(sandbox, { name: `${uniqueTag('batch')} ${index}`, stage: 'proposal' }),
      );
    const given = [objectIds[0], objectIds[1], '..', objectIds[2], objectIds[3], objectIds[4]];
    const run = await runSteps(
      n8n,
      credential,
      [
        itemsFromBody,
        workSpan(
          {
            resource: 'object',
            operation: 'getExternalId',
            objectId: '={{ $json.id }}',
            options: { batching: { batch: { batchSize: 4 } } },
          },
          { onError: 'continueRegularOutput' },
        ),
      ],
      { items: given.map((id) => ({ id })) },
    );
    expect(run.status).toBe(200);
    expect(run.items.map((item) => item.object_id ?? 'failed')).toEqual(
      given.map((id) => (id === '..' ? 'failed' : id)),
    );
    expect(run.items[2].error).toContain('Object ID');
    const output = run.execution.data.resultData.runData.WorkSpan[0].data.main[0];
    expect(output.map((item: { pairedItem: { item: number } }) => item.pairedItem.item)).toEqual([
      0, 1, 2, 3, 4, 5,
    ]);
  });

  it('an Items per Batch that is not a whole number of 1 or more is refused by name', async () => {
    const run = await runSteps(
      n8n,
      credential,
      [
        itemsFromBody,
        workSpan({
          resource: 'object',
          operation: 'getExternalId',
          objectId: '={{ $json.id }}',
          options: { batching: { batch: { batchSize: 0 } } },
        }),
      ],
      { items: [{ id: 'x' }] },
    );
    expect(run.status).toBe(500);
    expect(run.execution.data.resultData.error.message).toContain(
      'Items per Batch: expected a whole number of 1 or more',
    );
  });
});

describe('credentials and lists through n8n', () => {
  const test = async (data: Record<string, unknown>) => {
    const created = await createCredential(n8n, uniqueTag('credential'), data);
    const answer = await n8n.rest('/credentials/test', {
      body: { credentials: { id: created.id, name: created.name, type: 'workSpanApi', data } },
    });
    return answer.body.data as { status: string; message: string };
  };

  it('the credential test passes with good credentials and names the wrong field otherwise', async () => {
    expect(await test(sandbox.credentialData)).toEqual({ status: 'OK', message: 'Connection successful!' });
    const badSecret = await test({ ...sandbox.credentialData, clientSecret: 'not-the-secret' });
    expect(badSecret.status).toBe('Error');
    expect(badSecret.message).toContain('Application User Secret');
    expect(badSecret.message).not.toContain('not-the-secret');
    const badHost = await test({ ...sandbox.credentialData, hostname: 'nowhere.workspan.com' });
    expect(badHost.message).toContain('WorkSpan App Hostname');
    const unreachable = await test({ ...sandbox.credentialData, baseUrl: 'http://127.0.0.1:9' });
    expect(unreachable.message).toContain('Environment');
  });

  it("the pickers' list searches return the sandbox's integrations, events and reports, searched and paged", async () => {
    const search = async (
      methodName: string,
      path: string,
      parameters: Record<string, unknown>,
      filter?: string,
      paginationToken?: string,
    ) => {
      const answer = await n8n.rest('/dynamic-node-parameters/resource-locator-results', {
        body: {
          nodeTypeAndVersion: { name: nodeTypes.workSpan, version: 1 },
          path,
          methodName,
          ...(filter === undefined ? {} : { filter }),
          ...(paginationToken === undefined ? {} : { paginationToken }),
          currentNodeParameters: parameters,
          credentials: { workSpanApi: credential },
        },
      });
      return answer.body.data as { results: { name: string; value: unknown }[]; paginationToken?: string };
    };
    const client = oracle();
    const { integrations: known } = await client.call('GetIntegrationList', {});
    const load = { resource: 'bulkLoad', operation: 'loadData' };
    const all = await search('searchIntegrations', 'parameters.integrationId', load);
    expect(all.results.map((result) => result.value)).toEqual(
      known.map((integration) => integration.integration_id),
    );
    expect(all.paginationToken).toBeUndefined();
    const first = known[0] as { integration_id: string; name?: string };
    const found = await search(
      'searchIntegrations',
      'parameters.integrationId',
      load,
      first.integration_id.toUpperCase(),
    );
    expect(found.results.map((result) => result.value)).toContain(first.integration_id);
    expect(found.results.length).toBeLessThanOrEqual(known.length);
    expect(
      (await search('searchIntegrations', 'parameters.integrationId', load, 'no such thing')).results,
    ).toEqual([]);

    const { events } = await client.call('GetEventList', {});
    expect(
      (
        await search('searchEvents', 'parameters.event', {
          resource: 'metadata',
          operation: 'getEventSchema',
        })
      ).results.map((result) => result.value),
    ).toEqual(events.map((event) => event.name));

    const reports: unknown[] = [];
    for await (const report of iterateReportList(client)) reports.push(report.id);
    const rows = { resource: 'report', operation: 'getData' };
    const seen: unknown[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await search('searchReports', 'parameters.reportId', rows, undefined, token);
      seen.push(...page.results.map((result) => result.value));
      token = page.paginationToken;
      pages += 1;
    } while (token !== undefined && pages < 50);
    expect(seen).toEqual(reports);
  });
});

describe('metadata and subscriptions', () => {
  it('the internal calls a user can make: integrations, events, schemas, read and delete a subscription', async () => {
    const run = async (parameters: Record<string, unknown>) =>
      (await runSteps(n8n, credential, [workSpan(parameters)])).items;
    const client = oracle();
    // One item per entry, as Report → Get Many gives.
    expect(await run({ resource: 'metadata', operation: 'listIntegrations' })).toEqual(
      (await client.call('GetIntegrationList', {})).integrations,
    );
    const eventList = await client.call('GetEventList', {});
    expect(await run({ resource: 'metadata', operation: 'listEvents' })).toEqual(eventList.events);
    const event = eventList.events[0]?.name as string;
    expect(await run({ resource: 'metadata', operation: 'getEventSchema', event })).toEqual([
      await client.call('GetEventSchema', { event }),
    ]);
    expect(
      await run({
        resource: 'metadata',
        operation: 'getObjectEventSchema',
        integrationId: { __rl: true, mode: 'list', value: seededIntegrations.crmOpportunity },
      }),
    ).toEqual([
      await client.call('GetObjectEventSchema', { integrationId: seededIntegrations.crmOpportunity }),
    ]);

    const { subscriber_id } = await client.call('SubscribeObjectEvent', {
      integrationId: seededIntegrations.crmOpportunity,
      name: uniqueTag('subscription'),
      callbackUrl: 'http://127.0.0.1:9/unused',
    });
    const [read] = await run({ resource: 'subscription', operation: 'read', subscriberId: subscriber_id });
    expect(read).toEqual(await client.call('ReadSubscriber', { subscriberId: subscriber_id }));
    await run({ resource: 'subscription', operation: 'delete', subscriberId: subscriber_id });
    await waitFor(async () => {
      const { subscribers } = await sandbox.admin('/subscribers');
      return subscribers.some((s: { subscriber_id: string }) => s.subscriber_id === subscriber_id)
        ? undefined
        : true;
    }, 'the subscription to be gone');
  });
});

describe('output schema preview', () => {
  it("n8n 2.41.1 does not serve a scoped package's output schemas to its editor (README: guidelines)", async () => {
    // Where n8n looks for a node's output schemas: __schema__/v<version>/<resource>/<operation>.json
    // beside the node's file.
    const nodeDir = join(
      n8n.userFolder,
      '.n8n/nodes/node_modules/@workspan-kit/n8n-nodes-workspan/dist/nodes/WorkSpan',
    );
    mkdirSync(join(nodeDir, '__schema__/v1.0.0/report'), { recursive: true });
    const schema = { type: 'object', properties: { id: { type: 'number' } } };
    writeFileSync(join(nodeDir, '__schema__/v1.0.0/report/getData.json'), JSON.stringify(schema));
    try {
      // The editor's request joins the node type into the path as it is: its "/" splits it in two,
      // the schema route does not match, and the editor gets n8n's page instead of a schema.
      const asked = await fetch(`${n8n.url}/schemas/${nodeTypes.workSpan}/1.0.0/report/getData.json`);
      expect(asked.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await asked.text()).toMatch(/^<!DOCTYPE html>/i);
      // The file is where n8n looks: with the type as one segment, n8n serves it.
      const oneSegment = await fetch(
        `${n8n.url}/schemas/${encodeURIComponent(nodeTypes.workSpan)}/1.0.0/report/getData.json`,
      );
      expect(oneSegment.status).toBe(200);
      expect(await oneSegment.json()).toEqual(schema);
    } finally {
      rmSync(join(nodeDir, '__schema__'), { recursive: true, force: true });
    }
  });
});

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operationIds } from '@workspan-kit/core';
import { createOpportunity, seededIntegrations } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunnerResult } from './test-support/run-as-runner.js';
import { uniqueName } from './test-support/run-as-runner.js';
import { type SandboxSteps, startSandboxSteps } from './test-support/sandbox-step.js';

/** Every operation through the bundled action, run as the runner runs it, against the sandbox. */
let steps: SandboxSteps;
let workspace: string;
const covered = new Set<string>();

function succeeded(result: RunnerResult, operation: string): RunnerResult {
  expect(result.errors, result.stdout + result.stderr).toEqual([]);
  expect(result.exitCode).toBe(0);
  covered.add(operation);
  return result;
}

async function opportunity(name: string): Promise<string> {
  return createOpportunity(steps.sandbox, { name, stage: 'proposal' });
}

beforeAll(async () => {
  steps = await startSandboxSteps();
  workspace = mkdtempSync(join(tmpdir(), 'workspan-action-workspace-'));
});

afterAll(async () => {
  await steps?.close();
  rmSync(workspace, { recursive: true, force: true });
  // A new catalogue operation fails here until the action runs it in this file.
  expect([...covered].sort()).toEqual([...operationIds].sort());
});

describe('a connection that cannot work', () => {
  it('names the inputs to correct: the application user, the hostname, the environment', async () => {
    const wrongSecret = await steps.step({
      operation: 'GetIntegrationList',
      'client-secret': 'not-the-secret-value',
    });
    expect(wrongSecret.exitCode).toBe(1);
    expect(wrongSecret.errors[0]).toMatch(
      /^client-id or client-secret: WorkSpan refused the application user/,
    );
    expect(wrongSecret.errors[0]).not.toContain('not-the-secret-value');
    const wrongHostname = await steps.step({
      operation: 'GetIntegrationList',
      hostname: 'nobody.example.com',
    });
    expect(wrongHostname.errors[0]).toMatch(/^hostname: WorkSpan knows no app hostname "nobody.example.com"/);
    const nothingThere = await steps.step({
      operation: 'GetIntegrationList',
      environment: 'http://127.0.0.1:9',
    });
    expect(nothingThere.errors[0]).toMatch(
      /^environment: WorkSpan could not be reached at http:\/\/127.0.0.1:9/,
    );
  });
});

describe('lists and schemas', () => {
  it('GetIntegrationList, GetEventList, GetEventSchema, GetObjectEventSchema', async () => {
    const integrationList = succeeded(
      await steps.step({ operation: 'GetIntegrationList' }),
      'GetIntegrationList',
    );
    expect(JSON.parse(integrationList.outputs.result ?? '{}').integrations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ integration_id: seededIntegrations.crmOpportunity }),
      ]),
    );
    const eventList = succeeded(await steps.step({ operation: 'GetEventList' }), 'GetEventList');
    const [first] = JSON.parse(eventList.outputs.result ?? '{}').events as { name: string }[];
    const eventSchema = succeeded(
      await steps.step({ operation: 'GetEventSchema', event: first?.name ?? '' }),
      'GetEventSchema',
    );
    expect(JSON.parse(eventSchema.outputs.result ?? '{}').schema).toBeTypeOf('object');
    const objectSchema = succeeded(
      await steps.step({
        operation: 'GetObjectEventSchema',
        'integration-id': seededIntegrations.crmOpportunity,
      }),
      'GetObjectEventSchema',
    );
    expect(JSON.parse(objectSchema.outputs.result ?? '{}').schema.properties).toHaveProperty('stage');
  });
});

describe('reports', () => {
  it('GetReportList reads every page into result, the summary and a JSON file', async () => {
    const result = succeeded(
      await steps.step(
        { operation: 'GetReportList', 'page-size': '2', 'rows-file': 'out/reports.json' },
        { workspace },
      ),
      'GetReportList',
    );
    const reports = JSON.parse(result.outputs.result ?? '[]') as { id: number; name: string }[];
    expect(reports.length).toBeGreaterThan(2);
    expect(result.outputs['row-count']).toBe(String(reports.length));
    expect(JSON.parse(readFileSync(join(workspace, 'out/reports.json'), 'utf8'))).toEqual(reports);
    expect(result.summary).toContain('<table>');
    expect(result.summary).toContain(reports[0]?.name);
  });

  it('GetReportData takes report filters (YAML), a limit, writes CSV, and escapes cells in the summary', async () => {
    const name = `<b>${uniqueName('escape')}</b> & co`;
    await opportunity(name);
    const list = JSON.parse((await steps.step({ operation: 'GetReportList' })).outputs.result ?? '[]') as {
      id: number;
    }[];
    const reportId = String(list[0]?.id);
    const all = succeeded(
      await steps.step({ operation: 'GetReportData', 'report-id': reportId }),
      'GetReportData',
    );
    const rows = JSON.parse(all.outputs.result ?? '[]') as Record<string, unknown>[];
    const column = Object.keys(rows[0] ?? {}).find((key) => rows.some((row) => row[key] === name));
    expect(column, 'a report column holds the object name').toBeDefined();

    const filtered = succeeded(
      await steps.step(
        {
          operation: 'GetReportData',
          'report-id': reportId,
          'report-filters': `op: AND\nfieldFilters:\n  - colId: ${column}\n    type: TEXT\n    filter: { op: IN, values: ["${name.replace(/"/g, '\\"')}"] }\n`,
          'rows-file': 'rows.csv',
        },
        { workspace },
      ),
      'GetReportData',
    );
    expect(filtered.outputs['row-count']).toBe('1');
    expect(filtered.summary).toContain('&#60;b&#62;');
    expect(filtered.summary).not.toContain('<b>escape');
    expect(readFileSync(join(workspace, 'rows.csv'), 'utf8')).toContain('<b>escape');

    const limited = succeeded(
      await steps.step({ operation: 'GetReportData', 'report-id': reportId, limit: '2' }),
      'GetReportData',
    );
    expect(limited.outputs['row-count']).toBe('2');
  });
});

describe('bulk loads', () => {
  const csv = (prefix: string) =>
    [
      'opportunity_id;name;stage;amount',
      `${prefix}-1;${prefix} One;proposal;100`,
      `${prefix}-2;${prefix} Two;won;200`,
    ].join('\n');

  it('BulkloadData from inline CSV, waited for, with counts as outputs and a summary; GetBulkloadStatus reads it again', async () => {
    const result = succeeded(
      await steps.step({
        operation: 'BulkloadData',
        'integration-id': seededIntegrations.crmOpportunity,
        'column-delimiter': ';',
        data: csv(uniqueName('inline')),
        'wait-for-completion': 'true',
      }),
      'BulkloadData',
    );
    expect(result.outputs).toMatchObject({
      status: 'completed',
      'input-count': '2',
      'succcess-count': '2',
      'error-count': '0',
    });
    expect(result.summary).toContain('WorkSpan bulk load');
    const status = succeeded(
      await steps.step({
        operation: 'GetBulkloadStatus',
        'integration-id': seededIntegrations.crmOpportunity,
        'execution-id': result.outputs['execution-id'] ?? '',
      }),
      'GetBulkloadStatus',
    );
    expect(status.outputs.status).toBe('completed');
  });

  it('BulkloadDataFileAttachment streams a workspace file, its format read from the name', async () => {
    writeFileSync(join(workspace, 'opportunities.csv'), csv(uniqueName('file')).replace(/;/g, ','));
    const result = succeeded(
      await steps.step(
        {
          operation: 'BulkloadDataFileAttachment',
          'integration-id': seededIntegrations.crmOpportunity,
          file: 'opportunities.csv',
          'wait-for-completion': 'true',
        },
        { workspace },
      ),
      'BulkloadDataFileAttachment',
    );
    expect(result.outputs['succcess-count']).toBe('2');
    expect(JSON.parse(result.outputs.result ?? '{}').bulkload.data_format).toBe('csv');
  });

  it('BulkloadOpportunity from inline JSON fails the step on row errors when asked, with the errors in the summary', async () => {
    const prefix = uniqueName('rows');
    const data = JSON.stringify([
      { opportunity_id: `${prefix}-1`, name: `${prefix} One`, stage: 'proposal' },
      { opportunity_id: `${prefix}-2`, name: `${prefix} Two`, stage: 'signed' },
    ]);
    const inputs = {
      operation: 'BulkloadOpportunity',
      'integration-id': seededIntegrations.crmOpportunity,
      'content-type': 'json',
      data,
    };
    const result = await steps.step({
      ...inputs,
      'wait-for-completion': 'true',
      'fail-on-row-errors': 'true',
    });
    expect(result.exitCode).toBe(1);
    expect(result.errors[0]).toMatch(/partly failed — 2 rows read, 1 written, 1 refused/);
    expect(result.outputs['error-count']).toBe('1');
    expect(result.summary).toContain('Row errors');
    covered.add('BulkloadOpportunity');
    const lenient = succeeded(
      await steps.step({ ...inputs, data: data.replaceAll(prefix, uniqueName('rows')) }),
      'BulkloadOpportunity',
    );
    expect(lenient.outputs['execution-id']).toBeTruthy();
  });

  it('BulkloadOpportunityFileAttachment uploads a JSON file', async () => {
    mkdirSync(join(workspace, 'data'), { recursive: true });
    const prefix = uniqueName('json-file');
    writeFileSync(
      join(workspace, 'data/opportunities.json'),
      JSON.stringify([{ opportunity_id: `${prefix}-1`, name: `${prefix} One` }]),
    );
    const result = succeeded(
      await steps.step(
        {
          operation: 'BulkloadOpportunityFileAttachment',
          'integration-id': seededIntegrations.crmOpportunity,
          file: 'data/opportunities.json',
          'wait-for-completion': 'true',
        },
        { workspace },
      ),
      'BulkloadOpportunityFileAttachment',
    );
    expect(result.outputs['input-count']).toBe('1');
  });
});

describe('run options and unknown ids, as the action names them', () => {
  it('a poll interval below the floor or beyond what a timer holds fails the step before any load is sent', async () => {
    const executions = async () => ((await steps.admin('/executions')).executions as unknown[]).length;
    for (const pollInterval of ['500', String(2 ** 31)]) {
      const before = await executions();
      const result = await steps.step({
        operation: 'BulkloadData',
        'integration-id': seededIntegrations.crmOpportunity,
        data: `opportunity_id,name\n${uniqueName('early')},Early One`,
        'wait-for-completion': 'true',
        'poll-interval': pollInterval,
      });
      expect(result.exitCode, pollInterval).toBe(1);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]).toMatch(
        /^Input "poll-interval" of BulkloadData: expected a whole number from 1000 to 2147483647/,
      );
      expect(await executions(), 'no load was sent').toBe(before);
    }
  });

  it('an integration or report WorkSpan does not know is named by its input', async () => {
    const integration = await steps.step({
      operation: 'GetObjectEventSchema',
      'integration-id': 'WS-Integration_nobody',
    });
    expect(integration.exitCode).toBe(1);
    expect(integration.errors[0]).toMatch(
      /^integration-id "WS-Integration_nobody" was not found in WorkSpan/,
    );
    const report = await steps.step({ operation: 'GetReportData', 'report-id': '987654' });
    expect(report.exitCode).toBe(1);
    expect(report.errors[0]).toMatch(/^report-id "987654" was not found in WorkSpan/);
  });
});

describe('objects', () => {
  it('UpdateExternalId, GetExternalId and ObjectAudit on one opportunity', async () => {
    const objectId = await opportunity(uniqueName('object'));
    const updated = succeeded(
      await steps.step({ operation: 'UpdateExternalId', 'object-id': objectId, 'external-id': 'CRM-42' }),
      'UpdateExternalId',
    );
    expect(updated.outputs['external-id']).toBe('CRM-42');
    const read = succeeded(
      await steps.step({ operation: 'GetExternalId', 'object-id': objectId }),
      'GetExternalId',
    );
    expect(read.outputs['external-id']).toBe('CRM-42');
    expect(read.outputs['field-name']).toBe(updated.outputs['field-name']);
    const audit = succeeded(
      await steps.step({
        operation: 'ObjectAudit',
        'object-id': objectId,
        'status-code': 'LINKED',
        message: 'linked by CI',
      }),
      'ObjectAudit',
    );
    expect(audit.outputs['status-code']).toBe('LINKED');
  });
});

describe('subscriptions through a relay route', () => {
  const relay = {
    'relay-url': 'https://relay.example.com/',
    'relay-route': 'deals',
    'relay-token': 'route-secret-0123456789abcdefghijklmnop',
  };

  it('each trigger subscribes the route; ReadSubscriber reads it; DeleteSubscriber removes it; the token is masked', async () => {
    const cases: Record<string, string>[] = [
      { operation: 'Subscribe', event: 'task.assigned' },
      {
        operation: 'SubscribeObjectEvent',
        'integration-id': seededIntegrations.crmOpportunity,
        events: 'object.stage_change',
        'event-filter': '(stage = "won")',
      },
      { operation: 'SubmitToPartnerCenterObjectEvent', 'integration-id': seededIntegrations.partnerCenter },
    ];
    for (const inputs of cases) {
      const name = uniqueName('github');
      const subscribed = succeeded(
        await steps.step({ ...inputs, ...relay, name }),
        inputs.operation as string,
      );
      expect(subscribed.masks).toContain(relay['relay-token']);
      const printed = subscribed.stdout.replace(/^::add-mask::.*$/gm, '');
      expect(printed + subscribed.stderr).not.toContain(relay['relay-token'].slice(0, 20));
      const subscriberId = subscribed.outputs['subscriber-id'] ?? '';
      const stored = (await steps.admin('/subscribers')).subscribers as {
        subscriber_id: string;
        callback_url: string;
      }[];
      expect(stored.find((entry) => entry.subscriber_id === subscriberId)?.callback_url).toBe(
        `https://relay.example.com/hooks/deals/${relay['relay-token']}`,
      );
      const read = succeeded(
        await steps.step({ operation: 'ReadSubscriber', 'subscriber-id': subscriberId }),
        'ReadSubscriber',
      );
      expect(read.outputs.name).toBe(name);
      succeeded(
        await steps.step({ operation: 'DeleteSubscriber', 'subscriber-id': subscriberId }),
        'DeleteSubscriber',
      );
      const gone = await steps.step({ operation: 'ReadSubscriber', 'subscriber-id': subscriberId });
      expect(gone.exitCode).toBe(1);
    }
  });
});

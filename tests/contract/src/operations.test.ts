import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BulkloadStatus,
  iterateReportData,
  iterateReportList,
  type ReportFieldFilter,
  readSubscription,
  reportFilters,
  type WorkSpanClient,
  waitForBulkload,
} from '@workspan-kit/core';
import { loadDefinition } from '@workspan-kit/sandbox';
import { createOpportunity, seededIntegrations, uniqueTag } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitionOperationIds } from './test-support/definition-recorder.js';
import { type ContractSandbox, startContractSandbox } from './test-support/sandbox.js';
import { writeXlsx } from './test-support/write-xlsx.js';

/** Every operation of the connector, success path, through `client.call` against one sandbox. */
let contract: ContractSandbox;
let client: WorkSpanClient;
let files: string;

beforeAll(async () => {
  contract = await startContractSandbox();
  client = contract.client;
  files = mkdtempSync(join(tmpdir(), 'workspan-contract-'));
});

afterAll(async () => {
  await contract?.close();
  rmSync(files, { recursive: true, force: true });
});

const { column, and, or } = reportFilters;

/** The suite's client is not throttled; waiting may poll as often as its one-second floor. */
const callBudget = { limit: 10_000, windowMs: 60_000 };

/** Waits for a bulk load to complete; the status reads are collected. */
async function completed(integrationId: string, executionId: string, seen: BulkloadStatus[] = []) {
  return waitForBulkload(
    client,
    { integrationId, executionId },
    { intervalMs: 1000, callBudget, timeoutMs: 15_000, onProgress: (status) => seen.push(status) },
  );
}

/** Every row of report `reportId` whose column `colId` starts with `prefix`, as plain objects. */
async function reportRows(reportId: number, colId: string, prefix: string, ...more: ReportFieldFilter[]) {
  const result = await client.call('GetReportData', {
    reportId,
    filters: and(column(colId).startsWith(prefix), ...more),
  });
  return result.results;
}

describe('bulk loads', () => {
  it('BulkloadData takes CSV text; GetBulkloadStatus goes running → completed with counts and row errors in the example shape', async () => {
    const prefix = uniqueTag('csv');
    const csv = [
      'opportunity_id;name;stage;amount;close_date;partner',
      `${prefix}-1;${prefix} Alpha;proposal;10000;2026-03-01;P1`,
      `${prefix}-2;${prefix} Beta;won;20000;2026-04-01;P2`,
      `${prefix}-3;${prefix} Gamma;lost;30000;2026-05-01;P1`,
      `${prefix}-4;${prefix} Delta;proposal;250000;20-jan-2020;P3`,
      `${prefix}-5;${prefix} Epsilon;proposal;-;2021-01-20;P3`,
      `;${prefix} Zeta;proposal;75000;2020-10-20;P3`,
    ].join('\r\n');

    // Holding the sandbox's bulk runner makes the first status read `running`, whatever the timing.
    await contract.admin('/executions/pause', { method: 'POST' });
    let resumed: Promise<unknown> | undefined;
    const seen: BulkloadStatus[] = [];
    let final: BulkloadStatus;
    try {
      const load = await client.call('BulkloadData', {
        integrationId: seededIntegrations.crmOpportunity,
        columnDelimiter: ';',
        data: csv,
      });
      expect(load).toEqual({
        integration_id: seededIntegrations.crmOpportunity,
        execution_id: expect.any(String),
        data_format: 'csv',
        created_at: expect.any(String),
      });
      final = await waitForBulkload(
        client,
        { integrationId: seededIntegrations.crmOpportunity, executionId: load.execution_id },
        {
          intervalMs: 1000,
          callBudget,
          timeoutMs: 15_000,
          onProgress: (status) => {
            seen.push(status);
            resumed ??= contract.admin('/executions/resume', { method: 'POST' });
          },
        },
      );
    } finally {
      await (resumed ?? contract.admin('/executions/resume', { method: 'POST' }));
    }

    expect(seen[0]).toMatchObject({ status: 'running', integration_id: seededIntegrations.crmOpportunity });
    expect(seen[0]).not.toHaveProperty('completed_at');
    expect(seen.at(-1)).toBe(final);
    expect(seen.slice(0, -1).every((status) => status.status === 'running')).toBe(true);

    const example = (loadDefinition().definitions as Record<string, { example: Record<string, unknown> }>)
      .bulkload_status_response?.example as Record<string, unknown>;
    expect(Object.keys(final)).toEqual(Object.keys(example));
    expect(final).toMatchObject({
      status: 'completed',
      input_count: 6,
      succcess_count: 3,
      error_count: 3,
      skip_count: 0,
      include_errors: true,
    });
    expect(Date.parse(final.completed_at ?? '')).toBeGreaterThanOrEqual(Date.parse(final.started_at ?? ''));
    expect(final.errors).toEqual([
      {
        id: `${prefix}-4`,
        message: "invalid value in field 'close_date'",
        data_row: {
          opportunity_id: `${prefix}-4`,
          name: `${prefix} Delta`,
          stage: 'proposal',
          amount: 250000,
          close_date: '20-jan-2020',
          partner: 'P3',
        },
      },
      {
        id: `${prefix}-5`,
        message: "invalid value in field 'amount'",
        data_row: {
          opportunity_id: `${prefix}-5`,
          name: `${prefix} Epsilon`,
          stage: 'proposal',
          amount: '-',
          close_date: '2021-01-20',
          partner: 'P3',
        },
      },
      {
        id: '',
        message: 'Missing value of key field',
        data_row: {
          opportunity_id: '',
          name: `${prefix} Zeta`,
          stage: 'proposal',
          amount: 75000,
          close_date: '2020-10-20',
          partner: 'P3',
        },
      },
    ]);
    for (const error of final.errors ?? [])
      expect(Object.keys(error)).toEqual(Object.keys((example.errors as object[])[0] as object));

    const rows = await reportRows(1001, 'crm_id', prefix);
    expect(
      rows.map(({ crm_id, name, stage, amount, close_date, partner }) => ({
        crm_id,
        name,
        stage,
        amount,
        close_date,
        partner,
      })),
    ).toEqual([
      {
        crm_id: `${prefix}-1`,
        name: `${prefix} Alpha`,
        stage: 'proposal',
        amount: 10000,
        close_date: '2026-03-01',
        partner: 'P1',
      },
      {
        crm_id: `${prefix}-2`,
        name: `${prefix} Beta`,
        stage: 'won',
        amount: 20000,
        close_date: '2026-04-01',
        partner: 'P2',
      },
      {
        crm_id: `${prefix}-3`,
        name: `${prefix} Gamma`,
        stage: 'lost',
        amount: 30000,
        close_date: '2026-05-01',
        partner: 'P1',
      },
    ]);
  });

  it('BulkloadOpportunity takes JSON rows; a blank row is skipped, a bad stage is a row error', async () => {
    const prefix = uniqueTag('json');
    const load = await client.call('BulkloadOpportunity', {
      integrationId: seededIntegrations.crmOpportunity,
      contentType: 'json',
      data: [
        { opportunity_id: `${prefix}-1`, name: `${prefix} One`, stage: 'negotiation', amount: 5000 },
        { opportunity_id: `${prefix}-2`, name: `${prefix} Two`, amount: 7500, owner: 'Priya Nair' },
        { opportunity_id: '', name: '' },
        { opportunity_id: `${prefix}-3`, name: `${prefix} Three`, stage: 'signed' },
      ],
    });
    expect(load).toEqual({
      integration_id: seededIntegrations.crmOpportunity,
      execution_id: expect.any(String),
      created_at: expect.any(String),
    });
    const status = await completed(seededIntegrations.crmOpportunity, load.execution_id);
    expect(status).toMatchObject({
      status: 'completed',
      input_count: 4,
      succcess_count: 2,
      error_count: 1,
      skip_count: 1,
      errors: [
        {
          id: `${prefix}-3`,
          message: "invalid value in field 'stage'",
          data_row: { opportunity_id: `${prefix}-3`, name: `${prefix} Three`, stage: 'signed' },
        },
      ],
    });
    const rows = await reportRows(1001, 'crm_id', prefix);
    expect(rows).toEqual([
      expect.objectContaining({ name: `${prefix} One`, stage: 'negotiation', amount: 5000, owner: null }),
      // The stage defaults to prospecting when a row creates an opportunity without one.
      expect.objectContaining({
        name: `${prefix} Two`,
        stage: 'prospecting',
        amount: 7500,
        owner: 'Priya Nair',
      }),
    ]);
  });

  it('BulkloadDataFileAttachment uploads a CSV file given by { path }', async () => {
    const prefix = uniqueTag('acct');
    const path = join(files, `${prefix}.csv`);
    writeFileSync(
      path,
      [
        'account_id,name,industry,country,employees',
        `${prefix}-1,${prefix} Initech,Software,US,250`,
        `${prefix}-2,"${prefix} Umbrella, Inc.",Pharma,UK,12000`,
        `${prefix}-3,${prefix} Hooli,Software,US,many`,
        '',
      ].join('\n'),
    );
    const load = await client.call('BulkloadDataFileAttachment', {
      integrationId: seededIntegrations.crmAccount,
      dataFormat: 'csv',
      file: { path },
    });
    expect(load).toMatchObject({ integration_id: seededIntegrations.crmAccount, data_format: 'csv' });
    const record = contract.recorder.records.at(-1);
    expect(record).toMatchObject({ operationId: 'BulkloadDataFileAttachment', path: '/bulk/v1/bulkload' });
    expect(record?.parts.hasFile).toBe(true);

    const status = await completed(seededIntegrations.crmAccount, load.execution_id);
    expect(status).toMatchObject({ input_count: 3, succcess_count: 2, error_count: 1, skip_count: 0 });
    expect(status.errors).toEqual([
      expect.objectContaining({ id: `${prefix}-3`, message: "invalid value in field 'employees'" }),
    ]);
    const rows = await reportRows(1005, 'crm_account_id', prefix);
    expect(rows).toEqual([
      expect.objectContaining({
        crm_account_id: `${prefix}-1`,
        name: `${prefix} Initech`,
        industry: 'Software',
        country: 'US',
        employees: 250,
      }),
      expect.objectContaining({
        crm_account_id: `${prefix}-2`,
        name: `${prefix} Umbrella, Inc.`,
        employees: 12000,
      }),
    ]);
  });

  it('BulkloadOpportunityFileAttachment uploads an XLSX file given by { path }', async () => {
    const prefix = uniqueTag('xlsx');
    const path = join(files, `${prefix}.xlsx`);
    await writeXlsx(
      path,
      ['opportunity_id', 'name', 'stage', 'amount', 'close_date', 'partner'],
      [
        [`${prefix}-1`, `${prefix} Sheet one`, 'qualification', 42500, new Date(Date.UTC(2026, 5, 30)), 'P4'],
        [`${prefix}-2`, `${prefix} Sheet two`, 'won', 1000000, '2026-12-31', 'P5'],
        [`${prefix}-3`, '', 'won', 10, '2026-12-31', 'P5'],
      ],
    );
    const load = await client.call('BulkloadOpportunityFileAttachment', {
      integrationId: seededIntegrations.crmOpportunity,
      file: { path },
    });
    expect(load).toMatchObject({ integration_id: seededIntegrations.crmOpportunity });
    const record = contract.recorder.records.at(-1);
    expect(record).toMatchObject({
      operationId: 'BulkloadOpportunityFileAttachment',
      path: '/bulk/v1/bulkload_opportunity',
      parts: { query: { content_type: 'xlsx', has_header_row: 'true' }, hasFile: true },
    });

    const status = await completed(seededIntegrations.crmOpportunity, load.execution_id);
    expect(status).toMatchObject({ input_count: 3, succcess_count: 2, error_count: 1 });
    expect(status.errors).toEqual([
      expect.objectContaining({ id: `${prefix}-3`, message: "Missing value of required field 'name'" }),
    ]);
    const rows = await reportRows(1001, 'crm_id', prefix);
    expect(rows).toEqual([
      expect.objectContaining({
        name: `${prefix} Sheet one`,
        stage: 'qualification',
        amount: 42500,
        close_date: '2026-06-30',
        partner: 'P4',
      }),
      expect.objectContaining({
        name: `${prefix} Sheet two`,
        stage: 'won',
        amount: 1000000,
        close_date: '2026-12-31',
      }),
    ]);
  });
});

describe('external ids and audit', () => {
  it('UpdateExternalId connects ids that GetExternalId then lists', async () => {
    const tag = uniqueTag('ext');
    const objectId = await createOpportunity(
      contract.sandbox,
      { name: `${tag} deal`, stage: 'proposal' },
      undefined,
    );

    const crm = await client.call('UpdateExternalId', { objectId, externalId: `${tag}-crm` });
    expect(crm).toEqual({
      object_id: objectId,
      external_id: `${tag}-crm`,
      field_name: 'sales_details.crm_opportunity_id',
    });
    const referral = await client.call('UpdateExternalId', {
      objectId,
      externalId: `${tag}-pc`,
      fieldName: 'partner_center.referral_id',
    });
    expect(referral.field_name).toBe('partner_center.referral_id');

    const ids = await client.call('GetExternalId', { objectId });
    expect(ids).toEqual({
      object_id: objectId,
      external_ids: [
        { external_id: `${tag}-crm`, field_name: 'sales_details.crm_opportunity_id' },
        { external_id: `${tag}-pc`, field_name: 'partner_center.referral_id' },
      ],
    });
    const { body } = await contract.admin(`/objects/${objectId}`);
    expect(body.fields).toMatchObject({
      'sales_details.crm_opportunity_id': `${tag}-crm`,
      'partner_center.referral_id': `${tag}-pc`,
    });
  });

  it('ObjectAudit records the integration status in the audit log', async () => {
    const tag = uniqueTag('audit');
    const objectId = await createOpportunity(contract.sandbox, { name: `${tag} deal`, stage: 'negotiation' });
    const result = await client.call('ObjectAudit', {
      objectId,
      statusCode: 'LINKED',
      message: 'Referral created in Partner Center',
      integrationId: seededIntegrations.partnerCenter,
      externalId: `${tag}-pc`,
    });
    expect(result).toEqual({
      object_id: objectId,
      field_name: 'partner_center.integration_status',
      status_code: 'LINKED',
    });
    const { body } = await contract.admin(`/objects/${objectId}`);
    expect(body.fields['partner_center.integration_status']).toBe('LINKED');
    expect(body.audit_log).toEqual([
      expect.objectContaining({
        status_code: 'LINKED',
        message: 'Referral created in Partner Center',
        integration_id: seededIntegrations.partnerCenter,
        external_id: `${tag}-pc`,
      }),
    ]);
  });
});

describe('reports', () => {
  const prefix = uniqueTag('rpt');
  const names = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta'].map((name) => `${prefix} ${name}`);
  const mine = () => column('name').startsWith(prefix);
  const namesOf = (rows: Record<string, unknown>[]) => rows.map((row) => row.name);

  beforeAll(async () => {
    const load = await client.call('BulkloadData', {
      integrationId: seededIntegrations.crmOpportunity,
      dataFormat: 'json',
      data: [
        {
          opportunity_id: `${prefix}-1`,
          name: names[0],
          stage: 'proposal',
          amount: 10000,
          close_date: '2026-01-15',
          partner: 'P1',
          owner: 'Alex Kim',
        },
        {
          opportunity_id: `${prefix}-2`,
          name: names[1],
          stage: 'won',
          amount: 25000,
          close_date: '2026-02-15',
          partner: 'P2',
        },
        {
          opportunity_id: `${prefix}-3`,
          name: names[2],
          stage: 'lost',
          amount: 50000,
          close_date: '2026-03-15',
          partner: 'P1',
          owner: 'Sam O',
        },
        {
          opportunity_id: `${prefix}-4`,
          name: names[3],
          stage: 'won',
          amount: 75000,
          close_date: '2026-04-15',
          partner: 'P3',
          owner: 'Alex Kim',
        },
        {
          opportunity_id: `${prefix}-5`,
          name: names[4],
          stage: 'negotiation',
          amount: 100000,
          close_date: '2026-05-15',
          partner: 'P2',
        },
        {
          opportunity_id: `${prefix}-6`,
          name: names[5],
          stage: 'won',
          amount: 125000,
          close_date: '2026-06-15',
          partner: 'P1',
          owner: 'Priya Nair',
        },
      ],
    });
    expect(load.data_format).toBe('json');
    const status = await completed(seededIntegrations.crmOpportunity, load.execution_id);
    expect(status).toMatchObject({ input_count: 6, succcess_count: 6, error_count: 0, errors: [] });
  });

  it('GetReportList pages through the reports; iterateReportList reads them all', async () => {
    const first = await client.call('GetReportList', { pageNumber: 0, pageSize: 4 });
    expect(first.endOfList).toBe(false);
    expect(first.results.map((report) => report.id)).toEqual([1001, 1002, 1003, 1004]);
    expect(first.results[0]).toMatchObject({
      id: 1001,
      name: 'All opportunities',
      reportStatus: 'PUBLISHED',
      createdBy: { id: expect.any(String), name: expect.any(String) },
    });
    const second = await client.call('GetReportList', { pageNumber: 1, pageSize: 4 });
    expect(second).toMatchObject({ endOfList: true });
    expect(second.results.map((report) => [report.id, report.reportStatus])).toEqual([
      [1005, 'PUBLISHED'],
      [1006, 'DRAFT'],
    ]);

    const before = contract.recorder.records.length;
    const all = [];
    for await (const report of iterateReportList(client, { pageSize: 2 })) all.push(report.id);
    expect(all).toEqual([1001, 1002, 1003, 1004, 1005, 1006]);
    const pages = contract.recorder.records.slice(before);
    expect(pages.map((record) => record.parts.body)).toEqual([
      { page: { number: 0, size: 2 } },
      { page: { number: 1, size: 2 } },
      { page: { number: 2, size: 2 } },
    ]);
  });

  it('GetReportData shows the loaded rows, in load order, with every column', async () => {
    const result = await client.call('GetReportData', { reportId: 1001, filters: and(mine()) });
    expect(result.endOfList).toBe(true);
    expect(result.version).toEqual(expect.any(Number));
    expect(namesOf(result.results)).toEqual(names);
    expect(result.results[0]).toEqual({
      object_id: expect.stringMatching(/^WS-Project_/),
      name: names[0],
      stage: 'proposal',
      amount: 10000,
      close_date: '2026-01-15',
      partner: 'P1',
      crm_id: `${prefix}-1`,
      account_name: null,
      owner: 'Alex Kim',
      updated_at: expect.any(String),
    });
  });

  it('GetReportData combines IN, BETWEEN, EQUAL_TO, LESS_THAN, GREATER_THAN_OR_EQUAL_TO and END_WITH', async () => {
    const amountAndStage = await client.call('GetReportData', {
      reportId: 1001,
      filters: and(
        mine(),
        column('amount', 'CURRENCY').between(20000, 100000),
        column('stage').in('won', 'negotiation'),
      ),
    });
    expect(namesOf(amountAndStage.results)).toEqual([names[1], names[3], names[4]]);

    // TEXT compares case-insensitively; DATE by day.
    const partnerAndDate = await client.call('GetReportData', {
      reportId: 1001,
      filters: and(
        mine(),
        column('partner').equals('p1'),
        column('close_date', 'DATE').lessThan('2026-03-15'),
      ),
    });
    expect(namesOf(partnerAndDate.results)).toEqual([names[0]]);

    const large = await reportRows(1001, 'name', prefix, column('amount', 'CURRENCY').atLeast(100000));
    expect(namesOf(large)).toEqual([names[4], names[5]]);

    const endsWith = await reportRows(1001, 'name', prefix, column('name').endsWith('ETA'));
    expect(namesOf(endsWith)).toEqual([names[1], names[5]]);
  });

  it('GetReportData negates filters and combines them with OR', async () => {
    const notWon = await reportRows(1001, 'name', prefix, column('stage').not.in('won'));
    expect(namesOf(notWon)).toEqual([names[0], names[2], names[4]]);

    const withOwner = await reportRows(1001, 'name', prefix, column('owner').not.isEmpty());
    expect(namesOf(withOwner)).toEqual([names[0], names[2], names[3], names[5]]);

    const notContaining = await reportRows(1001, 'name', prefix, column('name').not.contains('ta'));
    expect(namesOf(notContaining)).toEqual([names[0], names[2], names[4]]);

    const either = await client.call('GetReportData', {
      reportId: 1001,
      filters: or(column('crm_id').equals(`${prefix}-2`), column('crm_id').equals(`${prefix}-5`)),
    });
    expect(namesOf(either.results)).toEqual([names[1], names[4]]);
  });

  it("GetReportData applies the report's own filter (1003 Won deals)", async () => {
    const won = await client.call('GetReportData', { reportId: 1003, filters: and(mine()) });
    expect(namesOf(won.results)).toEqual([names[1], names[3], names[5]]);
    expect(Object.keys(won.results[0] ?? {})).toEqual([
      'object_id',
      'name',
      'stage',
      'amount',
      'close_date',
      'partner',
      'account_name',
    ]);
  });

  it('GetReportData pages; iterateReportData stops at its limit', async () => {
    const page = await client.call('GetReportData', {
      reportId: 1001,
      filters: and(mine()),
      pageNumber: 2,
      pageSize: 2,
    });
    expect(page).toMatchObject({ endOfList: true });
    expect(namesOf(page.results)).toEqual([names[4], names[5]]);

    const before = contract.recorder.records.length;
    const rows = [];
    for await (const row of iterateReportData(client, 1001, { filters: and(mine()), pageSize: 2, limit: 5 }))
      rows.push(row);
    expect(namesOf(rows)).toEqual(names.slice(0, 5));
    const calls = contract.recorder.records.slice(before);
    expect(calls.map((record) => [record.operationId, record.path, record.parts.body])).toEqual(
      [0, 1, 2].map((number) => [
        'GetReportData',
        '/report/v1/1001/data',
        { filters: and(mine()), page: { number, size: 2 } },
      ]),
    );
  });

  it('GetReportData sees a change made after the load, with a higher version', async () => {
    const before = await client.call('GetReportData', {
      reportId: 1001,
      filters: and(mine(), column('crm_id').equals(`${prefix}-1`)),
    });
    const objectId = before.results[0]?.object_id as string;
    await contract.admin(`/objects/${objectId}/stage`, { body: { stage: 'won' } });
    const after = await client.call('GetReportData', { reportId: 1003, filters: and(mine()) });
    expect(namesOf(after.results)).toEqual([names[0], names[1], names[3], names[5]]);
    expect(after.version).toBeGreaterThan(before.version ?? Number.POSITIVE_INFINITY);
    await contract.admin(`/objects/${objectId}/stage`, { body: { stage: 'proposal' } });
  });
});

describe('metadata', () => {
  it('GetEventList lists the collaboration events; GetEventSchema describes one of them', async () => {
    const { events } = await client.call('GetEventList', {});
    expect(events.map((event) => event.name)).toEqual(
      expect.arrayContaining(['task.assigned', 'task.completed', 'comment.added', 'member.added']),
    );
    for (const event of events) expect(event.description).toEqual(expect.any(String));

    const chosen = events[0]?.name as string;
    const { schema } = await client.call('GetEventSchema', { event: chosen });
    expect(schema).toMatchObject({ type: 'object' });
    const properties = schema.properties as Record<string, { type: string }>;
    expect(Object.keys(properties).length).toBeGreaterThan(0);
    for (const property of Object.values(properties)) expect(property.type).toBe('string');
  });

  it('GetIntegrationList lists the integrations; GetObjectEventSchema describes their object events', async () => {
    const { integrations: list } = await client.call('GetIntegrationList', {});
    expect(list.map((integration) => integration.integration_id).sort()).toEqual(
      Object.values(seededIntegrations).sort(),
    );
    for (const integration of list) {
      expect(integration).toEqual({
        integration_id: expect.any(String),
        integration_type: expect.any(String),
        name: expect.any(String),
        description: expect.any(String),
      });
    }
    const { schema } = await client.call('GetObjectEventSchema', {
      integrationId: seededIntegrations.crmOpportunity,
    });
    expect(Object.keys(schema.properties as object)).toEqual(
      expect.arrayContaining([
        'object_id',
        'object_type',
        'event',
        'integration_id',
        'changed_fields',
        'previous_stage',
        'stage',
        'sales_details.partner',
      ]),
    );
  });
});

describe('subscriptions (the three triggers)', () => {
  const callbackUrl = 'http://127.0.0.1:9/unused?token=0123456789abcdef0123456789';

  async function operationOf(subscriberId: string) {
    const { body } = await contract.admin('/subscribers');
    return (body.subscribers as { subscriber_id: string; operation: string }[]).find(
      (subscriber) => subscriber.subscriber_id === subscriberId,
    )?.operation;
  }

  it('Subscribe, ReadSubscriber, DeleteSubscriber', async () => {
    const name = uniqueTag('collab');
    const objectId = await createOpportunity(contract.sandbox, { name, stage: 'proposal' });
    const { subscriber_id } = await client.call('Subscribe', {
      event: 'comment.added',
      name,
      objectIds: [objectId],
      filters: 'author_name = "Priya Nair"',
      callbackUrl,
    });
    expect(subscriber_id).toMatch(/^WS-Subscriber_/);
    expect(await operationOf(subscriber_id)).toBe('Subscribe');
    expect(await client.call('ReadSubscriber', { subscriberId: subscriber_id })).toEqual({
      subscriber_id,
      name,
      objectids: [objectId],
      event: ['comment.added'],
      filters: 'author_name = "Priya Nair"',
      subscriber_type: 'webhook',
    });
    expect(await client.call('DeleteSubscriber', { subscriberId: subscriber_id })).toEqual({
      subscriber_id,
      deleted: true,
    });
    expect(await readSubscription(client, subscriber_id)).toBeUndefined();
  });

  it('SubscribeObjectEvent, ReadSubscriber, DeleteSubscriber', async () => {
    const name = uniqueTag('objects');
    const filters = '(stage in ["won", "lost"]) AND (sales_details.partner = "P1")';
    const { subscriber_id } = await client.call('SubscribeObjectEvent', {
      integrationId: seededIntegrations.crmOpportunity,
      events: ['object.create', 'object.stage_change'],
      name,
      filters,
      callbackUrl,
    });
    expect(await operationOf(subscriber_id)).toBe('SubscribeObjectEvent');
    expect(await client.call('ReadSubscriber', { subscriberId: subscriber_id })).toEqual({
      subscriber_id,
      name,
      objectids: [],
      event: ['object.create', 'object.stage_change'],
      filters,
      integraion_id: seededIntegrations.crmOpportunity,
      subscriber_type: 'webhook',
    });
    await client.call('DeleteSubscriber', { subscriberId: subscriber_id });
    expect(await readSubscription(client, subscriber_id)).toBeUndefined();
  });

  it('SubmitToPartnerCenterObjectEvent, ReadSubscriber, DeleteSubscriber', async () => {
    const name = uniqueTag('referrals');
    const { subscriber_id } = await client.call('SubmitToPartnerCenterObjectEvent', {
      integrationId: seededIntegrations.partnerCenter,
      name,
      callbackUrl,
    });
    expect(await operationOf(subscriber_id)).toBe('SubmitToPartnerCenterObjectEvent');
    expect(await client.call('ReadSubscriber', { subscriberId: subscriber_id })).toEqual({
      subscriber_id,
      name,
      objectids: [],
      event: ['object.partner_center_referral_submit'],
      integraion_id: seededIntegrations.partnerCenter,
      subscriber_type: 'webhook',
    });
    await client.call('DeleteSubscriber', { subscriberId: subscriber_id });
    expect(await readSubscription(client, subscriber_id)).toBeUndefined();
  });
});

describe('the contract', () => {
  it('every request matched the definition, and all 19 operations were called', () => {
    expect(contract.recorder.problems()).toEqual([]);
    expect(contract.recorder.operationIds()).toEqual(definitionOperationIds);
    expect(definitionOperationIds).toHaveLength(19);
    // Only the deliberate 404s of readSubscription after a delete are not 2xx here.
    const failed = contract.recorder.records.filter((record) => (record.status ?? 0) >= 300);
    expect(failed.map((record) => `${record.operationId} ${record.status}`)).toEqual([
      'ReadSubscriber 404',
      'ReadSubscriber 404',
      'ReadSubscriber 404',
    ]);
  });
});

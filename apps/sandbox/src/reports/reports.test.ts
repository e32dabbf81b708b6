import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SeedFile } from '../model/seed.js';
import { startTestSandbox, type TestSandbox } from '../test-support/test-sandbox.js';

const day = (offset: number) => {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
};

const seed: SeedFile = {
  tenants: [
    {
      hostname: 'reports.workspan.com',
      name: 'Reports test',
      app_users: [{ client_id: 'reports-user', client_secret: 'reports-secret' }],
      objects: [
        {
          object_type: 'opportunity',
          fields: {
            name: 'Alpha deal',
            stage: 'proposal',
            amount: 1000,
            close_date: day(3),
            'sales_details.partner': 'P1',
          },
        },
        {
          object_type: 'opportunity',
          fields: {
            name: 'Beta deal',
            stage: 'won',
            amount: 5000,
            close_date: day(-10),
            'sales_details.partner': 'P2',
          },
        },
        {
          object_type: 'opportunity',
          fields: {
            name: 'Gamma project',
            stage: 'lost',
            amount: 250,
            close_date: '2024-01-15',
            'sales_details.partner': 'P1',
          },
        },
        {
          object_type: 'opportunity',
          fields: { name: 'Delta deal', stage: 'negotiation', amount: 9999, 'sales_details.partner': 'P3' },
        },
        {
          object_type: 'opportunity',
          fields: { name: 'alpha beta', stage: 'qualification', amount: 1000, close_date: day(40) },
        },
        {
          object_type: 'account',
          fields: { name: 'Only account', 'account_info.external_account_id': 'A1' },
        },
      ],
    },
  ],
};

describe('reports', () => {
  let sandbox: TestSandbox;
  const data = (body: unknown, reportId = 1001) =>
    sandbox.api(`/report/v1/${reportId}/data`, { body, tenant: 'reports.workspan.com' });
  const names = async (
    filter: Record<string, unknown>,
    colId: string,
    type = 'TEXT',
    op: 'AND' | 'OR' = 'AND',
  ) => {
    const response = await data({
      filters: { op, fieldFilters: [{ colId, type, filter }] },
      page: { number: 0, size: 100 },
    });
    expect(response.status).toBe(200);
    return response.body.results.map((row: { name: string }) => row.name).sort();
  };

  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sandbox-seed-'));
    const file = join(folder, 'seed.json');
    writeFileSync(file, JSON.stringify(seed));
    try {
      sandbox = await startTestSandbox({ seed: file });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
  afterAll(() => sandbox.close());

  test('GetReportList pages the seeded reports (ReportListResponse)', async () => {
    const first = await sandbox.api('/report/v1/list', {
      body: { page: { number: 0, size: 4 } },
      tenant: 'reports.workspan.com',
    });
    expect(first.status).toBe(200);
    expect(first.body.endOfList).toBe(false);
    expect(first.body.results).toHaveLength(4);
    expect(first.body.results[0]).toEqual({
      id: 1001,
      name: 'All opportunities',
      description: expect.any(String),
      reportStatus: 'PUBLISHED',
      createdAt: expect.any(String),
      createdBy: { id: expect.any(String), name: expect.any(String) },
      modifiedAt: expect.any(String),
      modifiedBy: { id: expect.any(String), name: expect.any(String) },
    });
    const second = await sandbox.api('/report/v1/list', {
      body: { page: { number: 1, size: 4 } },
      tenant: 'reports.workspan.com',
    });
    expect(second.body).toMatchObject({ endOfList: true });
    expect(second.body.results.map((r: { id: number }) => r.id)).toEqual([1005, 1006]);
    expect(second.body.results[1].reportStatus).toBe('DRAFT');
    const all = await sandbox.api('/report/v1/list', { tenant: 'reports.workspan.com', method: 'POST' });
    expect(all.body.results).toHaveLength(6);
    expect(all.body.endOfList).toBe(true);
    const tooBig = await sandbox.api('/report/v1/list', {
      body: { page: { number: 0, size: 10_001 } },
      tenant: 'reports.workspan.com',
    });
    expect(tooBig.status).toBe(400);
  });

  test('text, set and emptiness operators, with negate', async () => {
    expect(await names({ op: 'EQUAL_TO', value: 'won' }, 'stage')).toEqual(['Beta deal']);
    expect(await names({ op: 'EQUAL_TO', value: 'won', negate: true }, 'stage')).toEqual([
      'Alpha deal',
      'Delta deal',
      'Gamma project',
      'alpha beta',
    ]);
    expect(await names({ op: 'IS_EMPTY' }, 'close_date', 'DATE')).toEqual(['Delta deal']);
    expect(await names({ op: 'IS_EMPTY', negate: true }, 'partner')).toEqual([
      'Alpha deal',
      'Beta deal',
      'Delta deal',
      'Gamma project',
    ]);
    expect(await names({ op: 'CONTAIN', value: 'DEAL' }, 'name')).toEqual([
      'Alpha deal',
      'Beta deal',
      'Delta deal',
    ]);
    expect(await names({ op: 'START_WITH', value: 'alpha' }, 'name')).toEqual(['Alpha deal', 'alpha beta']);
    expect(await names({ op: 'END_WITH', value: 'project' }, 'name')).toEqual(['Gamma project']);
    expect(await names({ op: 'IN', values: ['won', 'lost'] }, 'stage')).toEqual([
      'Beta deal',
      'Gamma project',
    ]);
  });

  test('numeric and date comparisons, BETWEEN and OFFSET', async () => {
    expect(await names({ op: 'GREATER_THAN', value: 1000 }, 'amount', 'CURRENCY')).toEqual([
      'Beta deal',
      'Delta deal',
    ]);
    expect(await names({ op: 'GREATER_THAN_OR_EQUAL_TO', value: '1000' }, 'amount', 'CURRENCY')).toEqual([
      'Alpha deal',
      'Beta deal',
      'Delta deal',
      'alpha beta',
    ]);
    expect(await names({ op: 'LESS_THAN', value: 1000 }, 'amount', 'CURRENCY')).toEqual(['Gamma project']);
    expect(await names({ op: 'LESS_THAN_OR_EQUAL_TO', value: 1000 }, 'amount', 'CURRENCY')).toEqual([
      'Alpha deal',
      'Gamma project',
      'alpha beta',
    ]);
    expect(await names({ op: 'BETWEEN', values: [250, 1000] }, 'amount', 'CURRENCY')).toEqual([
      'Alpha deal',
      'Gamma project',
      'alpha beta',
    ]);
    expect(
      await names({ op: 'BETWEEN', values: ['2024-01-01', '2024-12-31'] }, 'close_date', 'DATE'),
    ).toEqual(['Gamma project']);
    expect(await names({ op: 'LESS_THAN', value: '2025-01-01' }, 'close_date', 'DATE')).toEqual([
      'Gamma project',
    ]);
    expect(await names({ op: 'OFFSET', value: 7 }, 'close_date', 'DATE')).toEqual(['Alpha deal']);
    expect(await names({ op: 'OFFSET', value: -30 }, 'close_date', 'DATE')).toEqual(['Beta deal']);
    expect(await names({ op: 'OFFSET', value: 60, negate: true }, 'close_date', 'DATE')).toEqual([
      'Beta deal',
      'Delta deal',
      'Gamma project',
    ]);
  });

  test('AND / OR containers', async () => {
    const both = await data({
      filters: {
        op: 'AND',
        fieldFilters: [
          { colId: 'partner', type: 'TEXT', filter: { op: 'EQUAL_TO', value: 'P1' } },
          { colId: 'amount', type: 'CURRENCY', filter: { op: 'GREATER_THAN', value: 500 } },
        ],
      },
      page: { number: 0, size: 10 },
    });
    expect(both.body.results.map((r: { name: string }) => r.name)).toEqual(['Alpha deal']);
    const either = await data({
      filters: {
        op: 'OR',
        fieldFilters: [
          { colId: 'partner', type: 'TEXT', filter: { op: 'EQUAL_TO', value: 'P3' } },
          { colId: 'stage', type: 'TEXT', filter: { op: 'EQUAL_TO', value: 'won' } },
        ],
      },
      page: { number: 0, size: 10 },
    });
    expect(either.body.results.map((r: { name: string }) => r.name)).toEqual(['Beta deal', 'Delta deal']);
  });

  test('paging, endOfList, rows keyed by colId, base filters and version', async () => {
    const pages = [];
    for (let number = 0; number < 3; number++) pages.push((await data({ page: { number, size: 2 } })).body);
    expect(pages.map((p) => p.results.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.endOfList)).toEqual([false, false, true]);
    const row = pages[0].results[0];
    expect(Object.keys(row)).toEqual([
      'object_id',
      'name',
      'stage',
      'amount',
      'close_date',
      'partner',
      'crm_id',
      'account_name',
      'owner',
      'updated_at',
    ]);
    expect(row).toMatchObject({ name: 'Alpha deal', amount: 1000, crm_id: null });

    const won = await data({ page: { number: 0, size: 10 } }, 1003);
    expect(won.body.results.map((r: { name: string }) => r.name)).toEqual(['Beta deal']);
    const accounts = await data({ page: { number: 0, size: 10 } }, 1005);
    expect(accounts.body.results).toEqual([
      expect.objectContaining({ name: 'Only account', crm_account_id: 'A1' }),
    ]);

    const before = pages[0].version;
    expect(Number.isInteger(before)).toBe(true);
    await sandbox.admin(`/objects/${row.object_id}/stage`, {
      body: { stage: 'won' },
      tenant: 'reports.workspan.com',
    });
    const after = await data({ page: { number: 0, size: 1 } });
    expect(after.body.version).toBeGreaterThan(before);
    const accountsAfter = await data({ page: { number: 0, size: 1 } }, 1005);
    expect(accountsAfter.body.version).toBe(accounts.body.version);
  });

  test('errors: unknown colId, bad filter values, unknown report', async () => {
    const unknownColumn = await data({
      filters: { fieldFilters: [{ colId: 'nope', filter: { op: 'IS_EMPTY' } }] },
    });
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.body.code).toBe('unknown_column');
    expect(unknownColumn.body.message).toContain("unknown colId 'nope'");
    const noValue = await data({
      filters: { fieldFilters: [{ colId: 'amount', filter: { op: 'GREATER_THAN' } }] },
    });
    expect(noValue.status).toBe(400);
    expect(noValue.body.code).toBe('invalid_filter');
    const notNumber = await data({
      filters: { fieldFilters: [{ colId: 'amount', filter: { op: 'EQUAL_TO', value: 'lots' } }] },
    });
    expect(notNumber.status).toBe(400);
    const between = await data({
      filters: { fieldFilters: [{ colId: 'amount', filter: { op: 'BETWEEN', values: [1] } }] },
    });
    expect(between.status).toBe(400);
    const unknownReport = await data({}, 999);
    expect(unknownReport.status).toBe(404);
    expect(unknownReport.body.code).toBe('report_not_found');
  });

  const refused = async (fieldFilters: unknown[]) => {
    const response = await data({ filters: { op: 'OR', fieldFilters } });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toBe(response.body.request_id);
    return response.body as { code: string; message: string };
  };

  test('OFFSET day counts past the representable dates are a 400 naming the filter, not a 500', async () => {
    for (const value of [100_000_000, 1e10, -1e308, '-1e308', 1e308]) {
      for (const [colId, type] of [
        ['close_date', 'DATE'],
        ['updated_at', 'DATE_TIME'],
      ]) {
        const body = await refused([
          { colId: 'stage', type: 'TEXT', filter: { op: 'IS_EMPTY' } },
          { colId, type, filter: { op: 'OFFSET', value } },
        ]);
        expect(body.code).toBe('invalid_filter');
        expect(body.message).toMatch(/^filters\.fieldFilters\[1\]: OFFSET filter\.value .* is out of range/);
      }
    }
  });

  test('OFFSET with a very large valid day count compares dates, not extended-year strings', async () => {
    expect(await names({ op: 'OFFSET', value: 80_000_000 }, 'close_date', 'DATE')).toEqual([
      'Alpha deal',
      'alpha beta',
    ]);
    expect(await names({ op: 'OFFSET', value: -80_000_000 }, 'close_date', 'DATE')).toEqual([
      'Beta deal',
      'Gamma project',
    ]);
    expect(await names({ op: 'OFFSET', value: 80_000_000 }, 'updated_at', 'DATE_TIME')).toHaveLength(5);
  });

  test('impossible calendar dates are refused, naming the filter', async () => {
    for (const [op, operand] of [
      ['EQUAL_TO', { value: '2025-02-30' }],
      ['LESS_THAN', { value: '2025-04-31' }],
      ['BETWEEN', { values: ['2024-01-01', '2025-02-29'] }],
      ['IN', { values: ['2025-01-01', '2025-13-01'] }],
    ] as const) {
      for (const type of ['DATE', 'DATE_TIME']) {
        const colId = type === 'DATE' ? 'close_date' : 'updated_at';
        const body = await refused([{ colId, type, filter: { op, ...operand } }]);
        expect(body.code).toBe('invalid_filter');
        expect(body.message).toMatch(/^filters\.fieldFilters\[0\]: filter\.values? (element )?"2025-..-.."/);
        expect(body.message).toContain('not a real calendar date');
      }
    }
    expect(await names({ op: 'EQUAL_TO', value: '2024-01-15' }, 'close_date', 'DATE')).toEqual([
      'Gamma project',
    ]);
  });

  test('the number of filters and of IN values is limited, and the limit is named', async () => {
    const many = Array.from({ length: 101 }, () => ({
      colId: 'name',
      type: 'TEXT',
      filter: { op: 'CONTAIN', value: 'deal' },
    }));
    const tooMany = await refused(many);
    expect(tooMany).toMatchObject({ code: 'invalid_filter' });
    expect(tooMany.message).toContain('fieldFilters has 101 filters; the limit is 100 filters per call');
    const values = Array.from({ length: 1001 }, (_, i) => `P${i}`);
    const tooLong = await refused([{ colId: 'partner', type: 'TEXT', filter: { op: 'IN', values } }]);
    expect(tooLong.message).toContain(
      'filters.fieldFilters[0]: filter.values has 1001 elements; the limit is 1000 values per filter',
    );
    expect(await names({ op: 'IN', values: values.slice(0, 1000) }, 'partner')).toEqual([
      'Alpha deal',
      'Beta deal',
      'Delta deal',
      'Gamma project',
    ]);
  });
});

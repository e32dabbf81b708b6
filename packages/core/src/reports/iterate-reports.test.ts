import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkSpanClient } from '../node.js';
import { json, startWireServer, testConnection } from '../test-support/wire-server.js';
import { iterateReportData, iterateReportList } from './iterate-reports.js';
import { reportFilters } from './report-filter-builder.js';

const reports = Array.from({ length: 7 }, (_, index) => ({ id: index + 1, name: `Report ${index + 1}` }));
let server: Awaited<ReturnType<typeof startWireServer>>;

beforeAll(async () => {
  server = await startWireServer({
    handler: (request, response) => {
      const { page } = JSON.parse(request.body.toString());
      const slice = reports.slice(page.number * page.size, (page.number + 1) * page.size);
      json(response, 200, { results: slice, endOfList: (page.number + 1) * page.size >= reports.length });
    },
  });
});
afterAll(() => server.close());

describe('report iterators', () => {
  it('reads every page until endOfList', async () => {
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    const names: string[] = [];
    for await (const report of iterateReportList(client, { pageSize: 3 })) names.push(report.name);
    expect(names).toEqual(reports.map((report) => report.name));
  });

  it('stops at the limit without reading further pages', async () => {
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    const before = server.requests.length;
    const rows = [];
    for await (const row of iterateReportData(client, 5, {
      limit: 4,
      pageSize: 2,
      filters: reportFilters.and(reportFilters.column('stage').in('won')),
    }))
      rows.push(row);
    expect(rows).toHaveLength(4);
    expect(server.requests.length - before).toBe(2);
    const body = JSON.parse(server.requests[before]?.body.toString() ?? '{}');
    expect(body.filters).toEqual({
      op: 'AND',
      fieldFilters: [{ colId: 'stage', type: 'TEXT', filter: { op: 'IN', values: ['won'] } }],
    });
  });
});

describe('report filter builder', () => {
  it('builds each operator, with negation', () => {
    const { column, or } = reportFilters;
    expect(
      or(
        column('amount', 'NUMBER').between(1, 5),
        column('name').not.contains('test'),
        column('close_date', 'DATE').withinDays(30),
      ),
    ).toEqual({
      op: 'OR',
      fieldFilters: [
        { colId: 'amount', type: 'NUMBER', filter: { op: 'BETWEEN', values: [1, 5] } },
        { colId: 'name', type: 'TEXT', filter: { op: 'CONTAIN', negate: true, value: 'test' } },
        { colId: 'close_date', type: 'DATE', filter: { op: 'OFFSET', value: 30 } },
      ],
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '../catalogue/index.js';
import type { Clock } from '../client/transport.js';
import { WorkSpanBulkloadFailedError, WorkSpanNotFoundError } from '../errors.js';
import { createWorkSpanClient, nodeClock } from '../node.js';
import { describeFailure } from '../shared-by-hosts/describe-failure.js';
import { fieldNamers } from '../shared-by-hosts/field-names.js';
import { type Handler, json, startWireServer } from '../test-support/wire-server.js';
import { planRun } from './plan-run.js';
import { type RunProgress, runOperation } from './run-operation.js';

let server: Awaited<ReturnType<typeof startWireServer>>;
let statusReads = 0;
const rows = Array.from({ length: 23 }, (_, index) => ({ row: index }));

const answer: Handler = (request, response) => {
  const url = new URL(request.url, 'http://x');
  if (url.pathname.endsWith('/report/v1/list') || url.pathname.includes('/data')) {
    const { page } = JSON.parse(request.body.toString() || '{}') as {
      page: { number: number; size: number };
    };
    const pageNumber = page.number;
    const pageSize = page.size;
    if (url.pathname.includes('/404/'))
      return json(response, 404, { code: 'report_not_found', message: 'No report 404.' });
    const results = rows.slice(pageNumber * pageSize, (pageNumber + 1) * pageSize);
    return json(response, 200, {
      results,
      endOfList: (pageNumber + 1) * pageSize >= rows.length,
      version: 3,
    });
  }
  if (
    (url.pathname.includes('/bulkload/') && url.pathname.endsWith('/status')) ||
    url.searchParams.has('execution_id')
  ) {
    statusReads++;
    const done = statusReads >= 2;
    const written = url.searchParams.get('execution_id') === 'nothing' ? 0 : 2;
    return json(response, 200, {
      execution_id: url.searchParams.get('execution_id'),
      status: done ? 'completed' : 'running',
      input_count: 2,
      success_count: done ? written : 0,
      error_count: done ? 2 - written : 0,
    });
  }
  return json(response, 200, {
    execution_id: url.searchParams.get('integration_id') === 'nothing' ? 'nothing' : 'exec-1',
  });
};

beforeAll(async () => {
  server = await startWireServer({ handler: answer });
});
afterAll(() => server.close());

const virtualClock: Clock = {
  now: () => nodeClock.now(),
  sleep: async (_ms, signal) => signal?.throwIfAborted(),
};
const client = () =>
  createWorkSpanClient({
    connection: {
      environment: server.url,
      clientId: 'app',
      clientSecret: 'test-secret-value',
      hostname: 'demo.workspan.com',
    },
    clock: virtualClock,
  });

describe('runOperation', () => {
  it('reads pages up to the limit, reporting each page', async () => {
    const pages: RunProgress[] = [];
    const plan = planRun(catalogue.GetReportList, { pageSize: 10 }, { limit: 15 });
    const outcome = await runOperation(client(), plan, { onProgress: (progress) => pages.push(progress) });
    expect(outcome).toMatchObject({ kind: 'items', itemCount: 15 });
    expect(outcome.kind === 'items' && outcome.items).toEqual(rows.slice(0, 15));
    expect(pages.map((page) => page.kind === 'page' && page.items.length)).toEqual([10, 5]);
  });

  it('reads every page with Return All, and one page when its number is given', async () => {
    const all = await runOperation(
      client(),
      planRun(catalogue.GetReportList, { pageSize: 10 }, { returnAll: true }),
    );
    expect(all).toMatchObject({ kind: 'items', itemCount: 23, lastPage: { endOfList: true, version: 3 } });
    const one = await runOperation(
      client(),
      planRun(catalogue.GetReportList, { pageSize: 10, pageNumber: 1 }, { limit: 4 }),
    );
    expect(one.kind === 'items' && one.items).toEqual(rows.slice(10, 14));
  });

  it('follows a bulk load to its end, reporting progress, with either spelling of the success count', async () => {
    statusReads = 0;
    const progress: RunProgress[] = [];
    const plan = planRun(
      catalogue.BulkloadData,
      { integrationId: 'WS-Integration_crm_opportunity', data: 'name\nAcme\nBeta', dataFormat: 'csv' },
      { waitForCompletion: true },
    );
    const outcome = await runOperation(client(), plan, { onProgress: (event) => progress.push(event) });
    expect(outcome).toMatchObject({
      kind: 'bulkload',
      load: { executionId: 'exec-1' },
      summary: { succeeded: 2 },
    });
    expect(progress.map((event) => event.kind)).toEqual([
      'bulkload-started',
      'bulkload-status',
      'bulkload-status',
    ]);
  });

  it('fails a load that wrote nothing, after the wait', async () => {
    statusReads = 0;
    const plan = planRun(
      catalogue.BulkloadData,
      { integrationId: 'nothing', data: 'name\nAcme', dataFormat: 'csv' },
      { waitForCompletion: true },
    );
    await expect(runOperation(client(), plan)).rejects.toBeInstanceOf(WorkSpanBulkloadFailedError);
  });

  it("names the field that carried an id WorkSpan does not know, in the host's names", async () => {
    const plan = planRun(catalogue.GetReportData, { reportId: 404 }, { limit: 1 });
    const error = await runOperation(client(), plan).catch((caught: unknown) => caught);
    expect(WorkSpanNotFoundError.isInstance(error)).toBe(true);
    const words = (namer: (typeof fieldNamers)[keyof typeof fieldNamers]) =>
      describeFailure(error, { namer, operation: catalogue.GetReportData }).message;
    expect(words(fieldNamers.n8n)).toMatch(/^Report "404" was not found in WorkSpan/);
    expect(words(fieldNamers.nodeRed)).toMatch(/^Report \(msg\.reportId\) "404" was not found/);
    expect(words(fieldNamers.githubAction)).toMatch(/^report-id "404" was not found/);
    expect(words(fieldNamers.cli)).toMatch(/^--report-id "404" was not found/);
  });
});

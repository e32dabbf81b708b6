import type { OperationOutput } from '../catalogue/index.js';
import type { ReportFilterContainer } from '../catalogue/report-filter-schema.js';
import type { CallOptions, WorkSpanClient } from '../client/client.js';

export type ReportSummary = OperationOutput<'GetReportList'>['results'][number];
export type ReportRow = Record<string, unknown>;

export interface PagingOptions extends CallOptions {
  /** Stop after this many items (default: all). */
  limit?: number;
  /** Items per page, 1..10000 (default 500). */
  pageSize?: number;
}

/** Every report, a page at a time, as one async sequence. */
export async function* iterateReportList(
  client: WorkSpanClient,
  options: PagingOptions = {},
): AsyncGenerator<ReportSummary> {
  yield* paginate(options, (pageNumber, pageSize) =>
    client.call('GetReportList', { pageNumber, pageSize }, options),
  );
}

/** Every row of a report (filtered), a page at a time, as one async sequence. */
export async function* iterateReportData(
  client: WorkSpanClient,
  reportId: number | string,
  options: PagingOptions & { filters?: ReportFilterContainer } = {},
): AsyncGenerator<ReportRow> {
  yield* paginate(options, (pageNumber, pageSize) =>
    client.call(
      'GetReportData',
      {
        reportId: reportId as number,
        pageNumber,
        pageSize,
        ...(options.filters ? { filters: options.filters } : {}),
      },
      options,
    ),
  );
}

async function* paginate<Item>(
  options: PagingOptions,
  readPage: (
    pageNumber: number,
    pageSize: number,
  ) => Promise<{ results: Item[]; endOfList?: boolean | undefined }>,
): AsyncGenerator<Item> {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const pageSize = Math.min(options.pageSize ?? 500, Number.isFinite(limit) ? Math.max(1, limit) : 10_000);
  let delivered = 0;
  for (let pageNumber = 0; delivered < limit; pageNumber++) {
    const page = await readPage(pageNumber, pageSize);
    for (const item of page.results) {
      if (delivered >= limit) return;
      delivered++;
      yield item;
    }
    // A short page also ends the list, in case a server leaves endOfList out.
    if (page.endOfList === true || page.results.length < pageSize) return;
  }
}

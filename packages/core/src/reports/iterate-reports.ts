import { type AnyOperation, catalogue, type OperationOutput } from '../catalogue/index.js';
import type { ReportFilterContainer } from '../catalogue/report-filter-schema.js';
import type { CallOptions, WorkSpanClient } from '../client/client.js';
import { readPages } from '../run/read-pages.js';

export type ReportSummary = OperationOutput<'GetReportList'>['results'][number];
export type ReportRow = Record<string, unknown>;

export interface PagingOptions extends CallOptions {
  /** Stop after this many items (default: all). */
  limit?: number;
  /** Items per page, 1..10000 (default 500). */
  pageSize?: number;
}

const pagingOf = (options: PagingOptions) => ({
  pageSize: options.pageSize ?? 500,
  ...(options.limit === undefined ? {} : { limit: options.limit }),
});

/** Every report, a page at a time, as one async sequence. */
export async function* iterateReportList(
  client: WorkSpanClient,
  options: PagingOptions = {},
): AsyncGenerator<ReportSummary> {
  const operation = catalogue.GetReportList as AnyOperation;
  const read = (input: Record<string, unknown>) => client.call(operation, input, options);
  yield* readPages(operation, {}, read, pagingOf(options)) as AsyncGenerator<ReportSummary>;
}

/** Every row of a report (filtered), a page at a time, as one async sequence. */
export async function* iterateReportData(
  client: WorkSpanClient,
  reportId: number | string,
  options: PagingOptions & { filters?: ReportFilterContainer } = {},
): AsyncGenerator<ReportRow> {
  const operation = catalogue.GetReportData as AnyOperation;
  const read = (input: Record<string, unknown>) => client.call(operation, input, options);
  const input = { reportId, ...(options.filters ? { filters: options.filters } : {}) };
  yield* readPages(operation, input, read, pagingOf(options)) as AsyncGenerator<ReportRow>;
}

import type { FastifyPluginAsync } from 'fastify';
import type { SandboxContext } from '../http/context.js';
import { ApiError } from '../http/errors.js';
import type { Report } from '../model/types.js';
import { columnValue, compileReportFilter, type Predicate } from '../reports/filters.js';
import { findPage, readPage } from '../reports/paging.js';
import { isPlainObject } from '../shared/util.js';

/** ReportBaseDto: what GetReportList returns per report. */
export function reportBase(report: Report): Record<string, unknown> {
  return {
    id: report.id,
    name: report.name,
    description: report.description,
    reportStatus: report.reportStatus,
    createdAt: report.createdAt,
    createdBy: report.createdBy,
    modifiedAt: report.modifiedAt,
    modifiedBy: report.modifiedBy,
  };
}

/**
 * GetReportList answers ReportListResponse `{ results: ReportBaseDto[], endOfList }` (the definition's
 * own 200 schema for this call, `{ id, name }`, describes one report, not the list); GetReportData
 * answers ReportDataResponse `{ results, endOfList, version }`.
 */
export const reportRoutes =
  (ctx: SandboxContext): FastifyPluginAsync =>
  async (app) => {
    // Compiled `base_filter`s, keyed by tenant, report, definition and day (OFFSET filters are
    // relative to today); a report's static filter is compiled once, not on every page.
    const baseFilters = new Map<string, Predicate>();
    const maxCachedFilters = 256;
    const baseFilterOf = (tenant: string, report: Report): Predicate => {
      const today = new Date().toISOString().slice(0, 10);
      const key = JSON.stringify([tenant, report.id, today, report.base_filter ?? null, report.columns]);
      let predicate = baseFilters.get(key);
      if (!predicate) {
        predicate = compileReportFilter(report.base_filter, report.columns, {
          today,
          where: 'report definition',
        });
        if (baseFilters.size >= maxCachedFilters) baseFilters.clear();
        baseFilters.set(key, predicate);
      }
      return predicate;
    };

    app.post(
      '/report/v1/list',
      { config: { kind: 'api', operations: ['GetReportList'] } },
      async (request) => {
        const body = isPlainObject(request.body) ? request.body : {};
        const page = readPage(body.page);
        const total = ctx.db.countReports(request.tenant);
        const results = ctx.db
          .listReports(request.tenant, page.number * page.size, page.size)
          .map(reportBase);
        return { results, endOfList: (page.number + 1) * page.size >= total };
      },
    );

    app.post(
      '/report/v1/:reportId/data',
      { config: { kind: 'api', operations: ['GetReportData'] } },
      async (request) => {
        const reportId = Number(request.validated?.path.reportId);
        const report = ctx.db.getReport(request.tenant, reportId);
        if (!report)
          throw new ApiError(404, 'report_not_found', `No report ${reportId} in ${request.tenant}.`);
        const body = isPlainObject(request.body) ? request.body : {};
        const page = readPage(body.page);
        const base = baseFilterOf(request.tenant, report);
        const filter = compileReportFilter(body.filters, report.columns);
        const version = ctx.db.getVersion(request.tenant, report.object_type);
        const { results, endOfList } = await findPage(
          (afterSeq, limit) => ctx.db.listObjectsAfter(request.tenant, report.object_type, afterSeq, limit),
          (object) => base(object) && filter(object),
          page,
        );
        const rows = results.map((object) => {
          const row: Record<string, unknown> = {};
          for (const column of report.columns) row[column.colId] = columnValue(object, column) ?? null;
          return row;
        });
        return { results: rows, endOfList, version };
      },
    );
  };

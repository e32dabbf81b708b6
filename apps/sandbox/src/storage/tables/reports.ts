import type { ReportFilterContainer } from '@workspan-kit/core/spec';
import type { ObjectType, Report } from '../../model/types.js';
import { asNumber, asText, parseJsonColumn, type Row, Statements } from '../statements.js';

/** Each tenant's reports. */
export class ReportsTable extends Statements {
  upsertReport(tenant: string, report: Report): void {
    this.run(
      `INSERT INTO reports (tenant, report_id, name, description, report_status, created_at, created_by, modified_at,
         modified_by, object_type, columns, base_filter)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant, report_id) DO UPDATE SET name = excluded.name, description = excluded.description,
         report_status = excluded.report_status, created_at = excluded.created_at, created_by = excluded.created_by,
         modified_at = excluded.modified_at, modified_by = excluded.modified_by, object_type = excluded.object_type,
         columns = excluded.columns, base_filter = excluded.base_filter`,
      tenant,
      report.id,
      report.name,
      report.description,
      report.reportStatus,
      report.createdAt,
      JSON.stringify(report.createdBy),
      report.modifiedAt,
      JSON.stringify(report.modifiedBy),
      report.object_type,
      JSON.stringify(report.columns),
      report.base_filter ? JSON.stringify(report.base_filter) : null,
    );
  }

  getReport(tenant: string, reportId: number): Report | undefined {
    const row = this.get('SELECT * FROM reports WHERE tenant = ? AND report_id = ?', tenant, reportId);
    return row ? toReport(row) : undefined;
  }

  listReports(tenant: string, offset: number, limit: number): Report[] {
    return this.all(
      'SELECT * FROM reports WHERE tenant = ? ORDER BY report_id LIMIT ? OFFSET ?',
      tenant,
      limit,
      offset,
    ).map(toReport);
  }

  countReports(tenant: string): number {
    return asNumber(this.get('SELECT count(*) AS n FROM reports WHERE tenant = ?', tenant)?.n);
  }
}

function toReport(row: Row): Report {
  const report: Report = {
    id: asNumber(row.report_id),
    name: asText(row.name),
    description: asText(row.description),
    reportStatus: asText(row.report_status) === 'DRAFT' ? 'DRAFT' : 'PUBLISHED',
    createdAt: asText(row.created_at),
    createdBy: parseJsonColumn(row.created_by, { id: '' }),
    modifiedAt: asText(row.modified_at),
    modifiedBy: parseJsonColumn(row.modified_by, { id: '' }),
    object_type: asText(row.object_type) as ObjectType,
    columns: parseJsonColumn(row.columns, []),
  };
  if (row.base_filter !== null)
    report.base_filter = parseJsonColumn<ReportFilterContainer>(row.base_filter, { fieldFilters: [] });
  return report;
}

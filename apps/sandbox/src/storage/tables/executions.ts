import type { Execution } from '../../model/types.js';
import { asNumber, asText, type Row, Statements } from '../statements.js';

/** The bulk loads (executions) and their counts. */
export class ExecutionsTable extends Statements {
  insertExecution(execution: Execution): void {
    this.run(
      `INSERT INTO executions (execution_id, tenant, integration_id, operation, data_format, column_delimiter,
         has_header_row, status, created_at, started_at, payload_path, payload_bytes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      execution.execution_id,
      execution.tenant,
      execution.integration_id,
      execution.operation,
      execution.data_format,
      execution.column_delimiter,
      execution.has_header_row ? 1 : 0,
      execution.status,
      execution.created_at,
      execution.started_at,
      execution.payload_path,
      execution.payload_bytes,
    );
  }

  getExecution(executionId: string): Execution | undefined {
    const row = this.get('SELECT * FROM executions WHERE execution_id = ?', executionId);
    return row ? toExecution(row) : undefined;
  }

  listExecutions(tenant: string): Execution[] {
    return this.all('SELECT * FROM executions WHERE tenant = ? ORDER BY seq DESC', tenant).map(toExecution);
  }

  listRunningExecutions(): Execution[] {
    return this.all("SELECT * FROM executions WHERE status = 'running' ORDER BY seq").map(toExecution);
  }

  updateExecutionCounts(
    executionId: string,
    counts: { input_count: number; success_count: number; error_count: number; skip_count: number },
  ): void {
    this.run(
      'UPDATE executions SET input_count = ?, success_count = ?, error_count = ?, skip_count = ? WHERE execution_id = ?',
      counts.input_count,
      counts.success_count,
      counts.error_count,
      counts.skip_count,
      executionId,
    );
  }

  completeExecution(executionId: string, completedAt: string): void {
    this.run(
      "UPDATE executions SET status = 'completed', completed_at = ?, payload_path = NULL WHERE execution_id = ?",
      completedAt,
      executionId,
    );
  }
}

function toExecution(row: Row): Execution {
  return {
    execution_id: asText(row.execution_id),
    tenant: asText(row.tenant),
    integration_id: asText(row.integration_id),
    operation: asText(row.operation),
    data_format: asText(row.data_format) as Execution['data_format'],
    column_delimiter: asText(row.column_delimiter),
    has_header_row: asNumber(row.has_header_row) === 1,
    status: asText(row.status) === 'completed' ? 'completed' : 'running',
    input_count: asNumber(row.input_count),
    success_count: asNumber(row.success_count),
    error_count: asNumber(row.error_count),
    skip_count: asNumber(row.skip_count),
    created_at: asText(row.created_at),
    started_at: asText(row.started_at),
    completed_at: row.completed_at === null ? null : asText(row.completed_at),
    payload_path: row.payload_path === null ? null : asText(row.payload_path),
    payload_bytes: asNumber(row.payload_bytes),
  };
}

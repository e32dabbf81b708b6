import type { ExecutionError } from '../../model/types.js';
import { asText, parseJsonColumn, Statements } from '../statements.js';

/** The rows a bulk load could not take, per execution. */
export class ExecutionErrorsTable extends Statements {
  /** Forgets the errors of an execution (a job restarted after a crash records them again). */
  clearExecutionErrors(executionId: string): void {
    this.run('DELETE FROM execution_errors WHERE execution_id = ?', executionId);
  }

  insertExecutionError(executionId: string, seq: number, error: ExecutionError): void {
    this.run(
      'INSERT INTO execution_errors (execution_id, seq, record_id, message, data_row) VALUES (?, ?, ?, ?, ?)',
      executionId,
      seq,
      error.id,
      error.message,
      JSON.stringify(error.data_row),
    );
  }

  listExecutionErrors(executionId: string, limit: number): ExecutionError[] {
    return this.all(
      'SELECT * FROM execution_errors WHERE execution_id = ? ORDER BY seq LIMIT ?',
      executionId,
      limit,
    ).map((row) => ({
      id: asText(row.record_id),
      message: asText(row.message),
      data_row: parseJsonColumn(row.data_row, {}),
    }));
  }
}

import { type BulkloadStatus, summarizeBulkload } from '@workspan-kit/core';
import { renderKeyValues, renderRecords } from './output.js';
import { escapeForTerminal } from './terminal-text.js';

/** Rows processed so far (succeeded, failed or skipped). */
export function processedRows(status: BulkloadStatus): number {
  const summary = summarizeBulkload(status);
  return summary.succeeded + summary.failed + summary.skipped;
}

/** One line: `Bulk load EX1: completed (3 rows: 2 succeeded, 1 failed, 0 skipped)`. */
export function bulkloadLine(status: BulkloadStatus): string {
  const summary = summarizeBulkload(status);
  const rows = status.input_count === undefined ? '' : `${summary.read} rows: `;
  return escapeForTerminal(
    `Bulk load ${status.execution_id ?? ''}: ${status.status} (${rows}${summary.succeeded} succeeded, ${summary.failed} failed, ${summary.skipped} skipped)`,
  );
}

/** The status with its counts, then the row errors as a table. */
export function renderBulkloadStatus(status: BulkloadStatus): string {
  const summary = summarizeBulkload(status);
  const entries: [string, unknown][] = [
    ['status', status.status],
    ['integration', status.integration_id],
    ['execution', status.execution_id],
    ['input rows', status.input_count],
    ['succeeded', summary.succeeded],
    ['failed', summary.failed],
    ['skipped', summary.skipped],
    ['started at', status.started_at],
    ['completed at', status.completed_at],
  ];
  const lines = [bulkloadLine(status), renderKeyValues(entries.filter(([, value]) => value !== undefined))];
  const errors = status.errors ?? [];
  if (errors.length > 0) lines.push(`Row errors (${errors.length} shown):`, renderRecords(errors));
  return lines.join('\n');
}

import type { BulkloadStatus } from '@workspan-kit/core';
import { renderKeyValues, renderRecords } from './output.js';
import { escapeForTerminal } from './terminal-text.js';

export interface BulkloadCounts {
  input: number | undefined;
  succeeded: number | undefined;
  failed: number | undefined;
  skipped: number | undefined;
}

export function bulkloadCounts(status: BulkloadStatus): BulkloadCounts {
  const loose = status as Record<string, unknown>;
  // The API spells it `succcess_count`; accept the plain spelling too.
  const succeeded =
    status.succcess_count ?? (typeof loose.success_count === 'number' ? loose.success_count : undefined);
  return { input: status.input_count, succeeded, failed: status.error_count, skipped: status.skip_count };
}

/** Rows processed so far (succeeded, failed or skipped). */
export function processedRows(counts: BulkloadCounts): number {
  return (counts.succeeded ?? 0) + (counts.failed ?? 0) + (counts.skipped ?? 0);
}

/** One line: `Bulk load EX1: completed (3 rows: 2 succeeded, 1 failed, 0 skipped)`. */
export function summarizeBulkload(status: BulkloadStatus): string {
  const counts = bulkloadCounts(status);
  const rows = counts.input === undefined ? '' : `${counts.input} rows: `;
  return escapeForTerminal(
    `Bulk load ${status.execution_id ?? ''}: ${status.status} (${rows}${counts.succeeded ?? 0} succeeded, ${counts.failed ?? 0} failed, ${counts.skipped ?? 0} skipped)`,
  );
}

/** The status with its counts, then the row errors as a table. */
export function renderBulkloadStatus(status: BulkloadStatus): string {
  const counts = bulkloadCounts(status);
  const entries: [string, unknown][] = [
    ['status', status.status],
    ['integration', status.integration_id],
    ['execution', status.execution_id],
    ['input rows', counts.input],
    ['succeeded', counts.succeeded],
    ['failed', counts.failed],
    ['skipped', counts.skipped],
    ['started at', status.started_at],
    ['completed at', status.completed_at],
  ];
  const lines = [
    summarizeBulkload(status),
    renderKeyValues(entries.filter(([, value]) => value !== undefined)),
  ];
  const errors = status.errors ?? [];
  if (errors.length > 0) lines.push(`Row errors (${errors.length} shown):`, renderRecords(errors));
  return lines.join('\n');
}

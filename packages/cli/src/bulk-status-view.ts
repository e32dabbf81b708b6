import { type BulkloadStatus, summarizeBulkload } from '@workspan-kit/core';
import { renderHuman, renderRecords } from './output.js';
import { escapeForTerminal } from './terminal-text.js';

/**
 * Core's summary in one line, `Bulk load EX1 succeeded: 3 rows read, 3 written, 0 refused, 0 skipped`,
 * then the status as WorkSpan gave it, then the row errors.
 */
export function renderBulkloadStatus(status: BulkloadStatus): string {
  const summary = summarizeBulkload(status);
  const { errors: _errors, ...rest } = status as Record<string, unknown>;
  const lines = [
    escapeForTerminal(`Bulk load ${summary.executionId ?? ''} ${summary.text}`.replace('  ', ' ')),
    renderHuman({
      read: summary.read,
      succeeded: summary.succeeded,
      failed: summary.failed,
      skipped: summary.skipped,
      ...rest,
    }),
  ];
  if (summary.errors.length > 0)
    lines.push(`Row errors (${summary.errors.length} shown):`, renderRecords(summary.errors));
  return lines.join('\n');
}

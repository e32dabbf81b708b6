import type { BulkloadSummary } from '@workspan-kit/core';

/** HTML for the job summary; every value from WorkSpan is escaped. */
export function escapeHtml(value: unknown): string {
  const text =
    typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export function htmlTable(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const head = `<tr>${headers.map((header) => `<th>${escapeHtml(header)}</th>`).join('')}</tr>`;
  const body = rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('');
  return `<table>${head}${body}</table>\n`;
}

/** A bulk load's outcome as core summarises it for every host, with its first row errors. */
export function bulkStatusSummary(executionId: string, summary: BulkloadSummary): string {
  const lines = [`<h3>WorkSpan bulk load ${escapeHtml(executionId)}: ${escapeHtml(summary.state)}</h3>\n`];
  lines.push(
    htmlTable(
      ['rows read', 'written', 'refused', 'skipped'],
      [[summary.read, summary.succeeded, summary.failed, summary.skipped]],
    ),
  );
  if (summary.errors.length > 0) {
    lines.push(`<h4>Row errors (first ${summary.errors.length})</h4>\n`);
    lines.push(
      htmlTable(
        ['id', 'message', 'row'],
        summary.errors.map((error) => [error.id, error.message, error.dataRow]),
      ),
    );
  }
  return lines.join('');
}

export const summaryRowLimit = 100;

/** Report rows (or reports) as a table of their columns; long lists show the first rows. */
export function rowsSummary(title: string, rows: readonly Record<string, unknown>[]): string {
  const shown = rows.slice(0, summaryRowLimit);
  const columns = [...new Set(shown.flatMap((row) => Object.keys(row)))];
  const count = rows.length > shown.length ? `first ${shown.length} of ${rows.length}` : `${rows.length}`;
  const heading = `<h3>${escapeHtml(title)} (${count} rows)</h3>\n`;
  if (shown.length === 0) return heading;
  return (
    heading +
    htmlTable(
      columns,
      shown.map((row) => columns.map((column) => row[column])),
    )
  );
}

/** Writes row objects as CSV: a header row of every key seen, values quoted where needed. */
export function rowsToCsv(rows: readonly Record<string, unknown>[], delimiter = ','): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const lines = [columns.map((column) => quote(column, delimiter)).join(delimiter)];
  for (const row of rows)
    lines.push(columns.map((column) => quote(cell(row[column]), delimiter)).join(delimiter));
  return `${lines.join('\r\n')}\r\n`;
}

function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function quote(text: string, delimiter: string): string {
  if (text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r')) {
    return `"${text.replaceAll('"', '""')}"`;
  }
  return text;
}

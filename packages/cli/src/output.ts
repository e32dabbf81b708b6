import Table from 'cli-table3';
import type { OutputStream } from './io.js';
import { escapeForTerminal } from './terminal-text.js';

/** `--json`: exactly the answer, pretty-printed, nothing else on stdout. */
export function printJson(stdout: OutputStream, value: unknown): void {
  stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * `--json` for a list read page by page: writes `{ "results": [...] }` row by row as the rows
 * arrive, byte for byte what `printJson(stdout, { results })` prints. Nothing is written before
 * the first row, so an error before any row leaves stdout empty.
 */
export function startJsonList(stdout: OutputStream): { add(row: unknown): void; end(): void } {
  let count = 0;
  return {
    add(row) {
      const text = JSON.stringify(row, null, 2).replace(/\n/g, '\n    ');
      stdout.write(`${count === 0 ? '{\n  "results": [\n' : ',\n'}    ${text}`);
      count++;
    },
    end() {
      stdout.write(count === 0 ? '{\n  "results": []\n}\n' : '\n  ]\n}\n');
    },
  };
}

/** Human output: scalar fields as a key/value table, each list of records as its own table. */
export function printHuman(stdout: OutputStream, value: unknown): void {
  stdout.write(`${renderHuman(value)}\n`);
}

export function renderHuman(value: unknown): string {
  if (Array.isArray(value)) return isRecordList(value) ? renderRecords(value) : value.map(cell).join('\n');
  if (!isRecord(value)) return cell(value);
  const scalars: [string, unknown][] = [];
  const lists: [string, Record<string, unknown>[]][] = [];
  for (const [key, item] of Object.entries(value)) {
    if (Array.isArray(item) && item.length > 0 && isRecordList(item)) lists.push([key, item]);
    else scalars.push([key, item]);
  }
  const sections: string[] = [];
  if (scalars.length > 0) sections.push(renderKeyValues(scalars));
  for (const [key, records] of lists)
    sections.push(`${escapeForTerminal(key)} (${records.length}):\n${renderRecords(records)}`);
  return sections.length > 0 ? sections.join('\n') : '(empty answer)';
}

export function renderKeyValues(entries: readonly [string, unknown][]): string {
  const table = new Table({ style: { head: [], border: [], compact: true } });
  for (const [key, item] of entries) table.push({ [escapeForTerminal(key)]: cell(item) });
  return table.toString();
}

/** One row per record; columns are every key seen, in order of appearance. */
export function renderRecords(records: readonly Record<string, unknown>[], emptyText = '(none)'): string {
  if (records.length === 0) return emptyText;
  const columns = [...new Set(records.flatMap((record) => Object.keys(record)))];
  const table = new Table({
    head: columns.map(escapeForTerminal),
    style: { head: [], border: [], compact: true },
  });
  for (const record of records) table.push(columns.map((column) => cell(record[column])));
  return table.toString();
}

/** Every value shown in human output passes here, escaped for the terminal. */
function cell(value: unknown): string {
  return escapeForTerminal(plainText(value));
}

function plainText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null))
    return value.map((item) => String(item)).join(', ');
  // References to people ({ id, name }) read best by name.
  if (
    isRecord(value) &&
    typeof value.name === 'string' &&
    Object.keys(value).every((key) => key === 'id' || key === 'name')
  )
    return value.name;
  return JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRecordList(value: readonly unknown[]): value is Record<string, unknown>[] {
  return value.every(isRecord);
}

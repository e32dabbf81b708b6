import type { Fields, Integration, IntegrationColumn } from '../model/types.js';
import type { InputRow } from './readers.js';

export type RowOutcome =
  | { kind: 'valid'; key: string; changes: Fields; dataRow: Record<string, unknown> }
  | { kind: 'error'; id: string; message: string; dataRow: Record<string, unknown> }
  | { kind: 'skip' };

const numberPattern = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Validates a `YYYY-MM-DD` calendar date. */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Converts one value to its column's type; undefined when it does not fit. */
export function convertValue(column: IntegrationColumn, value: unknown): unknown {
  switch (column.type) {
    case 'string':
      if (typeof value === 'string') return value.trim();
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return undefined;
    case 'number': {
      if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
      if (typeof value !== 'string') return undefined;
      const text = value.trim();
      return numberPattern.test(text) ? Number(text) : undefined;
    }
    case 'date': {
      if (typeof value !== 'string') return undefined;
      const text = value.trim();
      return isCalendarDate(text) ? text : undefined;
    }
    case 'enum': {
      if (typeof value !== 'string') return undefined;
      const lower = value.trim().toLowerCase();
      return column.values?.find((allowed) => allowed.toLowerCase() === lower);
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      const text = String(value).trim().toLowerCase();
      if (['true', 'yes', '1'].includes(text)) return true;
      if (['false', 'no', '0'].includes(text)) return false;
      return undefined;
    }
  }
}

/** Column lookup by column name or by stored field name, case-insensitive. */
export function columnIndex(integration: Integration): Map<string, IntegrationColumn> {
  const index = new Map<string, IntegrationColumn>();
  for (const column of integration.columns) {
    index.set(column.field.toLowerCase(), column);
  }
  for (const column of integration.columns) {
    index.set(column.column.toLowerCase(), column);
  }
  return index;
}

/**
 * Checks one input row against the integration's field model. Blank cells leave the field as it is;
 * unknown columns are ignored. The first problem is reported with the definition's messages
 * (`Missing value of key field`, `invalid value in field 'close_date'`).
 */
export function validateRow(
  integration: Integration,
  index: Map<string, IntegrationColumn>,
  row: InputRow,
): RowOutcome {
  const dataRow: Record<string, unknown> = {};
  const changes: Fields = {};
  let firstError: string | undefined;
  let key: string | undefined;
  let anyValue = false;
  for (const [name, raw] of Object.entries(row.values)) {
    const column = index.get(name.trim().toLowerCase());
    dataRow[name] = raw;
    if (isBlank(raw)) continue;
    anyValue = true;
    if (!column) continue;
    const value = convertValue(column, raw);
    if (value === undefined) {
      firstError ??= `invalid value in field '${name}'`;
      continue;
    }
    dataRow[name] = value;
    changes[column.field] = value;
    if (column.column === integration.key_column) key = String(value);
  }
  if (!anyValue && !row.problem) return { kind: 'skip' };
  // A row of the wrong shape says so first: its key, if any, cannot be trusted to be missing.
  if (row.problem) return { kind: 'error', id: key ?? '', message: row.problem, dataRow };
  if (key === undefined || key === '') {
    const keyName =
      Object.keys(row.values).find(
        (name) => index.get(name.trim().toLowerCase())?.column === integration.key_column,
      ) ?? integration.key_column;
    if (!(keyName in dataRow)) dataRow[keyName] = '';
    return { kind: 'error', id: '', message: 'Missing value of key field', dataRow };
  }
  if (firstError) return { kind: 'error', id: key, message: firstError, dataRow };
  return { kind: 'valid', key, changes, dataRow };
}

/** Required columns (other than the key) missing from a row that creates an object. */
export function missingRequired(integration: Integration, changes: Fields): IntegrationColumn | undefined {
  return integration.columns.find(
    (column) =>
      column.required && column.column !== integration.key_column && changes[column.field] === undefined,
  );
}

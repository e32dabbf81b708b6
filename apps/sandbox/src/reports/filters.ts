import { parseReportDate } from '@workspan-kit/core/internal';
import { type ReportColumnType, reportFilterOperators } from '@workspan-kit/core/spec';
import { ApiError } from '../http/errors.js';
import type { ReportColumn, StoredObject } from '../model/types.js';
import { isPlainObject } from '../shared/util.js';

/**
 * The report filter model: a ReportFilterContainer (`op` AND/OR over `fieldFilters`), each filter
 * `{ colId, type, filter: { op, negate, value, values } }`. `value`/`values` are the sandbox's
 * extension (the definition's ReportFilter lists only `op` and `negate`).
 */

type Family = 'text' | 'array' | 'number' | 'date' | 'datetime' | 'boolean';

const families: Record<ReportColumnType, Family> = {
  TEXT: 'text',
  TEXT_REPEATED: 'array',
  TEXT_PG_ARRAY: 'array',
  BOOLEAN: 'boolean',
  NUMBER: 'number',
  DECIMAL: 'number',
  CURRENCY: 'number',
  DATE: 'date',
  DATE_OFFSET: 'date',
  DATE_TIME: 'datetime',
  DATE_TIME_OFFSET: 'datetime',
};

export type Predicate = (object: StoredObject) => boolean;

/** The value of a report column for an object. */
export function columnValue(object: StoredObject, column: ReportColumn): unknown {
  switch (column.field) {
    case 'object_id':
      return object.object_id;
    case 'object_type':
      return object.object_type;
    case 'integration_id':
      return object.integration_id;
    case 'created_at':
      return object.created_at;
    case 'updated_at':
      return object.updated_at;
    default:
      return object.fields[column.field];
  }
}

const isEmpty = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

const dayMs = 86_400_000;
/** JavaScript dates reach 100,000,000 days either side of 1970-01-01; OFFSET must stay inside. */
export const maxEpochDay = 100_000_000;

/** Filters in one ReportFilterContainer, and elements of one IN list: beyond these a call is refused. */
export const maxFieldFilters = 100;
export const maxFilterValues = 1000;

/**
 * Normalises a value for comparison within a family; undefined when it does not fit. Dates become
 * day numbers and date-times instants (ms), so extended years (`+275760-…`) order correctly.
 */
function normalise(family: Family, value: unknown): string | number | boolean | undefined {
  if (value === undefined || value === null) return undefined;
  switch (family) {
    case 'text':
    case 'array':
      return typeof value === 'object' ? undefined : String(value).toLowerCase();
    case 'number': {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : Number.NaN;
      return Number.isFinite(n) ? n : undefined;
    }
    case 'date':
    case 'datetime': {
      if (typeof value !== 'string') return undefined;
      const ms = parseReportDate(value);
      if (ms === undefined) return undefined;
      return family === 'date' ? Math.floor(ms / dayMs) : ms;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return undefined;
  }
}

function invalid(where: string, message: string): ApiError {
  return new ApiError(400, 'invalid_filter', `${where}: ${message}.`);
}

type Normalised = Array<string | number | boolean>;

/**
 * An object's column values as compared, worked out once per object, column and family however
 * many filters read them (a hundred filters on one column would otherwise redo it a hundred times).
 */
type ValueCache = WeakMap<StoredObject, Map<string, Normalised>>;

function compileFieldFilter(
  raw: unknown,
  where: string,
  columns: Map<string, ReportColumn>,
  today: string,
  cache: ValueCache,
): Predicate {
  if (!isPlainObject(raw)) throw invalid(where, 'must be an object { colId, type, filter }');
  const colId = raw.colId;
  if (typeof colId !== 'string' || colId === '') throw invalid(where, 'colId is required');
  const column = columns.get(colId);
  if (!column) {
    throw new ApiError(
      400,
      'unknown_column',
      `${where}: unknown colId '${colId}'; this report has ${[...columns.keys()].map((c) => `'${c}'`).join(', ')}.`,
    );
  }
  const filter = raw.filter;
  if (!isPlainObject(filter)) throw invalid(where, 'filter is required');
  const op = filter.op;
  if (typeof op !== 'string' || !(reportFilterOperators as readonly string[]).includes(op)) {
    throw invalid(where, `filter.op must be one of ${reportFilterOperators.join(', ')}`);
  }
  const negate = filter.negate === true;
  const family = families[column.type] ?? 'text';
  const describe = `column '${colId}' (${column.type})`;
  const misfit = (value: unknown, what: string) => {
    const shown = JSON.stringify(value);
    if ((family === 'date' || family === 'datetime') && typeof value === 'string') {
      return invalid(
        where,
        `${what} ${shown} is not a real calendar date (YYYY-MM-DD or an ISO date-time) for ${describe}`,
      );
    }
    return invalid(where, `${what} ${shown} does not fit ${describe}`);
  };

  const scalarFamily: Family = family === 'array' ? 'text' : family;
  const single = (valueFamily: Family = scalarFamily): string | number | boolean => {
    if (filter.value === undefined || filter.value === null) throw invalid(where, `${op} needs filter.value`);
    const value = normalise(valueFamily, filter.value);
    if (value === undefined) throw misfit(filter.value, 'filter.value');
    return value;
  };
  const list = (length?: number): Array<string | number | boolean> => {
    const values = filter.values;
    if (!Array.isArray(values)) throw invalid(where, `${op} needs filter.values (an array)`);
    if (length !== undefined && values.length !== length) {
      throw invalid(where, `${op} needs filter.values with exactly ${length} elements [from, to]`);
    }
    if (values.length > maxFilterValues) {
      throw invalid(
        where,
        `filter.values has ${values.length} elements; the limit is ${maxFilterValues} values per filter`,
      );
    }
    return values.map((v) => {
      const value = normalise(scalarFamily, v);
      if (value === undefined) throw misfit(v, 'filter.values element');
      return value;
    });
  };
  const rowValues = (object: StoredObject, valueFamily: Family = scalarFamily): Normalised => {
    let byColumn = cache.get(object);
    if (!byColumn) {
      byColumn = new Map();
      cache.set(object, byColumn);
    }
    const key = `${valueFamily} ${colId}`;
    const known = byColumn.get(key);
    if (known) return known;
    const value = columnValue(object, column);
    const items = Array.isArray(value) ? value : [value];
    const out: Normalised = [];
    for (const item of items) {
      const normalised = normalise(valueFamily, item);
      if (normalised !== undefined) out.push(normalised);
    }
    byColumn.set(key, out);
    return out;
  };
  const any =
    (test: (value: string | number | boolean) => boolean, valueFamily?: Family): Predicate =>
    (object) =>
      rowValues(object, valueFamily).some(test);

  let predicate: Predicate;
  switch (op) {
    case 'IS_EMPTY':
      predicate = (object) => isEmpty(columnValue(object, column));
      break;
    case 'EQUAL_TO': {
      const target = single();
      predicate = any((v) => v === target);
      break;
    }
    case 'IN': {
      const targets = new Set(list());
      predicate = any((v) => targets.has(v));
      break;
    }
    case 'CONTAIN':
    case 'START_WITH':
    case 'END_WITH': {
      // Text operators compare the text as stored, whatever the column's type.
      const target = String(single('text'));
      const test =
        op === 'CONTAIN'
          ? (v: string) => v.includes(target)
          : op === 'START_WITH'
            ? (v: string) => v.startsWith(target)
            : (v: string) => v.endsWith(target);
      predicate = any((v) => test(String(v)), 'text');
      break;
    }
    case 'GREATER_THAN':
    case 'LESS_THAN':
    case 'GREATER_THAN_OR_EQUAL_TO':
    case 'LESS_THAN_OR_EQUAL_TO': {
      if (family === 'boolean') throw invalid(where, `${op} does not apply to ${describe}`);
      const target = single();
      const test = {
        GREATER_THAN: (v: string | number | boolean) => v > target,
        LESS_THAN: (v: string | number | boolean) => v < target,
        GREATER_THAN_OR_EQUAL_TO: (v: string | number | boolean) => v >= target,
        LESS_THAN_OR_EQUAL_TO: (v: string | number | boolean) => v <= target,
      }[op];
      predicate = any(test);
      break;
    }
    case 'BETWEEN': {
      if (family === 'boolean') throw invalid(where, `BETWEEN does not apply to ${describe}`);
      const [from, to] = list(2) as [string | number, string | number];
      predicate = any((v) => v >= from && v <= to);
      break;
    }
    case 'OFFSET': {
      if (family !== 'date' && family !== 'datetime')
        throw invalid(where, `OFFSET applies to date columns, not ${describe}`);
      const days = typeof filter.value === 'string' ? Number(filter.value) : filter.value;
      if (typeof days !== 'number' || !Number.isInteger(days)) {
        throw invalid(where, 'OFFSET needs filter.value, a whole number of days relative to today');
      }
      const todayDay = Math.floor((parseReportDate(today) ?? Date.now()) / dayMs);
      const end = todayDay + days;
      if (!Number.isSafeInteger(end) || Math.abs(end) > maxEpochDay) {
        throw invalid(
          where,
          `OFFSET filter.value ${days} is out of range: dates reach ${maxEpochDay} days either side of 1970-01-01, so the day count must be from ${-maxEpochDay - todayDay} to ${maxEpochDay - todayDay}`,
        );
      }
      const [first, last] = days < 0 ? [end, todayDay] : [todayDay, end];
      predicate = (object) =>
        rowValues(object, 'date').some((day) => (day as number) >= first && (day as number) <= last);
      break;
    }
    default:
      throw invalid(where, `unsupported op ${op}`);
  }
  return negate ? (object) => !predicate(object) : predicate;
}

/**
 * Compiles a ReportFilterContainer (core's `ReportFilterContainer`, checked here at run time since it
 * comes from requests and seed files) into a predicate over objects; throws 400 ApiErrors.
 */
export function compileReportFilter(
  container: unknown,
  columns: ReportColumn[],
  options: { today?: string; where?: string } = {},
): Predicate {
  if (container === undefined || container === null) return () => true;
  const where = options.where ?? 'filters';
  if (!isPlainObject(container)) throw invalid(where, 'must be an object { op, fieldFilters }');
  const op = container.op ?? 'AND';
  if (op !== 'AND' && op !== 'OR') throw invalid(where, "op must be 'AND' or 'OR'");
  const fieldFilters = container.fieldFilters ?? [];
  if (!Array.isArray(fieldFilters)) throw invalid(where, 'fieldFilters must be an array');
  if (fieldFilters.length > maxFieldFilters) {
    throw invalid(
      where,
      `fieldFilters has ${fieldFilters.length} filters; the limit is ${maxFieldFilters} filters per call`,
    );
  }
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const byId = new Map(columns.map((column) => [column.colId, column]));
  const cache: ValueCache = new WeakMap();
  const predicates = fieldFilters.map((raw, i) =>
    compileFieldFilter(raw, `${where}.fieldFilters[${i}]`, byId, today, cache),
  );
  if (predicates.length === 0) return () => true;
  return op === 'AND'
    ? (object) => predicates.every((p) => p(object))
    : (object) => predicates.some((p) => p(object));
}

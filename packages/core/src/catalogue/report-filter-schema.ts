import { z } from 'zod';

export const reportColumnTypes = [
  'TEXT',
  'TEXT_REPEATED',
  'TEXT_PG_ARRAY',
  'BOOLEAN',
  'NUMBER',
  'DECIMAL',
  'DATE',
  'DATE_OFFSET',
  'DATE_TIME',
  'DATE_TIME_OFFSET',
  'CURRENCY',
] as const;

export const reportFilterOperators = [
  'EQUAL_TO',
  'IS_EMPTY',
  'CONTAIN',
  'START_WITH',
  'END_WITH',
  'IN',
  'GREATER_THAN',
  'LESS_THAN',
  'GREATER_THAN_OR_EQUAL_TO',
  'LESS_THAN_OR_EQUAL_TO',
  'BETWEEN',
  'OFFSET',
] as const;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const isoDateTime =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * The instant (ms since 1970) of an ISO 8601 date (`2025-02-28`, midnight UTC) or date-time
 * (`2025-02-28T10:00:00Z`); undefined for anything else, including impossible dates such as
 * `2025-02-30` that `Date.parse` would quietly roll over into March.
 */
export function parseReportDate(text: string): number | undefined {
  const match = isoDateTime.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const calendar = new Date(0);
  calendar.setUTCFullYear(year, month - 1, day);
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  if (match[4] === undefined) return calendar.getTime();
  if (Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6] ?? 0) > 59) return undefined;
  const instant = Date.parse(text.trim().replace(' ', 'T'));
  return Number.isNaN(instant) ? undefined : instant;
}

const dateColumnTypes: readonly string[] = reportColumnTypes.filter((type) => type.startsWith('DATE'));
/** Operators whose `value` / `values` are compared as dates on a date column (not text or day counts). */
const notComparingDates: readonly string[] = ['IS_EMPTY', 'CONTAIN', 'START_WITH', 'END_WITH', 'OFFSET'];
const dateComparingOperators: readonly string[] = reportFilterOperators.filter(
  (op) => !notComparingDates.includes(op),
);

/**
 * The connector's ReportFilter names only `op` and `negate`; the compared value has to travel
 * somewhere, so `value` (one) and `values` (IN, and BETWEEN's [from, to]) carry it.
 */
export const reportFilterSchema = z.looseObject({
  op: z.enum(reportFilterOperators, { error: `one of ${reportFilterOperators.join(', ')}` }),
  negate: z.boolean({ error: 'true or false' }).optional(),
  value: scalar.optional(),
  values: z.array(scalar).optional(),
});

export const reportFieldFilterSchema = z
  .looseObject({
    colId: z.string({ error: 'a report column id' }).min(1, { error: 'a report column id (not empty)' }),
    type: z.enum(reportColumnTypes, { error: `one of ${reportColumnTypes.join(', ')}` }),
    filter: reportFilterSchema,
  })
  .superRefine((fieldFilter, context) => {
    // A date column compares calendar dates: an impossible one (2025-02-30) would match nothing.
    if (!dateColumnTypes.includes(fieldFilter.type)) return;
    if (!dateComparingOperators.includes(fieldFilter.filter.op)) return;
    const check = (value: unknown, path: PropertyKey[]) => {
      if (typeof value === 'string' && parseReportDate(value) !== undefined) return;
      context.addIssue({
        code: 'custom',
        path: ['filter', ...path],
        message: `a real calendar date, YYYY-MM-DD or an ISO date-time, for ${fieldFilter.type} column '${fieldFilter.colId}' (got ${JSON.stringify(value)})`,
      });
    };
    if (fieldFilter.filter.value !== undefined) check(fieldFilter.filter.value, ['value']);
    fieldFilter.filter.values?.forEach((value, index) => {
      check(value, ['values', index]);
    });
  });

export const reportFilterContainerSchema = z.looseObject({
  op: z.enum(['AND', 'OR'], { error: 'AND or OR' }).default('AND'),
  fieldFilters: z.array(reportFieldFilterSchema, { error: 'a list of field filters' }),
});

export type ReportFilterContainer = z.input<typeof reportFilterContainerSchema>;
export type ReportFieldFilter = z.input<typeof reportFieldFilterSchema>;
export type ReportColumnType = (typeof reportColumnTypes)[number];
export type ReportFilterOperator = (typeof reportFilterOperators)[number];

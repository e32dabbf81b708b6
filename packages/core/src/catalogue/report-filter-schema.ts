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

export const reportFieldFilterSchema = z.looseObject({
  colId: z.string({ error: 'a report column id' }).min(1, { error: 'a report column id (not empty)' }),
  type: z.enum(reportColumnTypes, { error: `one of ${reportColumnTypes.join(', ')}` }),
  filter: reportFilterSchema,
});

export const reportFilterContainerSchema = z.looseObject({
  op: z.enum(['AND', 'OR'], { error: 'AND or OR' }).default('AND'),
  fieldFilters: z.array(reportFieldFilterSchema, { error: 'a list of field filters' }),
});

export type ReportFilterContainer = z.input<typeof reportFilterContainerSchema>;
export type ReportFieldFilter = z.input<typeof reportFieldFilterSchema>;
export type ReportColumnType = (typeof reportColumnTypes)[number];
export type ReportFilterOperator = (typeof reportFilterOperators)[number];

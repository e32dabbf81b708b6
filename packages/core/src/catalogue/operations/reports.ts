import { z } from 'zod';
import { pageFields } from '../common-fields.js';
import { field } from '../field.js';
import { defineOperation } from '../operation.js';
import { reportFilterContainerSchema } from '../report-filter-schema.js';

const person = z.looseObject({ id: z.string(), name: z.string().optional() });

export const reportSummarySchema = z.looseObject({
  id: z.number(),
  name: z.string(),
  description: z.string().optional(),
  reportStatus: z.enum(['DRAFT', 'PUBLISHED']).optional(),
  createdAt: z.string().optional(),
  createdBy: person.optional(),
  modifiedAt: z.string().optional(),
  modifiedBy: person.optional(),
});

export const getReportList = defineOperation({
  id: 'GetReportList',
  kind: 'action',
  resource: 'report',
  action: 'list',
  title: 'Get list of reports',
  description: 'List the reports of the WorkSpan environment, a page at a time.',
  http: { method: 'POST', path: '/report/v1/list', body: 'json' },
  creates: false,
  fields: pageFields(500),
  output: z.looseObject({ results: z.array(reportSummarySchema), endOfList: z.boolean().optional() }),
});

export const getReportData = defineOperation({
  id: 'GetReportData',
  kind: 'action',
  resource: 'report',
  action: 'getData',
  title: 'Read report data',
  description: 'Read the rows of a report, filtered and a page at a time.',
  http: { method: 'POST', path: '/report/v1/{reportId}/data', body: 'json' },
  creates: false,
  fields: {
    reportId: field(
      z.coerce
        .number({ error: 'a numeric report id' })
        .int({ error: 'a whole-number report id' })
        .positive({ error: 'a positive report id' }),
      {
        in: 'path',
        wireName: 'reportId',
        label: 'Report',
        description: 'The report to read.',
        listSource: 'reports',
      },
    ),
    filters: field(reportFilterContainerSchema.optional(), {
      in: 'body',
      wireName: 'filters',
      label: 'Filters',
      description:
        'Filters on report columns: { "op": "AND", "fieldFilters": [{ "colId": "stage", "type": "TEXT", "filter": { "op": "IN", "values": ["won"] } }] }.',
      kind: 'reportFilters',
      multiline: true,
    }),
    ...pageFields(500),
  },
  output: z.looseObject({
    results: z.array(z.record(z.string(), z.unknown())),
    endOfList: z.boolean().optional(),
    version: z.number().optional(),
  }),
});

import { z } from 'zod';
import { pageFields } from '../common-fields.js';
import { field } from '../field.js';
import { defineOperation } from '../operation.js';
import { reportFilterContainerSchema } from '../report-filter-schema.js';

const person = z.looseObject({
  id: z.string().describe('The user id.'),
  name: z.string().optional().describe('The user name.'),
});

export const reportSummarySchema = z.looseObject({
  id: z.number().describe('The report id Read Data takes.'),
  name: z.string().describe('The report name.'),
  description: z.string().optional().describe('What the report shows.'),
  reportStatus: z.enum(['DRAFT', 'PUBLISHED']).optional().describe('DRAFT or PUBLISHED.'),
  createdAt: z.string().optional().describe('When it was created (ISO 8601).'),
  createdBy: person.optional().describe('Who created it.'),
  modifiedAt: z.string().optional().describe('When it last changed (ISO 8601).'),
  modifiedBy: person.optional().describe('Who changed it last.'),
});

const paging = {
  paging: {
    pageNumberField: 'pageNumber',
    pageSizeField: 'pageSize',
    resultsPath: 'results',
    endOfListPath: 'endOfList',
  },
};
const endOfList = z.boolean().optional().describe('True on the last page.');

export const getReportList = defineOperation({
  id: 'GetReportList',
  kind: 'action',
  resource: 'report',
  key: 'list',
  name: 'Get Many',
  actionSentence: 'Get many reports',
  title: 'Get list of reports',
  description: 'List the reports of the WorkSpan environment, a page at a time.',
  http: { method: 'POST', path: '/report/v1/list', body: 'json' },
  creates: false,
  effect: 'read',
  behaviours: paging,
  fields: pageFields(500),
  example: { pageNumber: 0, pageSize: 100 },
  output: z.looseObject({
    results: z.array(reportSummarySchema).describe('The reports on this page.'),
    endOfList: endOfList,
  }),
});

export const getReportData = defineOperation({
  id: 'GetReportData',
  kind: 'action',
  resource: 'report',
  key: 'getData',
  name: 'Get Rows',
  actionSentence: 'Get the rows of a report',
  title: 'Read report data',
  description: 'Read the rows of a report, filtered and a page at a time.',
  http: { method: 'POST', path: '/report/v1/{reportId}/data', body: 'json' },
  creates: false,
  effect: 'read',
  behaviours: paging,
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
  example: {
    reportId: 1001,
    filters: {
      op: 'AND',
      fieldFilters: [{ colId: 'stage', type: 'TEXT', filter: { op: 'IN', values: ['won', 'lost'] } }],
    },
    pageNumber: 0,
    pageSize: 500,
  },
  output: z.looseObject({
    results: z
      .array(z.record(z.string(), z.unknown()))
      .describe('The rows on this page, each keyed by column id.'),
    endOfList: endOfList,
    version: z.number().optional().describe('The report version the rows come from.'),
  }),
});

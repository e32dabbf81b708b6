import { z } from 'zod';
import { integrationIdField } from '../common-fields.js';
import { field } from '../field.js';
import { defineOperation } from '../operation.js';
import { dataSourceSchema, fileSourceSchema } from '../payloads.js';

const integrationHelp = 'The CRM integration configured in WorkSpan that receives the data.';
const howToCheck =
  'Check with GetBulkloadStatus (the status call) or the integration executions in WorkSpan before loading again.';

const bulkloadResponse = z.looseObject({
  integration_id: z.string().optional(),
  execution_id: z.string(),
  data_format: z.string().optional(),
  created_at: z.string().optional(),
});

const bulkloadOpportunityResponse = z.looseObject({
  integration_id: z.string().optional(),
  execution_id: z.string(),
  created_at: z.string().optional(),
});

const fileField = field(fileSourceSchema, {
  in: 'file',
  wireName: 'file',
  label: 'File',
  description: 'The file to upload (.xlsx, .csv or .json); it is streamed, never read whole into memory.',
  kind: 'file',
});

const dataField = field(dataSourceSchema, {
  in: 'data',
  wireName: 'body',
  label: 'Data',
  description:
    'CSV text whose first row holds the column headers, or a JSON array of flat objects: [{ "key1": "value", "key2": "value" }]. Rows given as objects are written in the chosen format.',
  kind: 'data',
  multiline: true,
});

const columnDelimiterField = field(
  z.string().length(1, { error: 'a single delimiter character such as , or ;' }).default(','),
  {
    in: 'query',
    wireName: 'column_delimiter',
    label: 'Column Delimiter',
    description: 'Column delimiter of CSV data.',
    advanced: true,
  },
);

export const bulkloadDataFileAttachment = defineOperation({
  id: 'BulkloadDataFileAttachment',
  kind: 'action',
  resource: 'bulkLoad',
  action: 'loadDataFile',
  title: 'Bulk Load Data (attachment)',
  description: 'Upload an input file to your integration. Allowed formats are .xlsx, .json and .csv.',
  http: {
    method: 'POST',
    path: '/bulk/v1/bulkload/file',
    routedPath: '/bulk/v1/bulkload',
    body: 'multipart',
    formatField: 'dataFormat',
  },
  creates: true,
  howToCheck,
  fields: {
    integrationId: integrationIdField('query', integrationHelp),
    dataFormat: field(z.enum(['xlsx', 'csv', 'json'], { error: 'one of xlsx, csv, json' }).default('xlsx'), {
      in: 'query',
      wireName: 'data_format',
      label: 'Data Format',
      description: 'Format of the file.',
    }),
    file: fileField,
  },
  output: bulkloadResponse,
});

export const bulkloadData = defineOperation({
  id: 'BulkloadData',
  kind: 'action',
  resource: 'bulkLoad',
  action: 'loadData',
  title: 'Bulk Load Data (data in body)',
  description: 'Upload input data as a request body to your integration. Allowed formats are CSV and JSON.',
  http: { method: 'POST', path: '/bulk/v1/bulkload', body: 'data', formatField: 'dataFormat' },
  creates: true,
  howToCheck,
  fields: {
    integrationId: integrationIdField('query', integrationHelp),
    dataFormat: field(z.enum(['csv', 'json'], { error: 'csv or json' }).default('csv'), {
      in: 'query',
      wireName: 'data_format',
      label: 'Data Format',
      description: 'Format of the data; also sets the Content-Type header (text/csv or application/json).',
    }),
    columnDelimiter: columnDelimiterField,
    data: dataField,
  },
  output: bulkloadResponse,
});

export const bulkloadOpportunityFileAttachment = defineOperation({
  id: 'BulkloadOpportunityFileAttachment',
  kind: 'action',
  resource: 'bulkLoad',
  action: 'loadOpportunitiesFile',
  title: 'Bulk Load Opportunities (attachment)',
  description:
    'Upload an input file of opportunities to your integration. Allowed formats are .xlsx, .json and .csv.',
  http: {
    method: 'POST',
    path: '/bulk/v1/bulkload_opportunity/file',
    routedPath: '/bulk/v1/bulkload_opportunity',
    body: 'multipart',
    formatField: 'contentType',
  },
  creates: true,
  howToCheck,
  fields: {
    integrationId: integrationIdField('query', integrationHelp),
    contentType: field(z.enum(['xlsx', 'csv', 'json'], { error: 'one of xlsx, csv, json' }).default('xlsx'), {
      in: 'query',
      wireName: 'content_type',
      label: 'Content Type',
      description: 'Format of the file.',
    }),
    hasHeaderRow: field(z.boolean({ error: 'true or false' }).default(true), {
      in: 'query',
      wireName: 'has_header_row',
      label: 'Has Header Row',
      description: 'Whether the first row of the file holds the column names.',
      advanced: true,
    }),
    file: fileField,
  },
  output: bulkloadOpportunityResponse,
});

export const bulkloadOpportunity = defineOperation({
  id: 'BulkloadOpportunity',
  kind: 'action',
  resource: 'bulkLoad',
  action: 'loadOpportunities',
  title: 'Bulk Load Opportunities (data in body)',
  description:
    'Upload opportunities as a request body to your integration. Allowed formats are CSV and JSON.',
  http: { method: 'POST', path: '/bulk/v1/bulkload_opportunity', body: 'data', formatField: 'contentType' },
  creates: true,
  howToCheck,
  fields: {
    integrationId: integrationIdField('query', integrationHelp),
    contentType: field(z.enum(['csv', 'json'], { error: 'csv or json' }).default('csv'), {
      in: 'query',
      wireName: 'content_type',
      label: 'Content Type',
      description: 'Format of the data; also sets the Content-Type header (text/csv or application/json).',
    }),
    columnDelimiter: columnDelimiterField,
    data: dataField,
  },
  output: bulkloadOpportunityResponse,
});

export const getBulkloadStatus = defineOperation({
  id: 'GetBulkloadStatus',
  kind: 'action',
  resource: 'bulkLoad',
  action: 'getStatus',
  title: 'Get the status of the bulkload operation',
  description: 'Get the status, counts and row errors of a bulk load.',
  http: { method: 'GET', path: '/bulk/v1/status/{integration_id}', body: 'none' },
  creates: false,
  fields: {
    integrationId: integrationIdField('path', 'The integration the bulk load was sent to.'),
    executionId: field(
      z
        .string({ error: 'the execution id a bulk load returned' })
        .trim()
        .min(1, { error: 'the execution id a bulk load returned (not empty)' }),
      {
        in: 'query',
        wireName: 'execution_id',
        label: 'Execution ID',
        description: 'Execution id returned by the bulk load call.',
      },
    ),
    includeErrors: field(z.boolean({ error: 'true or false' }).default(true), {
      in: 'query',
      wireName: 'include_errors',
      label: 'Include Errors',
      description: 'Include row errors in the response.',
      advanced: true,
    }),
    maxErrors: field(
      z.coerce
        .number({ error: 'a number of errors (0 or more)' })
        .int()
        .min(0, { error: 'a number of errors (0 or more)' })
        .default(5),
      {
        in: 'query',
        wireName: 'max_errors',
        label: 'Max Errors',
        description: 'Maximum number of row errors to return.',
        advanced: true,
      },
    ),
  },
  output: z.looseObject({
    integration_id: z.string().optional(),
    execution_id: z.string().optional(),
    status: z.enum(['running', 'completed']),
    input_count: z.number().optional(),
    succcess_count: z.number().optional(),
    error_count: z.number().optional(),
    skip_count: z.number().optional(),
    started_at: z.string().optional(),
    completed_at: z.string().optional(),
    include_errors: z.boolean().optional(),
    errors: z
      .array(
        z.looseObject({ id: z.string().optional(), message: z.string().optional(), data_row: z.unknown() }),
      )
      .optional(),
  }),
});

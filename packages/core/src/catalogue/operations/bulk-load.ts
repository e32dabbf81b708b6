import { z } from 'zod';
import { identifier, integrationIdField } from '../common-fields.js';
import { field } from '../field.js';
import { defineOperation } from '../operation.js';
import { dataSourceSchema, fileSourceSchema } from '../payloads.js';

const integrationHelp = 'The CRM integration configured in WorkSpan that receives the data.';
const howToCheck =
  'Check with GetBulkloadStatus (the status call) or the integration executions in WorkSpan before loading again.';

const bulkloadOpportunityResponse = z.looseObject({
  integration_id: z.string().optional().describe('The integration the data was sent to.'),
  execution_id: z.string().describe('The id of this load; read its progress with Get Status.'),
  created_at: z.string().optional().describe('When the load was accepted (ISO 8601).'),
});

const bulkloadResponse = bulkloadOpportunityResponse.extend({
  data_format: z.string().optional().describe('The format WorkSpan read the data as.'),
});

const bulkloadBehaviour = (contentField: 'data' | 'file', formatField: 'dataFormat' | 'contentType') => ({
  bulkload: {
    statusOperation: 'GetBulkloadStatus' as const,
    integrationField: 'integrationId',
    contentField,
    formatField,
    executionIdPath: 'execution_id',
  },
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

/** Names people type for a tab, which a form or a shell cannot easily hold. */
const tabNames = new Set(['tab', '\\t', 'TAB', 'Tab']);

const columnDelimiterField = (formatField: 'dataFormat' | 'contentType') =>
  field(
    z
      .string({ error: 'a single delimiter character such as , or ; (or tab)' })
      .overwrite((value) => (tabNames.has(value) ? '\t' : value))
      .length(1, { error: 'a single delimiter character such as , or ; (or tab)' })
      .default(','),
    {
      in: 'query',
      wireName: 'column_delimiter',
      label: 'Column Delimiter',
      description: 'Column delimiter of CSV data: one character, or "tab".',
      placeholder: ',',
      advanced: true,
      visibleWhen: { [formatField]: ['csv'] },
    },
  );

export const bulkloadDataFileAttachment = defineOperation({
  id: 'BulkloadDataFileAttachment',
  kind: 'action',
  resource: 'bulkLoad',
  key: 'loadDataFile',
  name: 'Upload Data File',
  actionSentence: 'Upload a data file to an integration',
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
  effect: 'replace',
  howToCheck,
  behaviours: bulkloadBehaviour('file', 'dataFormat'),
  fields: {
    integrationId: integrationIdField('query', integrationHelp),
    dataFormat: field(z.enum(['xlsx', 'csv', 'json'], { error: 'one of xlsx, csv, json' }).default('xlsx'), {
      in: 'query',
      wireName: 'data_format',
      label: 'Data Format',
      description:
        'Format of the file. Hosts take it from the file name (.xlsx, .csv, .json) when not given.',
    }),
    file: fileField,
  },
  example: {
    integrationId: 'WS-Integration_crm_opportunity',
    dataFormat: 'csv',
    file: { path: 'opportunities.csv' },
  },
  output: bulkloadResponse,
});

export const bulkloadData = defineOperation({
  id: 'BulkloadData',
  kind: 'action',
  resource: 'bulkLoad',
  key: 'loadData',
  name: 'Load Data',
  actionSentence: 'Load rows of data into an integration',
  title: 'Bulk Load Data (data in body)',
  description: 'Upload input data as a request body to your integration. Allowed formats are CSV and JSON.',
  http: { method: 'POST', path: '/bulk/v1/bulkload', body: 'data', formatField: 'dataFormat' },
  creates: true,
  effect: 'replace',
  howToCheck,
  behaviours: bulkloadBehaviour('data', 'dataFormat'),
  fields: {
    integrationId: integrationIdField('query', integrationHelp),
    dataFormat: field(z.enum(['csv', 'json'], { error: 'csv or json' }).default('csv'), {
      in: 'query',
      wireName: 'data_format',
      label: 'Data Format',
      description: 'Format of the data; also sets the Content-Type header (text/csv or application/json).',
    }),
    columnDelimiter: columnDelimiterField('dataFormat'),
    data: dataField,
  },
  example: {
    integrationId: 'WS-Integration_crm_opportunity',
    dataFormat: 'csv',
    columnDelimiter: ',',
    data: 'opportunity_id,name,stage\n006ACME0001,Acme renewal,won\n',
  },
  output: bulkloadResponse,
});

export const bulkloadOpportunityFileAttachment = defineOperation({
  id: 'BulkloadOpportunityFileAttachment',
  kind: 'action',
  resource: 'bulkLoad',
  key: 'loadOpportunitiesFile',
  name: 'Upload Opportunities File',
  actionSentence: 'Upload a file of opportunities to an integration',
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
  effect: 'replace',
  howToCheck,
  behaviours: bulkloadBehaviour('file', 'contentType'),
  fields: {
    integrationId: integrationIdField('query', integrationHelp),
    contentType: field(z.enum(['xlsx', 'csv', 'json'], { error: 'one of xlsx, csv, json' }).default('xlsx'), {
      in: 'query',
      wireName: 'content_type',
      label: 'Content Type',
      description:
        'Format of the file. Hosts take it from the file name (.xlsx, .csv, .json) when not given.',
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
  example: {
    integrationId: 'WS-Integration_crm_opportunity',
    contentType: 'xlsx',
    hasHeaderRow: true,
    file: { path: 'opportunities.xlsx' },
  },
  output: bulkloadOpportunityResponse,
});

export const bulkloadOpportunity = defineOperation({
  id: 'BulkloadOpportunity',
  kind: 'action',
  resource: 'bulkLoad',
  key: 'loadOpportunities',
  name: 'Load Opportunities',
  actionSentence: 'Load opportunities into an integration',
  title: 'Bulk Load Opportunities (data in body)',
  description:
    'Upload opportunities as a request body to your integration. Allowed formats are CSV and JSON.',
  http: { method: 'POST', path: '/bulk/v1/bulkload_opportunity', body: 'data', formatField: 'contentType' },
  creates: true,
  effect: 'replace',
  howToCheck,
  behaviours: bulkloadBehaviour('data', 'contentType'),
  fields: {
    integrationId: integrationIdField('query', integrationHelp),
    contentType: field(z.enum(['csv', 'json'], { error: 'csv or json' }).default('csv'), {
      in: 'query',
      wireName: 'content_type',
      label: 'Content Type',
      description: 'Format of the data; also sets the Content-Type header (text/csv or application/json).',
    }),
    columnDelimiter: columnDelimiterField('contentType'),
    data: dataField,
  },
  example: {
    integrationId: 'WS-Integration_crm_opportunity',
    contentType: 'json',
    data: [{ opportunity_id: '006ACME0001', name: 'Acme renewal', stage: 'won' }],
  },
  output: bulkloadOpportunityResponse,
});

export const getBulkloadStatus = defineOperation({
  id: 'GetBulkloadStatus',
  kind: 'action',
  resource: 'bulkLoad',
  key: 'getStatus',
  name: 'Get Status',
  actionSentence: 'Get the status of a bulk load',
  title: 'Get the status of the bulkload operation',
  description: 'Get the status, counts and row errors of a bulk load.',
  http: { method: 'GET', path: '/bulk/v1/status/{integration_id}', body: 'none' },
  creates: false,
  effect: 'read',
  behaviours: {},
  fields: {
    integrationId: integrationIdField('path', 'The integration the bulk load was sent to.'),
    executionId: field(identifier('the execution id a bulk load returned'), {
      in: 'query',
      wireName: 'execution_id',
      label: 'Execution ID',
      description: 'Execution id returned by the bulk load call.',
    }),
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
  example: {
    integrationId: 'WS-Integration_crm_opportunity',
    executionId: 'exec_7f3a9c',
    includeErrors: true,
    maxErrors: 5,
  },
  output: z.looseObject({
    integration_id: z.string().optional().describe('The integration the load was sent to.'),
    execution_id: z.string().optional().describe('The id of the load.'),
    status: z.enum(['running', 'completed']).describe('running while rows are read, then completed.'),
    input_count: z.number().optional().describe('Rows read so far.'),
    succcess_count: z
      .number()
      .optional()
      .describe('Rows written (the connector spells the field with three c).'),
    error_count: z.number().optional().describe('Rows refused.'),
    skip_count: z.number().optional().describe('Rows skipped.'),
    started_at: z.string().optional().describe('When the load started (ISO 8601).'),
    completed_at: z.string().optional().describe('When it completed (ISO 8601).'),
    include_errors: z.boolean().optional().describe('Whether row errors are listed.'),
    errors: z
      .array(
        z.looseObject({
          id: z.string().optional().describe('The row, by its key or number.'),
          message: z.string().optional().describe('Why the row was refused.'),
          data_row: z.unknown().describe('The row as read.'),
        }),
      )
      .optional()
      .describe('The first row errors, up to Max Errors.'),
  }),
});

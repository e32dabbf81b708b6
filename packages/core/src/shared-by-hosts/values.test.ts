import { describe, expect, it } from 'vitest';
import { catalogue } from '../catalogue/index.js';
import { WorkSpanValidationError } from '../errors.js';
import { validateInput } from '../request/validate-input.js';
import { inputFromHost } from './values.js';

describe('values from hosts', () => {
  it('turns action-input text into each field kind', () => {
    const input = inputFromHost(catalogue.GetBulkloadStatus, {
      integrationId: 'WS-Integration_crm_opportunity',
      executionId: 'exec-1',
      includeErrors: 'no',
      maxErrors: ' 12 ',
    });
    expect(input).toEqual({
      integrationId: 'WS-Integration_crm_opportunity',
      executionId: 'exec-1',
      includeErrors: false,
      maxErrors: 12,
    });
  });

  it('treats empty text as not given, so defaults apply', () => {
    const input = inputFromHost(catalogue.GetReportList, { pageNumber: '', pageSize: '  ' });
    expect(input).toEqual({});
    expect(validateInput(catalogue.GetReportList, input)).toEqual({ pageNumber: 0, pageSize: 500 });
  });

  it('reads lists as JSON arrays or comma-separated text, and keeps arrays', () => {
    const fields = catalogue.SubscribeObjectEvent;
    expect(inputFromHost(fields, { events: 'object.create, object.update' }).events).toEqual([
      'object.create',
      'object.update',
    ]);
    expect(inputFromHost(fields, { events: '["object.delete"]' }).events).toEqual(['object.delete']);
    expect(inputFromHost(fields, { objectIds: ['a', ' b '] }).objectIds).toEqual(['a', 'b']);
  });

  it('parses JSON text and Buffers of JSON for JSON fields, naming the field when it is not JSON', () => {
    const filters = { op: 'AND', fieldFilters: [] };
    expect(inputFromHost(catalogue.GetReportData, { filters: JSON.stringify(filters) }).filters).toEqual(
      filters,
    );
    const bytes = new TextEncoder().encode(JSON.stringify(filters));
    expect(inputFromHost(catalogue.GetReportData, { filters: bytes }).filters).toEqual(filters);
    const error = (() => {
      try {
        inputFromHost(catalogue.GetReportData, { filters: '{op:' });
      } catch (caught) {
        return caught;
      }
    })() as WorkSpanValidationError;
    expect(error).toBeInstanceOf(WorkSpanValidationError);
    expect(error.issues[0]?.field).toBe('filters');
    expect(error.issues[0]?.expected).toMatch(/^JSON text/);
  });

  it('keeps data as given: text, bytes or rows', () => {
    const rows = [{ a: 1 }];
    expect(inputFromHost(catalogue.BulkloadData, { data: rows }).data).toBe(rows);
    const bytes = new Uint8Array([97]);
    expect(inputFromHost(catalogue.BulkloadData, { data: bytes }).data).toBe(bytes);
  });

  it('takes a file path as text', () => {
    expect(inputFromHost(catalogue.BulkloadDataFileAttachment, { file: 'deals.csv' }).file).toEqual({
      path: 'deals.csv',
    });
  });

  it('passes numbers that are not numbers on, for the schema to refuse with the field named', () => {
    const input = inputFromHost(catalogue.GetReportData, { reportId: 'twelve' });
    expect(() => validateInput(catalogue.GetReportData, input)).toThrow(
      /reportId — expected a numeric report id/,
    );
  });

  it('refuses a field the operation does not take, naming what it takes', () => {
    expect(() => inputFromHost(catalogue.GetExternalId, { objectId: 'x', objectIdd: 'y' })).toThrow(
      /objectIdd — expected no such field for GetExternalId; it takes objectId/,
    );
  });
});

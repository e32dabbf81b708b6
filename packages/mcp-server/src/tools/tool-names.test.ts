import { catalogue, operationIds } from '@workspan-kit/core';
import { describe, expect, it } from 'vitest';
import { operationToolName, snakeCase, watchToolName } from './tool-names.js';

describe('tool names', () => {
  it('are snake case from the resource and the menu name', () => {
    expect(snakeCase('Get Rows')).toBe('get_rows');
    expect(snakeCase('bulkLoad')).toBe('bulk_load');
    expect(snakeCase('Get External IDs')).toBe('get_external_ids');
    expect(operationToolName(catalogue.GetReportData)).toBe('workspan_report_get_rows');
    expect(operationToolName(catalogue.BulkloadData)).toBe('workspan_bulk_load_load_data');
    expect(watchToolName(catalogue.SubscribeObjectEvent)).toBe('workspan_watch_object_event');
  });

  it('are unique, short enough for every client (64 characters) and of the allowed characters', () => {
    const names = operationIds.map((id) => operationToolName(catalogue[id]));
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9_]{1,64}$/);
  });
});

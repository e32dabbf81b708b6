import { describe, expect, it } from 'vitest';
import { catalogue } from '../catalogue/index.js';
import { resolveConnection } from '../connection.js';
import { WorkSpanValidationError } from '../errors.js';
import { validateInput } from '../request/validate-input.js';
import { describeHostIssues, type FieldNamer, fieldNamers, hostIssues, kebabCase } from './field-names.js';

function validationError(run: () => unknown): WorkSpanValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof WorkSpanValidationError) return error;
    throw error;
  }
  throw new Error('no validation error');
}

describe('errors in the host names', () => {
  const error = validationError(() =>
    validateInput(catalogue.GetReportData, {
      reportId: 0,
      filters: { fieldFilters: [{ colId: '', type: 'TEXT', filter: { op: 'IN' } }] },
    }),
  );

  it('names CLI flags, action inputs, Node-RED properties and n8n display names', () => {
    const names = (namer: FieldNamer) =>
      hostIssues(error, namer, catalogue.GetReportData).map((issue) => issue.hostFieldName);
    expect(names(fieldNamers.cli)).toEqual(['--report-id', '--filters (fieldFilters[0].colId)']);
    expect(names(fieldNamers.githubAction)).toEqual(['report-id', 'filters (fieldFilters[0].colId)']);
    expect(names(fieldNamers.nodeRed)).toEqual([
      'Report (msg.reportId)',
      'Filters (msg.filters) (fieldFilters[0].colId)',
    ]);
    expect(names(fieldNamers.n8n)).toEqual(['Report', 'Filters (fieldFilters[0].colId)']);
    expect(names(fieldNamers.mcp)).toEqual(['reportId', 'filters (fieldFilters[0].colId)']);
  });

  it('writes one line per issue with what was expected', () => {
    const text = describeHostIssues(hostIssues(error, fieldNamers.githubAction));
    expect(text.split('\n')).toHaveLength(2);
    expect(text).toMatch(/^report-id: expected a positive report id/);
  });

  it('names connection fields by their labels for forms', () => {
    const connection = validationError(() =>
      resolveConnection({ environment: 'production', clientId: '', clientSecret: 's', hostname: 'a.b' }),
    );
    expect(hostIssues(connection, fieldNamers.n8n)[0]?.hostFieldName).toBe('Application User ID');
    expect(hostIssues(connection, fieldNamers.mcp)[0]?.hostFieldName).toBe('WORKSPAN_CLIENT_ID');
  });

  it('turns camel case into kebab case', () => {
    expect(kebabCase('getExternalId')).toBe('get-external-id');
    expect(kebabCase('bulkLoad')).toBe('bulk-load');
    expect(kebabCase('objectIds')).toBe('object-ids');
  });
});

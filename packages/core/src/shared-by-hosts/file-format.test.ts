import { describe, expect, it } from 'vitest';
import { catalogue } from '../catalogue/index.js';
import { validateInput } from '../request/validate-input.js';
import { formatFromFile, withFileFormat } from './file-format.js';

const integrationId = 'WS-Integration_crm_opportunity';

describe('file formats', () => {
  it('come from the extension, then the MIME type', () => {
    expect(formatFromFile({ name: 'deals.CSV' })).toBe('csv');
    expect(formatFromFile({ name: 'deals.json' })).toBe('json');
    expect(formatFromFile({ name: 'deals.xlsx' })).toBe('xlsx');
    expect(formatFromFile({ name: 'export', mimeType: 'text/csv; charset=utf-8' })).toBe('csv');
    expect(formatFromFile({ name: 'deals.txt' })).toBeUndefined();
  });

  it('fill in an upload format that was not given, for both attachment operations', () => {
    const data = validateInput(catalogue.BulkloadDataFileAttachment, {
      integrationId,
      file: { path: 'x/deals.csv' },
    });
    expect(data.dataFormat).toBe('csv');
    const opportunities = validateInput(catalogue.BulkloadOpportunityFileAttachment, {
      integrationId,
      file: { name: 'deals.json', content: '[]' },
    });
    expect(opportunities.contentType).toBe('json');
  });

  it('refuse a format that contradicts the file name, naming the field', () => {
    expect(() =>
      validateInput(catalogue.BulkloadDataFileAttachment, {
        integrationId,
        dataFormat: 'xlsx',
        file: { path: 'deals.csv' },
      }),
    ).toThrow(/dataFormat — expected csv for deals.csv \(got xlsx/);
  });

  it('ask for the format when the file name does not tell', () => {
    expect(() =>
      validateInput(catalogue.BulkloadDataFileAttachment, { integrationId, file: { path: 'deals.txt' } }),
    ).toThrow(/dataFormat — expected one of xlsx, csv, json: deals.txt does not say its format/);
  });

  it('leave a given format alone when the name says nothing against it', () => {
    const input = { integrationId, dataFormat: 'csv', file: { name: 'export', content: 'a\n1' } };
    expect(withFileFormat(catalogue.BulkloadDataFileAttachment, input)).toBe(input);
  });
});

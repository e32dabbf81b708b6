import { describe, expect, it } from 'vitest';
import { catalogue } from '../catalogue/index.js';
import { FieldTextError, valueFromText } from './values-from-text.js';

const fields = {
  boolean: catalogue.GetBulkloadStatus.fields.includeErrors,
  number: catalogue.GetBulkloadStatus.fields.maxErrors,
  list: catalogue.SubscribeObjectEvent.fields.events,
  strings: catalogue.Subscribe.fields.objectIds,
  reportFilters: catalogue.GetReportData.fields.filters,
  text: catalogue.GetExternalId.fields.objectId,
};

describe('valueFromText', () => {
  it('reads booleans and numbers, and leaves what does not parse for the schema to name', () => {
    expect(valueFromText(fields.boolean, 'TRUE')).toBe(true);
    expect(valueFromText(fields.boolean, 'no')).toBe(false);
    expect(valueFromText(fields.boolean, 'maybe')).toBe('maybe');
    expect(valueFromText(fields.number, ' 12 ')).toBe(12);
    expect(valueFromText(fields.number, 'twelve')).toBe('twelve');
  });

  it('reads lists from commas, lines or a JSON array', () => {
    expect(valueFromText(fields.list, 'object.create, object.update')).toEqual([
      'object.create',
      'object.update',
    ]);
    expect(valueFromText(fields.strings, 'a\nb\n')).toEqual(['a', 'b']);
    expect(valueFromText(fields.strings, '["a,1", "b"]')).toEqual(['a,1', 'b']);
  });

  it('parses JSON kinds and says why JSON text does not parse', () => {
    expect(valueFromText(fields.reportFilters, '{"op":"AND","fieldFilters":[]}')).toEqual({
      op: 'AND',
      fieldFilters: [],
    });
    expect(() => valueFromText(fields.reportFilters, '{op:')).toThrow(FieldTextError);
  });

  it('keeps text as given', () => {
    expect(valueFromText(fields.text, ' WS-1 ')).toBe(' WS-1 ');
  });
});

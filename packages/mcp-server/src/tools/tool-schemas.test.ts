import { catalogue } from '@workspan-kit/core';
import { describe, expect, it } from 'vitest';
import { toolList } from './tool-list.js';
import { listedSchema, operationOutputSchema } from './tool-schemas.js';

describe('the listed schemas', () => {
  it('leave out keywords that restrict nothing and give one type per schema, letting the same values pass', () => {
    expect(
      listedSchema({
        type: 'object',
        properties: {
          id: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
          row: { type: 'object', propertyNames: { type: 'string' }, additionalProperties: {} },
          // A property is named by its key, whatever the name.
          additionalProperties: {},
          value: { type: ['string', 'number'] },
        },
        additionalProperties: false,
      }),
    ).toEqual({
      type: 'object',
      properties: {
        id: { type: 'integer', minimum: 0 },
        row: { type: 'object' },
        additionalProperties: {},
        value: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      },
      additionalProperties: false,
    });
    const listed = JSON.stringify(toolList().map((tool) => tool.definition));
    expect(listed).not.toMatch(/"additionalProperties":\{\}|"propertyNames":\{"type":"string"\}|"type":\[/);
    expect(listed).not.toContain(String(Number.MAX_SAFE_INTEGER));
  });

  it('describe a note only where an answer can carry one: pages, or a list that can be cut', () => {
    const hasNote = (id: keyof typeof catalogue) =>
      'note' in (operationOutputSchema(catalogue[id]).properties as object);
    expect(hasNote('GetReportData')).toBe(true);
    expect(hasNote('GetBulkloadStatus')).toBe(true);
    expect(hasNote('BulkloadData')).toBe(false);
    expect(hasNote('UpdateExternalId')).toBe(false);
  });
});

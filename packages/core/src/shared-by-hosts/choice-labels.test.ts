import { describe, expect, it } from 'vitest';
import { reportColumnTypes, reportFilterOperators } from '../catalogue/index.js';
import { choiceLabel } from './choice-labels.js';

describe('choiceLabel', () => {
  it('writes API values in title case, acronyms in capitals, small words in lower case', () => {
    expect(choiceLabel('EQUAL_TO')).toBe('Equal To');
    expect(choiceLabel('GREATER_THAN_OR_EQUAL_TO')).toBe('Greater Than or Equal To');
    expect(choiceLabel('DATE_TIME_OFFSET')).toBe('Date Time Offset');
    expect(choiceLabel('TEXT_PG_ARRAY')).toBe('Text PG Array');
    expect(choiceLabel('csv')).toBe('CSV');
    expect(choiceLabel('object.stage_change')).toBe('Object Stage Change');
    expect(choiceLabel('AND')).toBe('AND');
  });

  it('gives every report column type and operator a label of its own', () => {
    for (const values of [reportColumnTypes, reportFilterOperators])
      expect(new Set(values.map(choiceLabel)).size).toBe(values.length);
  });
});

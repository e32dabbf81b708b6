import { describe, expect, test } from 'vitest';
import { parseReportDate, reportFilterContainerSchema } from './report-filter-schema.js';

const container = (type: string, filter: Record<string, unknown>) => ({
  op: 'AND',
  fieldFilters: [{ colId: 'close_date', type, filter }],
});

const problems = (value: unknown): string[] => {
  const result = reportFilterContainerSchema.safeParse(value);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('report dates', () => {
  test('real calendar dates and ISO date-times are instants; impossible ones are not', () => {
    expect(parseReportDate('2025-02-28')).toBe(Date.UTC(2025, 1, 28));
    expect(parseReportDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseReportDate('2025-02-28T10:30:00Z')).toBe(Date.UTC(2025, 1, 28, 10, 30));
    expect(parseReportDate('2025-02-28T10:30:00+02:00')).toBe(Date.UTC(2025, 1, 28, 8, 30));
    for (const text of [
      '2025-02-30',
      '2025-02-29',
      '2025-13-01',
      '2025-04-31',
      '2025-02-28T25:00:00Z',
      'not a date',
      'Feb 3 2025',
    ]) {
      expect(parseReportDate(text), text).toBeUndefined();
    }
  });

  test('an impossible date in a date column filter is refused, naming the filter', () => {
    expect(problems(container('DATE', { op: 'EQUAL_TO', value: '2025-02-30' }))).toEqual([
      expect.stringMatching(
        /^fieldFilters\.0\.filter\.value: a real calendar date.*'close_date'.*"2025-02-30"/,
      ),
    ]);
    expect(problems(container('DATE_TIME', { op: 'BETWEEN', values: ['2025-01-01', '2025-02-31'] }))).toEqual(
      [expect.stringMatching(/^fieldFilters\.0\.filter\.values\.1: a real calendar date/)],
    );
    expect(problems(container('DATE', { op: 'LESS_THAN', value: 'not a date' }))).toHaveLength(1);
  });

  test('real dates, text columns and day counts pass', () => {
    expect(problems(container('DATE', { op: 'BETWEEN', values: ['2024-02-29', '2025-12-31'] }))).toEqual([]);
    expect(problems(container('DATE', { op: 'OFFSET', value: 30 }))).toEqual([]);
    expect(problems(container('DATE', { op: 'IS_EMPTY' }))).toEqual([]);
    expect(problems(container('TEXT', { op: 'EQUAL_TO', value: '2025-02-30' }))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { BulkloadStatus } from '../bulk/wait-for-bulkload.js';
import { bulkloadFailure, summarizeBulkload } from './bulkload-outcome.js';

const status = (counts: Partial<BulkloadStatus>): BulkloadStatus => ({
  status: 'completed',
  execution_id: 'exec-1',
  ...counts,
});

describe('bulk-load outcome', () => {
  it('fails a load in which no row was written, whatever the option says', () => {
    const none = status({
      input_count: 3,
      succcess_count: 0,
      error_count: 3,
      errors: [{ message: 'bad key', data_row: { opportunity_id: '' } }],
    });
    expect(summarizeBulkload(none).state).toBe('failed');
    const failure = bulkloadFailure(none, { failOnRowErrors: false });
    expect(failure?.message).toMatch(
      /exec-1 failed — 3 rows read, 0 written, 3 refused.*first error: bad key/,
    );
    expect(bulkloadFailure(status({ input_count: 0 }), { failOnRowErrors: false })).toBeDefined();
  });

  it('fails a partly refused load only when asked to', () => {
    const partly = status({ input_count: 5, succcess_count: 3, error_count: 2 });
    expect(summarizeBulkload(partly).state).toBe('partly failed');
    expect(bulkloadFailure(partly, { failOnRowErrors: false })).toBeUndefined();
    expect(bulkloadFailure(partly, { failOnRowErrors: true })).toBeDefined();
  });

  it('passes a clean load and reports a running one as running', () => {
    expect(
      bulkloadFailure(status({ input_count: 2, succcess_count: 2 }), { failOnRowErrors: true }),
    ).toBeUndefined();
    expect(summarizeBulkload({ status: 'running', input_count: 1 }).text).toBe(
      'running: 1 rows read, 0 written, 0 refused, 0 skipped',
    );
  });
});

import type { BulkloadStatus } from '../bulk/wait-for-bulkload.js';
import { WorkSpanBulkloadFailedError } from '../errors.js';

export type BulkloadState = 'running' | 'succeeded' | 'partly failed' | 'failed';

/** What every host shows of a bulk load's status. */
export interface BulkloadSummary {
  /** The load's execution id, when the status names it. */
  executionId?: string;
  state: BulkloadState;
  read: number;
  succeeded: number;
  failed: number;
  skipped: number;
  /** The first row errors the status call returned. */
  errors: { id?: string; message?: string; dataRow?: unknown }[];
  /** One line: `completed: 7 rows read, 4 written, 3 refused, 0 skipped`. */
  text: string;
}

export function summarizeBulkload(status: BulkloadStatus): BulkloadSummary {
  const read = status.input_count ?? 0;
  // The API spells it `succcess_count`; the plain spelling is taken too, should WorkSpan fix it.
  const plain = (status as { success_count?: unknown }).success_count;
  const succeeded = status.succcess_count ?? (typeof plain === 'number' ? plain : 0);
  const failed = status.error_count ?? 0;
  const skipped = status.skip_count ?? 0;
  const state: BulkloadState =
    status.status !== 'completed'
      ? 'running'
      : succeeded === 0
        ? 'failed'
        : failed > 0
          ? 'partly failed'
          : 'succeeded';
  const errors = (status.errors ?? []).map((error) => ({
    ...(error.id === undefined ? {} : { id: error.id }),
    ...(error.message === undefined ? {} : { message: error.message }),
    ...(error.data_row === undefined ? {} : { dataRow: error.data_row }),
  }));
  const text = `${status.status === 'completed' ? state : 'running'}: ${read} rows read, ${succeeded} written, ${failed} refused, ${skipped} skipped`;
  return {
    ...(typeof status.execution_id === 'string' ? { executionId: status.execution_id } : {}),
    state,
    read,
    succeeded,
    failed,
    skipped,
    errors,
    text,
  };
}

/**
 * The one rule for "did this load fail": a completed load in which no row was written always
 * fails; one with some rows refused fails only when `failOnRowErrors` is set.
 */
export function bulkloadFailure(
  status: BulkloadStatus,
  options: { failOnRowErrors: boolean },
): WorkSpanBulkloadFailedError | undefined {
  const summary = summarizeBulkload(status);
  if (summary.state === 'failed' || (summary.state === 'partly failed' && options.failOnRowErrors))
    return new WorkSpanBulkloadFailedError(status, summary);
  return undefined;
}

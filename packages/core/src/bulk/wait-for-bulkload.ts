import type { OperationOutput } from '../catalogue/index.js';
import type { WorkSpanClient } from '../client/client.js';
import { WorkSpanTimeoutError } from '../errors.js';

export type BulkloadStatus = OperationOutput<'GetBulkloadStatus'>;

export interface WaitForBulkloadOptions {
  /** Time between status calls (default 2 000 ms). */
  intervalMs?: number;
  /** Give up after this long (default 30 minutes). */
  timeoutMs?: number;
  /** Called with every status read, running or completed. */
  onProgress?: (status: BulkloadStatus) => void;
  signal?: AbortSignal;
  includeErrors?: boolean;
  maxErrors?: number;
}

/** Polls the status call until the bulk load completes; returns the final status. */
export async function waitForBulkload(
  client: WorkSpanClient,
  load: { integrationId: string; executionId: string },
  options: WaitForBulkloadOptions = {},
): Promise<BulkloadStatus> {
  const interval = options.intervalMs ?? 2000;
  const deadline = client.clock.now() + (options.timeoutMs ?? 30 * 60_000);
  for (;;) {
    const status = await client.call(
      'GetBulkloadStatus',
      {
        integrationId: load.integrationId,
        executionId: load.executionId,
        includeErrors: options.includeErrors ?? true,
        maxErrors: options.maxErrors ?? 5,
      },
      options.signal ? { signal: options.signal } : {},
    );
    options.onProgress?.(status);
    if (status.status === 'completed') return status;
    if (client.clock.now() + interval > deadline) {
      throw new WorkSpanTimeoutError(
        `Bulk load ${load.executionId} was still running when the wait ended (${options.timeoutMs ?? 1_800_000} ms); it goes on in WorkSpan — check it later with GetBulkloadStatus.`,
      );
    }
    await client.clock.sleep(interval, options.signal);
  }
}

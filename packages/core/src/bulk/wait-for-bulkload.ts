import { catalogue, type OperationOutput } from '../catalogue/index.js';
import type { WorkSpanClient } from '../client/client.js';
import { sleepFor } from '../client/transport.js';
import {
  WorkSpanAbortedError,
  WorkSpanBulkloadWaitTimeoutError,
  WorkSpanError,
  WorkSpanValidationError,
} from '../errors.js';
import { runDefaults } from '../run/run-options.js';

export type BulkloadStatus = OperationOutput<'GetBulkloadStatus'>;

/** The shortest time between status calls a caller may ask for. */
export const minimumPollIntervalMs = runDefaults.minimumPollIntervalMs;
/** Waiting spends at most this share of the connection's call budget, leaving the rest to others. */
const budgetShare = 0.25;

export interface WaitForBulkloadOptions {
  /** Time between status calls (default 2 000 ms, at least 1 000 ms). */
  intervalMs?: number;
  /** Give up after this long (default 30 minutes). */
  timeoutMs?: number;
  /** The connection's call budget (default the documented 100 calls per 60 s). */
  callBudget?: { limit: number; windowMs: number };
  /** Called with every status read, running or completed. */
  onProgress?: (status: BulkloadStatus) => void;
  signal?: AbortSignal;
  includeErrors?: boolean;
  maxErrors?: number;
}

/** The interval waiting really uses: never below the floor, never more than its budget share. */
export function pollIntervalFor(options: Pick<WaitForBulkloadOptions, 'intervalMs' | 'callBudget'>): number {
  const requested = options.intervalMs ?? runDefaults.pollIntervalMs;
  if (!Number.isFinite(requested) || requested < minimumPollIntervalMs) {
    throw new WorkSpanValidationError([
      {
        field: 'pollInterval',
        expected: `at least ${minimumPollIntervalMs} ms between status checks (got ${requested})`,
      },
    ]);
  }
  const budget = options.callBudget ?? runDefaults.callBudget;
  return Math.max(requested, Math.ceil(budget.windowMs / (budget.limit * budgetShare)));
}

/** Polls the status call until the bulk load completes; returns the final status. */
export async function waitForBulkload(
  client: WorkSpanClient,
  load: { integrationId: string; executionId: string },
  options: WaitForBulkloadOptions = {},
): Promise<BulkloadStatus> {
  const interval = pollIntervalFor(options);
  const timeoutMs = options.timeoutMs ?? runDefaults.waitTimeoutMs;
  const deadline = client.clock.now() + timeoutMs;
  let last: BulkloadStatus | undefined;
  for (;;) {
    last = await client.call(
      'GetBulkloadStatus',
      {
        integrationId: load.integrationId,
        executionId: load.executionId,
        includeErrors: options.includeErrors ?? true,
        maxErrors: options.maxErrors ?? 5,
      },
      options.signal ? { signal: options.signal } : {},
    );
    options.onProgress?.(last);
    if (last.status === 'completed') return last;
    if (client.clock.now() + interval > deadline) {
      throw new WorkSpanBulkloadWaitTimeoutError(load, timeoutMs, last);
    }
    await sleepBetweenPolls(client, interval, load, options.signal);
  }
}

/** The pause between two polls; cancelled there, it is the same error a cancelled call gives. */
async function sleepBetweenPolls(
  client: WorkSpanClient,
  ms: number,
  load: { integrationId: string },
  signal: AbortSignal | undefined,
): Promise<void> {
  try {
    await sleepFor(client.clock, ms, signal);
  } catch (error) {
    if (!signal?.aborted || WorkSpanError.isInstance(error)) throw error;
    const { method, path } = catalogue.GetBulkloadStatus.http;
    throw new WorkSpanAbortedError({
      operationId: 'GetBulkloadStatus',
      method,
      path: path.replace('{integration_id}', encodeURIComponent(load.integrationId)),
      mayHaveTakenEffect: false,
      cause: signal.reason,
    });
  }
}

import { rm } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Logger } from '../http/logger.js';
import { keyField } from '../model/integrations.js';
import type { ObjectStore } from '../model/objects.js';
import type { Execution } from '../model/types.js';
import { nowIso } from '../shared/util.js';
import type { SandboxDatabase } from '../storage/database.js';
import { openInput, UnparseableFileError } from './readers.js';
import { columnIndex, missingRequired, validateRow } from './rows.js';

const batchSize = 250;

interface Counts {
  input_count: number;
  success_count: number;
  error_count: number;
  skip_count: number;
}

/**
 * Runs bulk-load executions one after another, off the request path: the upload call answers at
 * once with status `running`; rows are validated and upserted in batches (each batch one
 * transaction), and the counts are visible while it runs.
 */
export class BulkRunner {
  private readonly queue: string[] = [];
  private active: Promise<void> | undefined;
  private stopped = false;
  private paused = false;
  private resumeWaiters: Array<() => void> = [];

  constructor(
    private readonly db: SandboxDatabase,
    private readonly objects: ObjectStore,
    private readonly logger: Logger,
  ) {}

  /** Queues every execution left `running` by a previous process (its payload file is still there). */
  resumeUnfinished(): void {
    for (const execution of this.db.listRunningExecutions()) this.enqueue(execution.execution_id);
  }

  enqueue(executionId: string): void {
    if (this.stopped) return;
    this.queue.push(executionId);
    this.kick();
  }

  private kick(): void {
    if (this.active || this.stopped) return;
    this.active = this.drain()
      .catch((error: unknown) => this.logger.error(`bulk runner: ${(error as Error).message}`))
      .finally(() => {
        this.active = undefined;
        if (this.queue.length > 0) this.kick();
      });
  }

  /** Holds jobs before their next batch (admin `POST /_sandbox/executions/pause`). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    const waiters = this.resumeWaiters;
    this.resumeWaiters = [];
    for (const wake of waiters) wake();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get queued(): number {
    return this.queue.length + (this.active ? 1 : 0);
  }

  /** Stops after the current batch; unfinished executions stay `running` and resume on the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queue.length = 0;
    this.resume();
    await this.active;
  }

  private async waitWhilePaused(): Promise<void> {
    while (this.paused && !this.stopped) {
      await new Promise<void>((resolve) => this.resumeWaiters.push(resolve));
    }
  }

  private async drain(): Promise<void> {
    await yieldToEventLoop();
    while (!this.stopped) {
      await this.waitWhilePaused();
      const next = this.queue.shift();
      if (!next) return;
      try {
        await this.run(next);
      } catch (error) {
        if (!this.db.isOpen) return;
        this.logger.error(`bulk execution ${next} failed: ${(error as Error).stack ?? error}`);
        const execution = this.db.getExecution(next);
        if (execution && execution.status === 'running') {
          this.fail(
            execution,
            `internal error: ${(error as Error).message}`,
            Math.max(1, execution.input_count),
          );
        }
      }
    }
  }

  private fail(execution: Execution, message: string, inputCount: number): void {
    this.db.transaction(() => {
      this.db.clearExecutionErrors(execution.execution_id);
      this.db.insertExecutionError(execution.execution_id, 0, { id: '', message, data_row: {} });
      this.db.updateExecutionCounts(execution.execution_id, {
        input_count: inputCount,
        success_count: 0,
        error_count: inputCount,
        skip_count: 0,
      });
      this.db.completeExecution(execution.execution_id, nowIso());
    });
  }

  private async run(executionId: string): Promise<void> {
    const execution = this.db.getExecution(executionId);
    if (execution?.status !== 'running') return;
    const integration = this.db.getIntegration(execution.tenant, execution.integration_id);
    if (!integration) {
      this.fail(execution, `integration ${execution.integration_id} no longer exists`, 1);
      return;
    }
    if (!execution.payload_path) {
      this.fail(execution, 'the uploaded data is no longer available (the sandbox was reset)', 1);
      return;
    }
    this.db.clearExecutionErrors(executionId);
    const counts: Counts = { input_count: 0, success_count: 0, error_count: 0, skip_count: 0 };
    let input: Awaited<ReturnType<typeof openInput>>;
    try {
      input = await openInput(execution.payload_path, {
        format: execution.data_format,
        delimiter: execution.column_delimiter,
        hasHeaderRow: execution.has_header_row,
        declaredColumns: integration.columns.map((c) => c.column),
      });
    } catch (error) {
      if (!this.db.isOpen) return;
      if (error instanceof UnparseableFileError) {
        this.fail(execution, error.message, error.inputCount);
        await this.removePayload(execution);
        return;
      }
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.fail(execution, 'the uploaded data is no longer available', 1);
        return;
      }
      throw error;
    }
    counts.input_count = input.inputCount;
    this.db.updateExecutionCounts(executionId, counts);

    const index = columnIndex(integration);
    const field = keyField(integration);
    let errorSeq = 0;
    let batch: Array<Parameters<typeof validateRow>[2]> = [];

    const flush = () => {
      const rows = batch;
      batch = [];
      this.db.transaction(() => {
        for (const row of rows) {
          const outcome = validateRow(integration, index, row);
          if (outcome.kind === 'skip') {
            counts.skip_count++;
            continue;
          }
          if (outcome.kind === 'error') {
            this.db.insertExecutionError(executionId, errorSeq++, {
              id: outcome.id,
              message: outcome.message,
              data_row: outcome.dataRow,
            });
            counts.error_count++;
            continue;
          }
          const existing = this.db.findObjectByField(
            execution.tenant,
            integration.object_type,
            field,
            outcome.key,
          );
          if (existing) {
            this.objects.update(execution.tenant, existing.object_id, outcome.changes);
          } else {
            const missing = missingRequired(integration, outcome.changes);
            if (missing) {
              this.db.insertExecutionError(executionId, errorSeq++, {
                id: outcome.key,
                message: `Missing value of required field '${missing.column}'`,
                data_row: outcome.dataRow,
              });
              counts.error_count++;
              continue;
            }
            this.objects.create(execution.tenant, {
              object_type: integration.object_type,
              integration_id: integration.integration_id,
              fields: outcome.changes,
            });
          }
          counts.success_count++;
        }
        this.db.updateExecutionCounts(executionId, counts);
      });
    };

    for await (const row of input.rows()) {
      batch.push(row);
      if (batch.length >= batchSize) {
        await this.waitWhilePaused();
        if (this.stopped || !this.db.isOpen) return;
        flush();
        await yieldToEventLoop();
      }
    }
    await this.waitWhilePaused();
    if (this.stopped || !this.db.isOpen) return;
    if (batch.length > 0) flush();
    counts.input_count = Math.max(
      counts.input_count,
      counts.success_count + counts.error_count + counts.skip_count,
    );
    this.db.transaction(() => {
      this.db.updateExecutionCounts(executionId, counts);
      this.db.completeExecution(executionId, nowIso());
    });
    await this.removePayload(execution);
    this.logger.info(
      `bulk execution ${executionId} completed: ${counts.input_count} rows, ${counts.success_count} ok, ${counts.error_count} errors, ${counts.skip_count} skipped`,
    );
  }

  private async removePayload(execution: Execution): Promise<void> {
    if (execution.payload_path) await rm(execution.payload_path, { force: true }).catch(() => {});
  }
}

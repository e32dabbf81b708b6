import { deliveryHeaders } from '@workspan-kit/core/spec';
import type { Logger } from '../http/logger.js';
import type { DeliveryRow } from '../model/types.js';
import { redactUrl } from '../shared/util.js';
import type { SandboxDatabase } from '../storage/database.js';

export interface DeliveryOptions {
  /** Wait before each retry; after the last one, retries repeat at the last delay. */
  retryDelaysMs?: number[];
  /** Timeout of one attempt. */
  timeoutMs?: number;
  /** A delivery still failing this long after the event is given up (`failed`). Default 24 h. */
  maxAgeMs?: number;
  /** Attempts in flight at once. Default 8. */
  concurrency?: number;
  /**
   * Deliver as WorkSpan does: the payload with `content-type: application/json` and none of the
   * sandbox's own headers (no delivery id, event, subscriber, timestamp or attempt). Default false.
   */
  bare?: boolean;
}

export const defaultDeliveryOptions: Required<DeliveryOptions> = {
  retryDelaysMs: [500, 2000, 10_000, 30_000, 60_000],
  timeoutMs: 5000,
  maxAgeMs: 24 * 60 * 60 * 1000,
  concurrency: 8,
  bare: false,
};

const maxTimer = 2_147_483_647;

/**
 * Sends the outbox: POSTs each due delivery's body (the event payload, the same on every attempt)
 * to its subscriber's callback URL, its metadata in core's delivery headers unless `bare`; 2xx marks it delivered, anything else schedules a retry. Runs on an unref'd timer,
 * woken at once when something is enqueued; picks up where it left off after a restart.
 */
export class DeliveryWorker {
  private readonly options: Required<DeliveryOptions>;
  private timer: NodeJS.Timeout | undefined;
  private timerDueAt = Number.POSITIVE_INFINITY;
  private readonly inFlight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private stopped = false;

  constructor(
    private readonly db: SandboxDatabase,
    private readonly logger: Logger,
    options: DeliveryOptions = {},
  ) {
    this.options = { ...defaultDeliveryOptions, ...options };
    if (this.options.retryDelaysMs.length === 0)
      this.options.retryDelaysMs = [defaultDeliveryOptions.retryDelaysMs[0] ?? 500];
  }

  /** Whether deliveries go out bare (as WorkSpan sends them); switched at run time by the admin API. */
  get bare(): boolean {
    return this.options.bare;
  }

  set bare(value: boolean) {
    this.options.bare = value;
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Run as soon as possible (something was enqueued). */
  wake(): void {
    this.schedule(Date.now());
  }

  private schedule(dueAt: number): void {
    if (this.stopped) return;
    if (this.timer && dueAt >= this.timerDueAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDueAt = dueAt;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerDueAt = Number.POSITIVE_INFINITY;
        this.tick();
      },
      Math.min(maxTimer, Math.max(0, dueAt - Date.now())),
    );
    this.timer.unref();
  }

  /**
   * Starts the due deliveries. Synchronous from start to end (each attempt runs on its own), so it
   * cannot overlap itself: it is only called from the timer, and nothing in it wakes the worker.
   */
  private tick(): void {
    if (this.stopped || !this.db.isOpen) return;
    try {
      const free = this.options.concurrency - this.inFlight.size;
      if (free > 0) {
        const due = this.db
          .dueDeliveries(Date.now(), free + this.inFlight.size)
          .filter((row) => !this.inFlight.has(row.delivery_id))
          .slice(0, free);
        for (const row of due) this.send(row);
      }
    } catch (error) {
      this.logger.error(`delivery worker: ${(error as Error).message}`);
    }
    this.scheduleNext();
  }

  private scheduleNext(): void {
    if (this.stopped || !this.db.isOpen) return;
    if (this.inFlight.size >= this.options.concurrency) return; // a finishing attempt wakes us
    const next = this.db.nextDeliveryDueAt();
    if (next !== undefined) this.schedule(next);
  }

  private send(row: DeliveryRow): void {
    const controller = new AbortController();
    // Lease: while the attempt is in flight the row is not due (a crashed process retries it later).
    this.db.setDeliveryDue(row.delivery_id, Date.now() + this.options.timeoutMs + 1000);
    const done = this.attempt(row, controller)
      .catch((error: unknown) => {
        this.logger.error(`delivery ${row.delivery_id} dropped: ${(error as Error).message}`);
        if (this.db.isOpen)
          this.db.dropDelivery(row.delivery_id, `internal error: ${(error as Error).message}`);
      })
      .finally(() => {
        this.inFlight.delete(row.delivery_id);
        if (!this.stopped) this.scheduleNext();
      });
    this.inFlight.set(row.delivery_id, { controller, done });
  }

  private async attempt(row: DeliveryRow, controller: AbortController): Promise<void> {
    const subscriber = this.db.getSubscriber(row.subscriber_id);
    if (!subscriber) {
      this.db.dropDelivery(row.delivery_id, 'subscriber deleted');
      return;
    }
    const attempt = row.attempts + 1;
    const startedAt = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const response = await fetch(subscriber.callback_url, {
        method: 'POST',
        redirect: 'manual',
        headers: this.options.bare
          ? { 'content-type': 'application/json' }
          : {
              'content-type': 'application/json',
              'user-agent': 'workspan-sandbox',
              [deliveryHeaders.deliveryId]: row.delivery_id,
              [deliveryHeaders.event]: row.event,
              [deliveryHeaders.subscriberId]: row.subscriber_id,
              [deliveryHeaders.timestamp]: new Date(startedAt).toISOString(),
              [deliveryHeaders.attempt]: String(attempt),
            },
        body: row.body,
        signal: AbortSignal.any([controller.signal, timeout]),
      });
      statusCode = response.status;
      await response.body?.cancel().catch(() => {});
      if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
    } catch (failure) {
      if (controller.signal.aborted) {
        // The sandbox is closing: not an attempt; due again at once after a restart.
        if (this.db.isOpen) this.db.setDeliveryDue(row.delivery_id, Date.now());
        return;
      }
      error = timeout.aborted ? `timeout after ${this.options.timeoutMs} ms` : describeFetchError(failure);
    }
    if (!this.db.isOpen) return;
    const now = Date.now();
    const where = redactUrl(subscriber.callback_url);
    let status: 'delivered' | 'pending' | 'failed' = 'delivered';
    let nextAttemptAt = now;
    if (error === null) {
      this.logger.info(`delivered ${row.event} ${row.delivery_id} to ${where} (attempt ${attempt})`);
    } else {
      const delays = this.options.retryDelaysMs;
      const delay = delays[Math.min(attempt - 1, delays.length - 1)] ?? 1000;
      nextAttemptAt = now + delay;
      if (nextAttemptAt - row.created_at > this.options.maxAgeMs) {
        status = 'failed';
        this.logger.warn(
          `gave up ${row.event} ${row.delivery_id} to ${where} after ${attempt} attempts: ${error}`,
        );
      } else {
        status = 'pending';
        this.logger.warn(`delivery ${row.delivery_id} to ${where} failed (${error}); retry in ${delay} ms`);
      }
    }
    this.db.recordDeliveryAttempt(
      row.delivery_id,
      {
        attempt,
        started_at: new Date(startedAt).toISOString(),
        status_code: statusCode,
        error,
        duration_ms: now - startedAt,
      },
      { status, nextAttemptAt, deliveredAt: status === 'delivered' ? now : null, at: now },
    );
  }

  /** Stops the loop and aborts attempts in flight (they stay pending). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueAt = Number.POSITIVE_INFINITY;
    const pending = [...this.inFlight.values()];
    for (const { controller } of pending) controller.abort();
    await Promise.allSettled(pending.map((p) => p.done));
  }
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return (error as Error).message ?? String(error);
}

import type { SQLInputValue } from 'node:sqlite';
import type { DeliveryAttempt, DeliveryRow, DeliveryStatus } from '../../model/types.js';
import { asNumber, asText, type Row, Statements } from '../statements.js';
import type { DeliveryAttemptsTable } from './delivery-attempts.js';

/** The outbox: a delivery per event and subscriber, until sent or dropped. */
export class DeliveriesTable extends Statements {
  insertDelivery(delivery: {
    delivery_id: string;
    tenant: string;
    subscriber_id: string;
    event: string;
    body: string;
    next_attempt_at: number;
    created_at: number;
  }): void {
    this.run(
      `INSERT INTO deliveries (delivery_id, tenant, subscriber_id, event, body, status, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
      delivery.delivery_id,
      delivery.tenant,
      delivery.subscriber_id,
      delivery.event,
      delivery.body,
      delivery.next_attempt_at,
      delivery.created_at,
    );
  }

  dueDeliveries(now: number, limit: number): DeliveryRow[] {
    return this.all(
      "SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, seq LIMIT ?",
      now,
      limit,
    ).map(toDelivery);
  }

  /** When the next pending delivery is due (ms since epoch), or undefined when none is pending. */
  nextDeliveryDueAt(): number | undefined {
    const row = this.get("SELECT min(next_attempt_at) AS due FROM deliveries WHERE status = 'pending'");
    return row?.due === null || row?.due === undefined ? undefined : asNumber(row.due);
  }

  listDeliveries(
    tenant: string,
    options: { subscriberId?: string; status?: string; limit?: number } = {},
  ): DeliveryRow[] {
    const where = ['tenant = ?'];
    const params: SQLInputValue[] = [tenant];
    if (options.subscriberId) {
      where.push('subscriber_id = ?');
      params.push(options.subscriberId);
    }
    if (options.status) {
      where.push('status = ?');
      params.push(options.status);
    }
    params.push(options.limit ?? 1000);
    return this.all(
      `SELECT * FROM deliveries WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`,
      ...params,
    ).map(toDelivery);
  }

  countDeliveries(status: DeliveryStatus): number {
    return asNumber(this.get('SELECT count(*) AS n FROM deliveries WHERE status = ?', status)?.n);
  }

  recordDeliveryAttempt(
    this: DeliveriesTable & DeliveryAttemptsTable,
    deliveryId: string,
    attempt: DeliveryAttempt,
    outcome: { status: DeliveryStatus; nextAttemptAt: number; deliveredAt: number | null; at: number },
  ): void {
    this.transaction(() => {
      this.insertDeliveryAttempt(deliveryId, attempt);
      this.run(
        `UPDATE deliveries SET attempts = ?, status = CASE WHEN status = 'pending' THEN ? ELSE status END,
           next_attempt_at = ?, last_attempt_at = ?, last_status_code = ?, last_error = ?, delivered_at = ?
         WHERE delivery_id = ?`,
        attempt.attempt,
        outcome.status,
        outcome.nextAttemptAt,
        outcome.at,
        attempt.status_code,
        attempt.error,
        outcome.deliveredAt,
        deliveryId,
      );
    });
  }

  /** Drops the pending deliveries of a subscriber (it was deleted). */
  dropPendingDeliveries(subscriberId: string): number {
    const result = this.preparedStatement(
      "UPDATE deliveries SET status = 'dropped', last_error = 'subscriber deleted' WHERE subscriber_id = ? AND status = 'pending'",
    ).run(subscriberId);
    return Number(result.changes);
  }

  /** Moves a pending delivery's due time (a lease while an attempt is in flight, or a release). */
  setDeliveryDue(deliveryId: string, dueAt: number): void {
    this.run(
      "UPDATE deliveries SET next_attempt_at = ? WHERE delivery_id = ? AND status = 'pending'",
      dueAt,
      deliveryId,
    );
  }

  /** Gives up a delivery that can no longer be sent (its subscriber is gone, its body unreadable). */
  dropDelivery(deliveryId: string, reason: string): void {
    this.run(
      "UPDATE deliveries SET status = 'dropped', last_error = ? WHERE delivery_id = ? AND status = 'pending'",
      reason,
      deliveryId,
    );
  }
}

function toDelivery(row: Row): DeliveryRow {
  const optionalNumber = (v: unknown): number | null => (v === null || v === undefined ? null : asNumber(v));
  return {
    delivery_id: asText(row.delivery_id),
    tenant: asText(row.tenant),
    subscriber_id: asText(row.subscriber_id),
    event: asText(row.event),
    body: asText(row.body),
    status: asText(row.status) as DeliveryStatus,
    attempts: asNumber(row.attempts),
    next_attempt_at: asNumber(row.next_attempt_at),
    created_at: asNumber(row.created_at),
    last_attempt_at: optionalNumber(row.last_attempt_at),
    last_status_code: optionalNumber(row.last_status_code),
    last_error: row.last_error === null ? null : asText(row.last_error),
    delivered_at: optionalNumber(row.delivered_at),
  };
}

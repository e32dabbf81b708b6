import type { DeliveryAttempt } from '../../model/types.js';
import { asNumber, asText, Statements } from '../statements.js';

/** Each attempt to send a delivery. */
export class DeliveryAttemptsTable extends Statements {
  insertDeliveryAttempt(deliveryId: string, attempt: DeliveryAttempt): void {
    this.run(
      `INSERT OR REPLACE INTO delivery_attempts (delivery_id, attempt, started_at, status_code, error, duration_ms)
       VALUES (?, ?, ?, ?, ?, ?)`,
      deliveryId,
      attempt.attempt,
      attempt.started_at,
      attempt.status_code,
      attempt.error,
      attempt.duration_ms,
    );
  }

  listDeliveryAttempts(deliveryId: string): DeliveryAttempt[] {
    return this.all('SELECT * FROM delivery_attempts WHERE delivery_id = ? ORDER BY attempt', deliveryId).map(
      (row) => ({
        attempt: asNumber(row.attempt),
        started_at: asText(row.started_at),
        status_code: row.status_code === null ? null : asNumber(row.status_code),
        error: row.error === null ? null : asText(row.error),
        duration_ms: asNumber(row.duration_ms),
      }),
    );
  }
}

import type { Subscriber } from '../../model/types.js';
import { asText, parseJsonColumn, type Row, Statements } from '../statements.js';

/** The event subscriptions (subscribers) and their callback URLs. */
export class SubscribersTable extends Statements {
  insertSubscriber(subscriber: Subscriber): void {
    this.run(
      `INSERT INTO subscribers (subscriber_id, tenant, name, subscriber_type, operation, events, object_ids, filters,
         integration_id, callback_url, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      subscriber.subscriber_id,
      subscriber.tenant,
      subscriber.name,
      subscriber.subscriber_type,
      subscriber.operation,
      JSON.stringify(subscriber.events),
      JSON.stringify(subscriber.object_ids),
      subscriber.filters,
      subscriber.integration_id,
      subscriber.callback_url,
      subscriber.created_at,
    );
  }

  getSubscriber(subscriberId: string): Subscriber | undefined {
    const row = this.get('SELECT * FROM subscribers WHERE subscriber_id = ?', subscriberId);
    return row ? toSubscriber(row) : undefined;
  }

  listSubscribers(tenant: string): Subscriber[] {
    return this.all('SELECT * FROM subscribers WHERE tenant = ? ORDER BY seq', tenant).map(toSubscriber);
  }

  countSubscribers(tenant: string): number {
    return Number(this.get('SELECT COUNT(*) AS held FROM subscribers WHERE tenant = ?', tenant)?.held ?? 0);
  }

  deleteSubscriber(subscriberId: string): void {
    this.run('DELETE FROM subscribers WHERE subscriber_id = ?', subscriberId);
  }
}

function toSubscriber(row: Row): Subscriber {
  return {
    subscriber_id: asText(row.subscriber_id),
    tenant: asText(row.tenant),
    name: asText(row.name),
    subscriber_type: asText(row.subscriber_type),
    operation: asText(row.operation),
    events: parseJsonColumn(row.events, []),
    object_ids: parseJsonColumn(row.object_ids, []),
    filters: row.filters === null ? null : asText(row.filters),
    integration_id: row.integration_id === null ? null : asText(row.integration_id),
    callback_url: asText(row.callback_url),
    created_at: asText(row.created_at),
  };
}

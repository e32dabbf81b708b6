import { randomUUID } from 'node:crypto';
import { compileEventFilter, type DeliveryEnvelope } from '@workspan-kit/core/spec';
import type { SandboxDatabase } from '../database.js';
import type { Logger } from '../logger.js';
import type { ObjectType, Subscriber } from '../model.js';

/** Something that happened in a tenant, before it is matched to subscribers. */
export interface SandboxEvent {
  /** `object.create`, `task.assigned`, … */
  event: string;
  kind: 'object' | 'collaboration';
  objectId?: string;
  objectType?: ObjectType;
  occurredAt: string;
  data: Record<string, unknown>;
}

/**
 * Matches events to the tenant's subscribers and writes one delivery per match into the persistent
 * outbox (`deliveries`), in the caller's transaction. The worker sends them.
 */
export class Outbox {
  private readonly filters = new Map<string, (record: Record<string, unknown>) => boolean>();

  constructor(
    private readonly db: SandboxDatabase,
    private readonly logger: Logger,
    private readonly onEnqueue: () => void,
  ) {}

  emit(tenant: string, event: SandboxEvent): number {
    let enqueued = 0;
    for (const subscriber of this.db.listSubscribers(tenant)) {
      const data = this.match(tenant, subscriber, event);
      if (!data) continue;
      const envelope: DeliveryEnvelope = {
        delivery_id: randomUUID(),
        subscriber_id: subscriber.subscriber_id,
        event: event.event,
        occurred_at: event.occurredAt,
        attempt: 1,
        data,
      };
      const now = Date.now();
      this.db.insertDelivery({
        delivery_id: envelope.delivery_id,
        tenant,
        subscriber_id: subscriber.subscriber_id,
        event: event.event,
        envelope: JSON.stringify(envelope),
        next_attempt_at: now,
        created_at: now,
      });
      enqueued++;
    }
    if (enqueued > 0) this.onEnqueue();
    return enqueued;
  }

  /** The data this subscriber receives for the event, or undefined when it does not match. */
  private match(
    tenant: string,
    subscriber: Subscriber,
    event: SandboxEvent,
  ): Record<string, unknown> | undefined {
    const listed =
      subscriber.events.includes(event.event) ||
      (event.kind === 'object' &&
        event.event.startsWith('object.') &&
        subscriber.events.includes('object.all'));
    if (!listed) return undefined;
    if (
      subscriber.object_ids.length > 0 &&
      (!event.objectId || !subscriber.object_ids.includes(event.objectId))
    ) {
      return undefined;
    }
    let data = event.data;
    if (event.kind === 'object' && subscriber.integration_id) {
      const integration = this.db.getIntegration(tenant, subscriber.integration_id);
      if (!integration || integration.object_type !== event.objectType) return undefined;
      data = { ...data, integration_id: integration.integration_id };
    }
    if (subscriber.filters) {
      try {
        if (!this.filter(subscriber.filters)(data)) return undefined;
      } catch (error) {
        this.logger.warn(
          `filter of subscriber ${subscriber.subscriber_id} failed: ${(error as Error).message}`,
        );
        return undefined;
      }
    }
    return data;
  }

  private filter(text: string): (record: Record<string, unknown>) => boolean {
    let compiled = this.filters.get(text);
    if (!compiled) {
      compiled = compileEventFilter(text);
      if (this.filters.size > 1000) this.filters.clear();
      this.filters.set(text, compiled);
    }
    return compiled;
  }
}

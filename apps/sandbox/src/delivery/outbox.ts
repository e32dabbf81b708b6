import { randomUUID } from 'node:crypto';
import { compileEventFilter } from '@workspan-kit/core/spec';
import type { Logger } from '../http/logger.js';
import {
  collaborationEventPayload,
  findCollaborationEvent,
  objectEventPayload,
} from '../model/events-catalog.js';
import type { ObjectType, Subscriber } from '../model/types.js';
import type { SandboxDatabase } from '../storage/database.js';

/** Something that happened in a tenant, before it is matched to subscribers. */
export interface SandboxEvent {
  /** `object.create`, `task.assigned`, … */
  event: string;
  kind: 'object' | 'collaboration';
  objectId?: string;
  objectType?: ObjectType;
  occurredAt: string;
  /** The event's values with their types (filters compare numbers as numbers). */
  data: Record<string, unknown>;
}

/**
 * Matches events to the tenant's subscribers and writes one delivery per match into the persistent
 * outbox (`deliveries`), in the caller's transaction. The worker sends them. The body stored is the
 * event payload itself, as the connector defines it: the fields of the subscriber's schema
 * (GetObjectEventSchema of its integration, or GetEventSchema of the event), every value a string.
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
      const payload = this.match(tenant, subscriber, event);
      if (!payload) continue;
      const now = Date.now();
      this.db.insertDelivery({
        delivery_id: randomUUID(),
        tenant,
        subscriber_id: subscriber.subscriber_id,
        event: event.event,
        body: JSON.stringify(payload),
        next_attempt_at: now,
        created_at: now,
      });
      enqueued++;
    }
    if (enqueued > 0) this.onEnqueue();
    return enqueued;
  }

  /** The payload this subscriber receives for the event, or undefined when it does not match. */
  private match(
    tenant: string,
    subscriber: Subscriber,
    event: SandboxEvent,
  ): Record<string, string> | undefined {
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
    let payload: (data: Record<string, unknown>) => Record<string, string>;
    if (event.kind === 'object') {
      if (!subscriber.integration_id) return undefined;
      const integration = this.db.getIntegration(tenant, subscriber.integration_id);
      if (!integration || integration.object_type !== event.objectType) return undefined;
      data = { ...data, integration_id: integration.integration_id };
      payload = (values) => objectEventPayload(integration, values);
    } else {
      const definition = findCollaborationEvent(event.event);
      if (!definition) return undefined;
      payload = (values) => collaborationEventPayload(definition, values);
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
    return payload(data);
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

import { EventFilterSyntaxError, objectEventNames, parseEventFilter } from '@workspan-kit/core/spec';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { checkCallbackTarget } from '../http/callback-target.js';
import type { SandboxContext } from '../http/context.js';
import { ApiError } from '../http/errors.js';
import { collaborationEvents } from '../model/events-catalog.js';
import { requireIntegration } from '../model/lookups.js';
import type { Subscriber } from '../model/types.js';
import { isPlainObject, nowIso, randomToken, redactUrl } from '../shared/util.js';

const referralEvent = 'object.partner_center_referral_submit';

/** The name fault filters use for the developer portal's list of subscribers. */
export const listSubscribersOperation = 'ListSubscribers';

/**
 * How the gateway's routing is undone: all three subscribe operations arrive at
 * `POST /event/v1/subscriber`; `event` as an array is SubscribeObjectEvent, `event` equal to
 * `object.partner_center_referral_submit` with an `integration_id` is SubmitToPartnerCenterObjectEvent,
 * anything else is Subscribe.
 */
export function pickSubscribeOperation(body: unknown): string {
  if (isPlainObject(body)) {
    if (Array.isArray(body.event)) return 'SubscribeObjectEvent';
    if (body.event === referralEvent && body.integration_id !== undefined)
      return 'SubmitToPartnerCenterObjectEvent';
  }
  return 'Subscribe';
}

/** `event_subscribe_info`, spelled as the definition spells it (`objectids`, `integraion_id`). */
export function subscriberInfo(subscriber: Subscriber): Record<string, unknown> {
  const info: Record<string, unknown> = {
    subscriber_id: subscriber.subscriber_id,
    name: subscriber.name,
    objectids: subscriber.object_ids,
    event: subscriber.events,
  };
  if (subscriber.filters !== null) info.filters = subscriber.filters;
  if (subscriber.integration_id !== null) info.integraion_id = subscriber.integration_id;
  info.subscriber_type = subscriber.subscriber_type;
  return info;
}

/** Subscriptions a tenant may hold at once; one more is refused (400 `subscriber_limit`). */
export const subscriberLimit = 100;

export const subscriberRoutes =
  (ctx: SandboxContext): FastifyPluginAsync =>
  async (app) => {
    async function subscribe(request: FastifyRequest, reply: FastifyReply) {
      const operation = request.operationId ?? 'Subscribe';
      const body = request.body as Record<string, unknown>;
      const subscriberType = String(body.subscriber_type ?? 'webhook');
      if (subscriberType !== 'webhook') {
        throw new ApiError(
          400,
          'unsupported_subscriber_type',
          `subscriber_type must be 'webhook' (got '${subscriberType}').`,
        );
      }
      const settings = body.webhook_settings as Record<string, unknown>;
      const callbackUrl = String(settings.callback_url ?? '');
      let parsed: URL;
      try {
        parsed = new URL(callbackUrl);
      } catch {
        throw new ApiError(
          400,
          'invalid_callback_url',
          'webhook_settings.callback_url must be an absolute http(s) URL.',
        );
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new ApiError(
          400,
          'invalid_callback_url',
          'webhook_settings.callback_url must be an http(s) URL.',
        );
      }
      const address = request.server.server.address();
      await checkCallbackTarget(parsed, typeof address === 'object' && address ? address.port : undefined);

      let events: string[];
      if (operation === 'SubscribeObjectEvent') {
        events = [...new Set(body.event as string[])];
        if (events.length === 0)
          throw new ApiError(400, 'invalid_request', "body field 'event' must list at least one event.");
      } else if (operation === 'SubmitToPartnerCenterObjectEvent') {
        const event = String(body.event ?? referralEvent);
        if (event !== referralEvent) {
          throw new ApiError(
            400,
            'invalid_request',
            `body field 'event' must be '${referralEvent}' for this trigger.`,
          );
        }
        events = [event];
      } else {
        const event = String(body.event);
        const known = [...collaborationEvents.map((e) => e.name), ...objectEventNames];
        if (!known.includes(event)) {
          throw new ApiError(
            400,
            'unknown_event',
            `Unknown event '${event}'; GetEventList lists the collaboration events (${collaborationEvents.map((e) => e.name).join(', ')}).`,
          );
        }
        events = [event];
      }

      let integrationId: string | null = null;
      if (typeof body.integration_id === 'string' && body.integration_id !== '') {
        integrationId = body.integration_id;
        requireIntegration(ctx, request.tenant, integrationId);
      }
      // An object event's payload is the schema of an integration (GetObjectEventSchema).
      if (
        integrationId === null &&
        events.some((event) => (objectEventNames as readonly string[]).includes(event))
      ) {
        throw new ApiError(
          400,
          'invalid_request',
          "body field 'integration_id' is required for object events.",
        );
      }

      let filters: string | null = null;
      if (typeof body.filters === 'string' && body.filters.trim() !== '') {
        filters = body.filters;
        try {
          parseEventFilter(filters);
        } catch (error) {
          if (error instanceof EventFilterSyntaxError) {
            throw new ApiError(
              400,
              'invalid_filter',
              `filters: ${error.message} (position ${error.position})`,
            );
          }
          throw new ApiError(400, 'invalid_filter', `filters: ${(error as Error).message}`);
        }
      }

      const held = ctx.db.countSubscribers(request.tenant);
      if (held >= subscriberLimit)
        throw new ApiError(
          400,
          'subscriber_limit',
          `This tenant holds ${held} subscriptions, the sandbox's limit of ${subscriberLimit}; delete one (DeleteSubscriber) before subscribing again.`,
        );
      const subscriber: Subscriber = {
        subscriber_id: `WS-Subscriber_${randomToken(20)}`,
        tenant: request.tenant,
        name: String(body.name),
        subscriber_type: subscriberType,
        operation,
        events,
        object_ids: Array.isArray(body.object_ids) ? (body.object_ids as string[]) : [],
        filters,
        integration_id: integrationId,
        callback_url: callbackUrl,
        created_at: nowIso(),
      };
      ctx.db.insertSubscriber(subscriber);
      ctx.logger.info(
        `subscriber ${subscriber.subscriber_id} (${operation}) for ${events.join(', ')} → ${redactUrl(callbackUrl)}`,
      );
      reply.code(200);
      return { subscriber_id: subscriber.subscriber_id };
    }

    app.post(
      '/event/v1/subscriber',
      {
        config: {
          kind: 'api',
          operations: ['Subscribe', 'SubscribeObjectEvent', 'SubmitToPartnerCenterObjectEvent'],
          pickOperation: (request) => pickSubscribeOperation(request.body),
        },
      },
      subscribe,
    );
    app.post(
      '/event/v1/subscriber/object_integration_event',
      { config: { kind: 'api', operations: ['SubscribeObjectEvent'] } },
      subscribe,
    );
    app.post(
      '/event/v1/subscriber/submit_to_partner_center',
      { config: { kind: 'api', operations: ['SubmitToPartnerCenterObjectEvent'] } },
      subscribe,
    );

    // The developer portal's list of a tenant's subscribers (the connector has no such call): each
    // as ReadSubscriber answers it, with the callback URL it was created with.
    app.get(
      '/event/v1/subscriber',
      { config: { kind: 'api', operations: [listSubscribersOperation], portal: true } },
      async (request) => ({
        subscribers: ctx.db.listSubscribers(request.tenant).map((subscriber) => ({
          ...subscriberInfo(subscriber),
          webhook_settings: { callback_url: subscriber.callback_url },
        })),
      }),
    );

    const load = (request: FastifyRequest): Subscriber => {
      const id = String(request.validated?.path.subscriber_id ?? '');
      const subscriber = ctx.db.getSubscriber(id);
      if (!subscriber || subscriber.tenant !== request.tenant) {
        throw new ApiError(404, 'subscriber_not_found', `No subscriber '${id}' in ${request.tenant}.`);
      }
      return subscriber;
    };

    app.get(
      '/event/v1/subscriber/:subscriber_id',
      { config: { kind: 'api', operations: ['ReadSubscriber'] } },
      async (request) => subscriberInfo(load(request)),
    );

    app.delete(
      '/event/v1/subscriber/:subscriber_id',
      { config: { kind: 'api', operations: ['DeleteSubscriber'] } },
      async (request) => {
        const subscriber = load(request);
        const dropped = ctx.db.transaction(() => {
          ctx.db.deleteSubscriber(subscriber.subscriber_id);
          return ctx.db.dropPendingDeliveries(subscriber.subscriber_id);
        });
        ctx.logger.info(
          `subscriber ${subscriber.subscriber_id} deleted; ${dropped} pending deliveries dropped`,
        );
        return { subscriber_id: subscriber.subscriber_id, deleted: true };
      },
    );
  };

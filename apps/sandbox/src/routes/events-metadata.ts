import type { FastifyPluginAsync } from 'fastify';
import type { SandboxContext } from '../http/context.js';
import { ApiError } from '../http/errors.js';
import {
  collaborationEventSchema,
  collaborationEvents,
  findCollaborationEvent,
  objectEventSchema,
} from '../model/events-catalog.js';
import { requireIntegration } from '../model/lookups.js';

/** GetEventList, GetEventSchema, GetIntegrationList, GetObjectEventSchema. */
export const eventMetadataRoutes =
  (ctx: SandboxContext): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/event/v1/metadata/event',
      { config: { kind: 'api', operations: ['GetEventList'] } },
      async () => ({
        events: collaborationEvents.map((event) => ({ name: event.name, description: event.description })),
      }),
    );

    app.get(
      '/event/v1/metadata/event/:event',
      { config: { kind: 'api', operations: ['GetEventSchema'] } },
      async (request) => {
        const name = String(request.validated?.path.event ?? '');
        const event = findCollaborationEvent(name);
        if (!event) throw new ApiError(404, 'event_not_found', `No collaboration event '${name}'.`);
        return { schema: collaborationEventSchema(event) };
      },
    );

    app.get(
      '/event/v1/metadata/integration',
      { config: { kind: 'api', operations: ['GetIntegrationList'] } },
      async (request) => ({
        integrations: ctx.db.listIntegrations(request.tenant).map((integration) => ({
          integration_id: integration.integration_id,
          integration_type: integration.integration_type,
          name: integration.name,
          description: integration.description,
        })),
      }),
    );

    app.get(
      '/event/v1/metadata/integration/:integration_id',
      { config: { kind: 'api', operations: ['GetObjectEventSchema'] } },
      async (request) => {
        const integrationId = String(request.validated?.path.integration_id ?? '');
        const integration = requireIntegration(ctx, request.tenant, integrationId);
        return { schema: objectEventSchema(integration) };
      },
    );
  };

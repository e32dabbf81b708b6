import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../http/context.js';
import { ApiError } from '../http/errors.js';
import type { FaultSpec } from '../http/faults.js';
import { collaborationEvents, findCollaborationEvent } from '../model/events-catalog.js';
import { stages } from '../model/integrations.js';
import { requireIntegration, requireObject } from '../model/lookups.js';
import { applySeed, checkSeed, type SeedFile } from '../model/seed.js';
import { adminTenantErrors, requireTenant } from '../model/tenant.js';
import { type Fields, type ObjectType, objectTypes, type StoredObject } from '../model/types.js';
import { firstString, isPlainObject, nowIso, redactUrl } from '../shared/util.js';

const admin = { config: { kind: 'admin' as const } };

/** A stage an object may be given: one of the known stages, and only on an opportunity. */
function checkStage(object: StoredObject, stage: unknown): string {
  if (typeof stage !== 'string' || !(stages as readonly string[]).includes(stage)) {
    throw new ApiError(400, 'invalid_stage', `stage must be one of ${stages.join(', ')}.`);
  }
  if (object.object_type !== 'opportunity') {
    throw new ApiError(400, 'invalid_request', 'Only opportunities have a stage.');
  }
  return stage;
}

/**
 * The sandbox's own control API under `/_sandbox/` (no OAuth). The tenant comes from the
 * `x-ws-env` header or `?tenant=`.
 */
export const adminRoutes =
  (ctx: SandboxContext): FastifyPluginAsync =>
  async (app) => {
    const tenantOf = (request: FastifyRequest): string => {
      const query = request.query as Record<string, unknown>;
      const value = firstString(request.headers['x-ws-env']) ?? firstString(query.tenant);
      return requireTenant(ctx, value, adminTenantErrors);
    };
    const body = (request: FastifyRequest): Record<string, unknown> =>
      isPlainObject(request.body) ? request.body : {};
    const loadObject = (request: FastifyRequest, tenant: string): StoredObject => {
      return requireObject(ctx, tenant, String((request.params as Record<string, string>).id));
    };
    const readFields = (value: unknown): Fields => {
      if (!isPlainObject(value))
        throw new ApiError(400, 'invalid_request', "'fields' must be an object of field → value.");
      return value;
    };

    app.get('/health', admin, async () => ({
      status: 'ok',
      tenants: ctx.db.listTenants().map((t) => t.hostname),
      pending_deliveries: ctx.db.countDeliveries('pending'),
      bulk_jobs_queued: ctx.runner.queued,
      bulk_paused: ctx.runner.isPaused,
      faults: ctx.faults.get(),
    }));

    app.get('/tenants', admin, async () => ({
      tenants: ctx.db.listTenants().map((tenant) => ({
        hostname: tenant.hostname,
        name: tenant.name,
        app_users: ctx.db
          .listAppUsers(tenant.hostname)
          .map((u) => ({ client_id: u.client_id, client_secret: u.client_secret })),
      })),
    }));

    app.post('/reset', admin, async (request) => {
      const reseed = body(request).seed !== false;
      await ctx.reset(reseed);
      return { reset: true, seeded: reseed, tenants: ctx.db.listTenants().map((t) => t.hostname) };
    });

    app.post('/seed', admin, async (request) => {
      const problems = checkSeed(request.body);
      if (problems.length > 0) throw new ApiError(400, 'invalid_seed', `${problems.join('; ')}.`);
      try {
        return applySeed(ctx.db, request.body as SeedFile);
      } catch (error) {
        if (/UNIQUE constraint/.test((error as Error).message)) {
          throw new ApiError(
            409,
            'conflict',
            `The seed repeats an existing id: ${(error as Error).message}.`,
          );
        }
        throw error;
      }
    });

    app.get('/objects', admin, async (request) => {
      const tenant = tenantOf(request);
      const query = request.query as Record<string, unknown>;
      const type = firstString(query.type);
      if (type !== undefined && !objectTypes.includes(type as ObjectType)) {
        throw new ApiError(400, 'invalid_request', `type must be one of ${objectTypes.join(', ')}.`);
      }
      const limit = Math.min(10_000, Math.max(1, Number(firstString(query.limit) ?? 100) || 100));
      const offset = Math.max(0, Number(firstString(query.offset) ?? 0) || 0);
      const objectType = type as ObjectType | undefined;
      return {
        total: ctx.db.countObjects(tenant, objectType),
        objects: ctx.db.listObjects(tenant, { objectType, limit, offset }),
      };
    });

    app.post('/objects', admin, async (request, reply) => {
      const tenant = tenantOf(request);
      const input = body(request);
      const objectType = input.object_type as ObjectType;
      if (!objectTypes.includes(objectType)) {
        throw new ApiError(400, 'invalid_request', `object_type must be one of ${objectTypes.join(', ')}.`);
      }
      const fields = readFields(input.fields ?? {});
      let integrationId: string | null = null;
      if (typeof input.integration_id === 'string') {
        integrationId = input.integration_id;
        requireIntegration(ctx, tenant, integrationId);
      }
      if (typeof input.object_id === 'string' && ctx.objects.get(tenant, input.object_id)) {
        throw new ApiError(409, 'conflict', `Object '${input.object_id}' already exists.`);
      }
      const object = ctx.objects.create(tenant, {
        object_type: objectType,
        integration_id: integrationId,
        fields,
        ...(typeof input.object_id === 'string' ? { object_id: input.object_id } : {}),
      });
      reply.code(201);
      return object;
    });

    app.get('/objects/:id', admin, async (request) => {
      const tenant = tenantOf(request);
      const object = loadObject(request, tenant);
      return { ...object, audit_log: ctx.db.listAudit(tenant, object.object_id) };
    });

    app.patch('/objects/:id', admin, async (request) => {
      const tenant = tenantOf(request);
      const object = loadObject(request, tenant);
      const fields = readFields(body(request).fields);
      if (fields.stage !== undefined && fields.stage !== null) checkStage(object, fields.stage);
      const change = ctx.objects.update(tenant, object.object_id, fields);
      return { object: change?.object, changed_fields: change?.changed ?? [] };
    });

    app.delete('/objects/:id', admin, async (request) => {
      const tenant = tenantOf(request);
      const object = loadObject(request, tenant);
      ctx.objects.delete(tenant, object.object_id);
      return { object_id: object.object_id, deleted: true };
    });

    app.post('/objects/:id/stage', admin, async (request) => {
      const tenant = tenantOf(request);
      const object = loadObject(request, tenant);
      const stage = checkStage(object, body(request).stage);
      const change = ctx.objects.update(tenant, object.object_id, { stage });
      return {
        object: change?.object,
        changed_fields: change?.changed ?? [],
        previous_stage: object.fields.stage ?? null,
      };
    });

    app.post('/objects/:id/submit-referral', admin, async (request) => {
      const tenant = tenantOf(request);
      const object = loadObject(request, tenant);
      if (object.object_type !== 'opportunity') {
        throw new ApiError(400, 'invalid_request', 'Only opportunities can be submitted to Partner Center.');
      }
      ctx.objects.submitReferral(tenant, object.object_id);
      return { object_id: object.object_id, event: 'object.partner_center_referral_submit' };
    });

    app.post('/events', admin, async (request) => {
      const tenant = tenantOf(request);
      const input = body(request);
      const name = String(input.event ?? '');
      const event = findCollaborationEvent(name);
      if (!event) {
        throw new ApiError(
          400,
          'unknown_event',
          `event must be a collaboration event: ${collaborationEvents.map((e) => e.name).join(', ')}.`,
        );
      }
      const data: Record<string, unknown> = input.data === undefined ? {} : readFields(input.data);
      // The payload is the event's schema (GetEventSchema): a field it does not declare is a mistake.
      const unknown = Object.keys(data).filter((key) => !(key in event.properties));
      if (unknown.length > 0) {
        throw new ApiError(
          400,
          'invalid_request',
          `data has fields that ${event.name} does not declare (${unknown.join(', ')}); its fields are ${Object.keys(event.properties).join(', ')}.`,
        );
      }
      let objectId: string | undefined;
      if (input.object_id !== undefined) {
        objectId = String(input.object_id);
        const object = requireObject(ctx, tenant, objectId);
        data.object_id = objectId;
        if (data.object_name === undefined && typeof object.fields.name === 'string')
          data.object_name = object.fields.name;
      }
      const enqueued = ctx.db.transaction(() =>
        ctx.outbox.emit(tenant, {
          event: event.name,
          kind: 'collaboration',
          ...(objectId ? { objectId } : {}),
          occurredAt: nowIso(),
          data,
        }),
      );
      return { event: event.name, deliveries_enqueued: enqueued };
    });

    app.get('/deliveries', admin, async (request) => {
      const tenant = tenantOf(request);
      const query = request.query as Record<string, unknown>;
      const subscriberId = firstString(query.subscriber_id);
      const status = firstString(query.status);
      const rows = ctx.db.listDeliveries(tenant, {
        ...(subscriberId ? { subscriberId } : {}),
        ...(status ? { status } : {}),
      });
      return {
        deliveries: rows.map((row) => ({
          delivery_id: row.delivery_id,
          subscriber_id: row.subscriber_id,
          event: row.event,
          status: row.status,
          attempts: row.attempts,
          next_attempt_at: row.status === 'pending' ? new Date(row.next_attempt_at).toISOString() : null,
          created_at: new Date(row.created_at).toISOString(),
          delivered_at: row.delivered_at ? new Date(row.delivered_at).toISOString() : null,
          last_status_code: row.last_status_code,
          last_error: row.last_error,
          payload: JSON.parse(row.body),
          attempt_log: ctx.db.listDeliveryAttempts(row.delivery_id),
        })),
      };
    });

    app.get('/subscribers', admin, async (request) => {
      const tenant = tenantOf(request);
      return {
        subscribers: ctx.db.listSubscribers(tenant).map((s) => ({
          subscriber_id: s.subscriber_id,
          name: s.name,
          operation: s.operation,
          events: s.events,
          object_ids: s.object_ids,
          filters: s.filters,
          integration_id: s.integration_id,
          callback_url: redactUrl(s.callback_url),
          created_at: s.created_at,
        })),
      };
    });

    app.get('/executions', admin, async (request) => {
      const tenant = tenantOf(request);
      return {
        executions: ctx.db
          .listExecutions(tenant)
          .map(({ payload_path: _path, tenant: _tenant, ...execution }) => execution),
      };
    });

    app.post('/executions/pause', admin, async () => {
      ctx.runner.pause();
      return { paused: true };
    });

    app.post('/executions/resume', admin, async () => {
      ctx.runner.resume();
      return { paused: false };
    });

    app.get('/delivery', admin, async () => ({ bare: ctx.worker.bare }));

    app.put('/delivery', admin, async (request) => {
      const body = request.body;
      if (!isPlainObject(body) || typeof body.bare !== 'boolean')
        throw new ApiError(400, 'invalid_request', "'bare' must be true or false.");
      ctx.worker.bare = body.bare;
      return { bare: ctx.worker.bare };
    });

    app.get('/faults', admin, async () => ctx.faults.get());

    app.put('/faults', admin, async (request) => {
      ctx.faults.set((request.body ?? {}) as FaultSpec);
      return ctx.faults.get();
    });

    app.delete('/faults', admin, async () => {
      ctx.faults.clear();
      return ctx.faults.get();
    });
  };

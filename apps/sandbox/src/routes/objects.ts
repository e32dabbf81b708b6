import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../http/context.js';
import { ApiError } from '../http/errors.js';
import { auditField, defaultExternalIdField, externalIdFields } from '../model/integrations.js';
import { requireIntegration, requireObject } from '../model/lookups.js';
import type { StoredObject } from '../model/types.js';
import { isPlainObject, nowIso } from '../shared/util.js';

/** GetExternalId, UpdateExternalId and ObjectAudit. */
export const objectRoutes =
  (ctx: SandboxContext): FastifyPluginAsync =>
  async (app) => {
    const load = (request: FastifyRequest): StoredObject => {
      return requireObject(ctx, request.tenant, String(request.validated?.path.object_id ?? ''));
    };

    app.get(
      '/app/v1/object/:object_id/external_id',
      { config: { kind: 'api', operations: ['GetExternalId'] } },
      async (request) => {
        const object = load(request);
        const externalIds = externalIdFields
          .filter((field) => object.fields[field] !== undefined && object.fields[field] !== '')
          .map((field) => ({ external_id: String(object.fields[field]), field_name: field }));
        return { object_id: object.object_id, external_ids: externalIds };
      },
    );

    app.patch(
      '/app/v1/object/:object_id/external_id',
      { config: { kind: 'api', operations: ['UpdateExternalId'] } },
      async (request) => {
        const object = load(request);
        const body = isPlainObject(request.body) ? request.body : {};
        if (request.body === undefined) {
          throw new ApiError(400, 'invalid_request', "body field 'external_id' is required.");
        }
        const externalId = String(body.external_id);
        const requested = typeof body.field_name === 'string' ? body.field_name.trim() : '';
        const fieldName = requested === '' ? defaultExternalIdField[object.object_type] : requested;
        if (!(externalIdFields as readonly string[]).includes(fieldName)) {
          throw new ApiError(
            400,
            'invalid_field_name',
            `field_name must be one of ${externalIdFields.map((f) => `'${f}'`).join(', ')} (got '${fieldName}').`,
          );
        }
        if (externalId.trim() === '')
          throw new ApiError(400, 'invalid_request', "body field 'external_id' must not be empty.");
        const other = ctx.db.findObjectByField(request.tenant, object.object_type, fieldName, externalId);
        if (other && other.object_id !== object.object_id) {
          throw new ApiError(
            409,
            'duplicate_external_id',
            `External id '${externalId}' is already connected to ${other.object_id} in field ${fieldName}.`,
          );
        }
        ctx.objects.update(request.tenant, object.object_id, { [fieldName]: externalId });
        return { object_id: object.object_id, external_id: externalId, field_name: fieldName };
      },
    );

    app.patch(
      '/app/v1/object/:object_id/audit',
      { config: { kind: 'api', operations: ['ObjectAudit'] } },
      async (request) => {
        const object = load(request);
        const body = request.body as Record<string, unknown>;
        // An integration id names an integration, here as in every other operation: 404 when unknown.
        if (typeof body.integration_id === 'string' && body.integration_id !== '') {
          requireIntegration(ctx, request.tenant, body.integration_id);
        }
        const fieldName = String(body.field_name ?? auditField);
        const statusCode = String(body.status_code);
        const optional = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
        ctx.db.transaction(() => {
          ctx.objects.update(request.tenant, object.object_id, { [fieldName]: statusCode });
          ctx.db.insertAudit(request.tenant, {
            object_id: object.object_id,
            field_name: fieldName,
            status_code: statusCode,
            message: String(body.message ?? ''),
            integration_id: optional(body.integration_id),
            external_id: optional(body.external_id),
            at: nowIso(),
          });
        });
        return { object_id: object.object_id, field_name: fieldName, status_code: statusCode };
      },
    );
  };

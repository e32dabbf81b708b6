import type { SandboxContext } from '../http/context.js';
import { ApiError } from '../http/errors.js';
import type { Integration, StoredObject } from './types.js';

/** The tenant's integration `integrationId`; 404 `integration_not_found` when there is none. */
export function requireIntegration(ctx: SandboxContext, tenant: string, integrationId: string): Integration {
  const integration = ctx.db.getIntegration(tenant, integrationId);
  if (!integration)
    throw new ApiError(404, 'integration_not_found', `No integration '${integrationId}' in ${tenant}.`);
  return integration;
}

/** The tenant's WorkSpan object `objectId`; 404 `object_not_found` when there is none. */
export function requireObject(ctx: SandboxContext, tenant: string, objectId: string): StoredObject {
  const object = ctx.objects.get(tenant, objectId);
  if (!object) throw new ApiError(404, 'object_not_found', `No WorkSpan object '${objectId}' in ${tenant}.`);
  return object;
}

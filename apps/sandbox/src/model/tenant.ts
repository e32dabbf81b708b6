import type { SandboxContext } from '../http/context.js';
import { ApiError } from '../http/errors.js';
import { normaliseHostname } from '../shared/util.js';

/** How a missing or unknown tenant is reported. */
export interface TenantErrors {
  /** Message of the 400 `missing_environment` when no tenant is named. */
  missingMessage: string;
  /** Status, code and message when the named tenant does not exist. */
  unknown: { status: number; code: string; message: (tenant: string) => string };
}

/** The API calls' errors: the tenant is the `x-ws-env` named in `whereToName` (header / query parameter). */
export const apiTenantErrors = (whereToName: string): TenantErrors => ({
  missingMessage: `The x-ws-env ${whereToName} is required: the WorkSpan app hostname, e.g. demo.workspan.com.`,
  unknown: {
    status: 401,
    code: 'unknown_environment',
    message: (tenant) => `No WorkSpan environment '${tenant}' exists in this sandbox.`,
  },
});

/** The admin API's errors: the tenant comes from `x-ws-env` or `?tenant=`, an unknown one is a 404. */
export const adminTenantErrors: TenantErrors = {
  missingMessage: 'Name the tenant with the x-ws-env header or ?tenant=.',
  unknown: {
    status: 404,
    code: 'tenant_not_found',
    message: (tenant) => `No tenant '${tenant}' in this sandbox.`,
  },
};

/**
 * The tenant named by `value`; 400 when it is missing, an error (401 for API calls, 404 for admin)
 * when no such tenant exists — as `errors` words it (`apiTenantErrors` / `adminTenantErrors`).
 */
export function requireTenant(ctx: SandboxContext, value: string | undefined, errors: TenantErrors): string {
  const { missingMessage, unknown } = errors;
  if (!value || value.trim() === '') throw new ApiError(400, 'missing_environment', missingMessage);
  const tenant = normaliseHostname(value);
  if (!ctx.db.getTenant(tenant)) throw new ApiError(unknown.status, unknown.code, unknown.message(tenant));
  return tenant;
}

import type { SandboxContext } from './context.js';
import { ApiError } from './errors.js';
import { normaliseHostname } from './util.js';

/** The tenant named by `x-ws-env`; 400 when it is missing, 401 when no such environment exists. */
export function requireTenant(ctx: SandboxContext, value: string | undefined, whereToName: string): string {
  if (!value || value.trim() === '') {
    throw new ApiError(
      400,
      'missing_environment',
      `The x-ws-env ${whereToName} is required: the WorkSpan app hostname, e.g. demo.workspan.com.`,
    );
  }
  const tenant = normaliseHostname(value);
  if (!ctx.db.getTenant(tenant)) {
    throw new ApiError(
      401,
      'unknown_environment',
      `No WorkSpan environment '${tenant}' exists in this sandbox.`,
    );
  }
  return tenant;
}

import { constantTimeEqual } from '@workspan-kit/core/internal';
import type { FastifyPluginAsync } from 'fastify';
import type { SandboxContext } from '../http/context.js';
import { ApiError } from '../http/errors.js';
import { apiTenantErrors, requireTenant } from '../model/tenant.js';
import { firstString, isPlainObject, normaliseHostname, randomToken } from '../shared/util.js';

/**
 * The connector's OAuth flow: `POST /oauth/token?x-ws-env=HOSTNAME` (or the developer portal's
 * `x-ws-env` header; both may be sent when they name the same tenant) with a form body
 * (client_id, client_secret, grant_type=client_credentials; code, redirect_uri, refresh_token_type
 * and operation=token|refresh are accepted and ignored). Tokens are opaque, stored, bound to the tenant.
 */
export const oauthRoutes =
  (ctx: SandboxContext): FastifyPluginAsync =>
  async (app) => {
    app.post('/oauth/token', { config: { kind: 'token', operations: ['Token'] } }, async (request) => {
      const query = request.query as Record<string, unknown>;
      // The connector names the tenant in the query, the developer portal in a header: either does.
      const fromQuery = firstString(query['x-ws-env']);
      const fromHeader = firstString(request.headers['x-ws-env']);
      if (
        fromQuery?.trim() &&
        fromHeader?.trim() &&
        normaliseHostname(fromQuery) !== normaliseHostname(fromHeader)
      ) {
        throw new ApiError(
          400,
          'conflicting_environment',
          `The query parameter 'x-ws-env' (${fromQuery}) and the header 'x-ws-env' (${fromHeader}) name different environments; send one hostname.`,
        );
      }
      const env = fromQuery?.trim() ? fromQuery : fromHeader;
      const tenant = requireTenant(ctx, env, apiTenantErrors('query parameter or header'));
      const body = isPlainObject(request.body) ? request.body : {};
      const field = (name: string) => {
        const value = body[name];
        return typeof value === 'string' ? value : undefined;
      };
      const grantType = field('grant_type') ?? 'client_credentials';
      if (grantType !== 'client_credentials') {
        throw new ApiError(
          400,
          'unsupported_grant_type',
          `grant_type must be client_credentials, not '${grantType}'.`,
        );
      }
      const clientId = field('client_id');
      const clientSecret = field('client_secret');
      if (!clientId || !clientSecret) {
        throw new ApiError(
          400,
          'invalid_request',
          'client_id and client_secret are required (form-encoded body).',
        );
      }
      const user = ctx.db.getAppUser(tenant, clientId);
      if (!user || !constantTimeEqual(user.client_secret, clientSecret)) {
        throw new ApiError(
          401,
          'invalid_client',
          `The application user id or secret is wrong for ${tenant}.`,
        );
      }
      const lifetime = ctx.faults.tokenLifetimeSeconds(['Token']) ?? ctx.settings.tokenLifetimeSeconds;
      const token = randomToken(40);
      const now = Date.now();
      ctx.db.deleteExpiredTokens(now);
      ctx.db.insertToken(token, tenant, clientId, now, now + lifetime * 1000);
      return { access_token: token, token_type: 'Bearer', expires_in: lifetime, scope: 'read write' };
    });

    // The authorization step of the connector's access-code flow: approves at once and redirects back.
    app.get('/oauth/authorize', { config: { kind: 'public' } }, async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const redirect = firstString(query.redirect_uri);
      if (!redirect || !/^https?:\/\//i.test(redirect)) {
        throw new ApiError(400, 'invalid_request', 'redirect_uri (an http(s) URL) is required.');
      }
      const target = new URL(redirect);
      target.searchParams.set('code', `sandbox-code-${randomToken(16)}`);
      const state = firstString(query.state);
      if (state !== undefined) target.searchParams.set('state', state);
      return reply.redirect(target.toString(), 302);
    });
  };

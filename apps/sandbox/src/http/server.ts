import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { apiTenantErrors, requireTenant } from '../model/tenant.js';
import { adminRoutes } from '../routes/admin.js';
import { bulkRoutes } from '../routes/bulk.js';
import { eventMetadataRoutes } from '../routes/events-metadata.js';
import { oauthRoutes } from '../routes/oauth.js';
import { objectRoutes } from '../routes/objects.js';
import { reportRoutes } from '../routes/reports.js';
import { statusRoutes } from '../routes/status.js';
import { subscriberRoutes } from '../routes/subscribers.js';
import { firstString, mediaType, sleep } from '../shared/util.js';
import type { SandboxContext } from './context.js';
import { ApiError, type ErrorBody, errorCodeFor } from './errors.js';

const newRequestId = (): string => `req_${randomBytes(8).toString('hex')}`;

export function sendError(request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply {
  const body: ErrorBody = { code: error.code, message: error.message, request_id: String(request.id) };
  reply.header('x-request-id', request.id);
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply.code(error.statusCode).type('application/json; charset=utf-8').send(body);
}

/** Maps Fastify's own errors (body parsing, limits, multipart) to sandbox errors. */
function toApiError(error: FastifyError): ApiError {
  if (error instanceof ApiError) return error;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(
        413,
        'payload_too_large',
        'The request body is larger than the limit for this call.',
        {
          connection: 'close',
        },
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(415, 'unsupported_media_type', 'This call does not accept that Content-Type.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new ApiError(
        413,
        'payload_too_large',
        `The multipart upload exceeds a limit (${error.message}).`,
      );
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new ApiError(415, 'unsupported_media_type', 'The request is not multipart/form-data.');
    default:
      break;
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return new ApiError(
      status,
      errorCodeFor(status) ?? 'bad_request',
      error.message || 'The request is invalid.',
    );
  }
  return new ApiError(500, 'internal_error', 'The sandbox failed to handle this request.');
}

/** Errors Node's HTTP parser reports before Fastify sees a request (see `clientErrorHandler`). */
function parserError(error: NodeJS.ErrnoException): ApiError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ApiError(
        431,
        'headers_too_large',
        `The request line and headers are larger than the sandbox accepts (${Math.round(maxHeaderSize / 1024)} KiB).`,
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError(408, 'request_timeout', 'The request was not received in time.');
    default: {
      // llhttp's reason names the fault, e.g. "Transfer-Encoding can't be present with Content-Length".
      const reason = (error as { reason?: unknown }).reason;
      const detail = typeof reason === 'string' && reason !== '' ? `: ${reason}` : '';
      return new ApiError(
        400,
        'invalid_http',
        `The request is not valid HTTP/1.1${detail}. Send one Content-Length or Transfer-Encoding: chunked, a known method and headers of printable text.`,
      );
    }
  }
}

/**
 * Answers a request Node's parser refused, in the documented error shape with a request id, then
 * closes the connection (its framing can no longer be trusted).
 */
function clientErrorHandler(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const apiError = parserError(error);
  const requestId = newRequestId();
  const body = JSON.stringify({ code: apiError.code, message: apiError.message, request_id: requestId });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${apiError.statusCode} ${STATUS_CODES[apiError.statusCode]}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** Tenant, bearer token and rate limit of an API call. */
function authenticate(ctx: SandboxContext, request: FastifyRequest): void {
  const env = firstString(request.headers['x-ws-env']);
  const tenant = requireTenant(ctx, env, apiTenantErrors('header'));
  const header = firstString(request.headers.authorization) ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new ApiError(401, 'invalid_token', 'An Authorization: Bearer <access token> header is required.', {
      'www-authenticate': 'Bearer',
    });
  }
  const token = ctx.db.getToken(match[1]);
  if (!token || token.tenant !== tenant || token.expires_at <= Date.now()) {
    throw new ApiError(
      401,
      'invalid_token',
      'The access token is unknown, expired, or issued for another environment.',
      {
        'www-authenticate': 'Bearer error="invalid_token"',
      },
    );
  }
  if (ctx.rateLimiter) {
    const decision = ctx.rateLimiter.check(tenant, token.client_id);
    if (!decision.allowed) {
      throw new ApiError(
        429,
        'rate_limited',
        `Rate limit exceeded for this connection; retry after ${decision.retryAfterSeconds} s.`,
        { 'retry-after': String(decision.retryAfterSeconds) },
      );
    }
  }
  request.tenant = tenant;
  request.clientId = token.client_id;
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** The admin token, when one is set: `Authorization: Bearer <token>`, compared in constant time. */
function checkAdminToken(expected: string, request: FastifyRequest): void {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(firstString(request.headers.authorization) ?? '');
  if (match?.[1] && timingSafeEqual(digest(match[1]), digest(expected))) return;
  throw new ApiError(
    401,
    'invalid_admin_token',
    'The admin API of this sandbox needs Authorization: Bearer <admin token> (the --admin-token it was started with).',
    { 'www-authenticate': 'Bearer realm="_sandbox"' },
  );
}

const hasBody = (request: FastifyRequest): boolean => {
  const length = firstString(request.headers['content-length']);
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
};

export async function buildServer(ctx: SandboxContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: ctx.settings.jsonLimitBytes,
    genReqId: newRequestId,
    requestIdHeader: false,
    forceCloseConnections: 'idle',
    // Answered by the onRequest hook below, in the documented error shape.
    return503OnClosing: false,
    clientErrorHandler,
    // A path with broken percent-encoding never reaches a route or a hook.
    frameworkErrors: (error, request, reply) => {
      const apiError =
        error.code === 'FST_ERR_BAD_URL'
          ? new ApiError(
              400,
              'invalid_url',
              'The request path has invalid percent-encoding (each % must start a UTF-8 byte as %XX).',
            )
          : toApiError(error);
      sendError(request, reply, apiError);
    },
    routerOptions: { ignoreTrailingSlash: true },
  });

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });

  app.decorateRequest('tenant', '');
  app.decorateRequest('clientId', '');
  app.decorateRequest('operationId', undefined);
  app.decorateRequest('validated', undefined);
  app.decorateRequest('dropAfterBody', false);

  // Bodies: JSON (1 MiB) and form-encoded (the token call). Bulk routes install their own parsers.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: ctx.settings.jsonLimitBytes },
    (_request, body, done) => {
      const text = String(body);
      if (text.trim() === '') {
        done(null, undefined);
        return;
      }
      try {
        done(null, JSON.parse(text));
      } catch (error) {
        done(
          new ApiError(
            400,
            'invalid_json',
            `The request body is not valid JSON: ${(error as Error).message}.`,
          ),
          undefined,
        );
      }
    },
  );
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: ctx.settings.jsonLimitBytes },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    },
  );

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) {
      reply.header('connection', 'close');
      throw new ApiError(503, 'service_unavailable', 'The sandbox is shutting down; retry shortly.', {
        'retry-after': '1',
      });
    }
    const config = request.routeOptions.config;
    const kind = config.kind;
    if (kind === 'api' || kind === 'token') {
      const operations =
        config.pickOperation && config.pickBeforeBody
          ? [config.pickOperation(request)]
          : (config.operations ?? []);
      const decision = ctx.faults.decide(operations, kind === 'api');
      if (decision.action === 'dropBeforeBody') {
        ctx.logger.warn(
          `fault dropBeforeBody: ${request.method} ${request.url.split('?')[0]} dropped unread`,
        );
        reply.hijack();
        request.raw.socket.destroy();
        return;
      }
      request.dropAfterBody = decision.dropAfterBody;
      if (decision.action === 'error') throw decision.error;
    }
    if (kind === 'api') authenticate(ctx, request);
    if (kind === 'admin' && ctx.settings.adminToken !== undefined) {
      checkAdminToken(ctx.settings.adminToken, request);
    }
  });

  app.addHook('preHandler', async (request) => {
    const config = request.routeOptions.config;
    if (config.kind !== 'api' || !config.operations?.length) return;
    if (config.portal) {
      request.operationId = config.operations[0];
      return;
    }
    const operationId = config.pickOperation
      ? config.pickOperation(request)
      : (config.operations[0] as string);
    request.operationId = operationId;
    const operation = ctx.validator.getOperation(operationId);
    const isStream = typeof (request.body as { pipe?: unknown } | undefined)?.pipe === 'function';
    const type = mediaType(request.headers['content-type']);
    if (operation && hasBody(request) && type !== '' && operation.consumes.length > 0) {
      // Accepted: the operation's `consumes` plus the enum of its Content-Type header parameter.
      const accepted = operation.acceptedContentTypes;
      if (!accepted.includes(type)) {
        throw new ApiError(
          415,
          'unsupported_media_type',
          `${operationId} accepts ${accepted.join(', ')}, not '${type}'.`,
        );
      }
    }
    const result = ctx.validator.validate(operationId, {
      query: request.query as Record<string, unknown>,
      path: request.params as Record<string, unknown>,
      headers: request.headers,
      body: isStream ? undefined : request.body,
    });
    if (!result.valid) throw new ApiError(400, 'invalid_request', result.message);
    request.validated = result;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const config = request.routeOptions.config;
    if (config.kind === 'api' || config.kind === 'token') {
      const operations = request.operationId ? [request.operationId] : (config.operations ?? []);
      const latency = ctx.faults.latencyMs(operations);
      if (latency > 0) await sleep(latency);
    }
    if (request.dropAfterBody) {
      ctx.logger.warn(
        `fault dropAfterBody: ${request.method} ${request.url.split('?')[0]} processed, answer dropped`,
      );
      reply.raw.setHeader('connection', 'close');
      request.raw.socket.destroy();
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const path = request.url.split('?')[0];
    ctx.logger.info(`${request.method} ${path} → ${reply.statusCode} (${Math.round(reply.elapsedTime)} ms)`);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.statusCode >= 500 && !(error instanceof ApiError)) {
      ctx.logger.error(
        `${request.method} ${request.url.split('?')[0]} failed: ${error.stack ?? error.message}`,
      );
    }
    return sendError(request, reply, apiError);
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(
      request,
      reply,
      new ApiError(
        404,
        'not_found',
        `No route ${request.method} ${request.url.split('?')[0]} in the WorkSpan API.`,
      ),
    ),
  );

  await app.register(oauthRoutes(ctx));
  await app.register(bulkRoutes(ctx));
  await app.register(statusRoutes(ctx));
  await app.register(objectRoutes(ctx));
  await app.register(reportRoutes(ctx));
  await app.register(eventMetadataRoutes(ctx));
  await app.register(subscriberRoutes(ctx));
  await app.register(adminRoutes(ctx), { prefix: '/_sandbox' });
  return app;
}

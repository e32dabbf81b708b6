import { checkDelivery, dispatchEventType } from '@workspan-kit/core/internal';
import { deliveryHeaders, readCappedBody, receiveDelivery } from '@workspan-kit/core/node';
import type { RelayConfig } from './config.js';
import type { DedupeStore } from './dedupe-store.js';
import { buildDispatchEnvelope } from './dispatch-payload.js';
import type { GitHubDispatcher } from './github-dispatcher.js';
import { type RelayLogger, silentRelayLogger } from './logger.js';
import { RelayRedactor } from './redaction.js';

export interface RelayHandlerOptions {
  config: RelayConfig;
  dedupe: DedupeStore;
  dispatcher: GitHubDispatcher;
  logger?: RelayLogger;
  /** Removes the relay's credentials from log lines and answers; made from `config` when absent. */
  redactor?: RelayRedactor;
  now?: () => number;
}

export type FetchHandler = (request: Request) => Promise<Response>;

/** Redeliveries arriving while another replica dispatches are told to come back after this. */
const inProgressRetrySeconds = 5;
const unknownRouteToken = 'x'.repeat(43);

/**
 * The relay as a fetch handler (`Request → Response`): `POST /hooks/<route>/<token>` with a
 * WorkSpan event payload becomes one `repository_dispatch` of `workspan.<event>`. A 2xx answer
 * means dispatched (or already dispatched); a 5xx makes WorkSpan deliver again.
 */
export function createRelayHandler(options: RelayHandlerOptions): FetchHandler {
  const { config, dedupe, dispatcher } = options;
  const redactor = options.redactor ?? new RelayRedactor(config);
  const logger = redactor.logger(options.logger ?? silentRelayLogger);
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    answer(status, body, headers, redactor);
  const now = options.now ?? Date.now;
  // A claim outlives the longest dispatch (every attempt's time limit plus the waits between them).
  const leaseMs = config.dispatch.maxAttempts * config.dispatch.timeoutMs + config.dispatch.maxWaitMs + 5000;

  return async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/healthz') return json(200, { status: 'ok' });
    const match = /^\/hooks\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
    if (!match) return json(404, { error: 'not found' });
    if (request.method !== 'POST') return json(405, { error: 'use POST' }, { allow: 'POST' });
    const routeName = decodePathSegment(match[1] as string);
    const token = decodePathSegment(match[2] as string);
    const route = Object.hasOwn(config.routes, routeName) ? config.routes[routeName] : undefined;

    // Core's one delivery check (token in constant time, size, a JSON object). It reads the token
    // from the query, where the relay's routes carry it in the path. The token is checked before
    // any of the body is read; an unknown route is checked against a stand-in token, so it costs
    // and answers the same as a wrong one.
    const requestHeaders = Object.fromEntries(request.headers);
    const tokenUrl = `/?token=${encodeURIComponent(token)}`;
    const options = { token: route?.token ?? unknownRouteToken, maxBytes: config.maxBodyBytes };
    if (!checkDelivery({ url: tokenUrl, headers: requestHeaders, body: '{}' }, options).accepted || !route) {
      await request.body?.cancel().catch(() => {});
      return json(401, { error: 'unauthorized' });
    }
    const { bytes } = await readCappedBody(
      request.body,
      config.maxBodyBytes,
      request.headers.get('content-length'),
    );

    // Core's one receive rule (decision 17): size, depth, a JSON object, then the redelivery rule,
    // held as pending while this replica dispatches.
    let verdict: Awaited<ReturnType<typeof receiveDelivery>>;
    try {
      verdict = await receiveDelivery(
        { url: tokenUrl, headers: requestHeaders, body: bytes },
        {
          ...options,
          store: dedupe,
          scope: routeName,
          claimMs: leaseMs,
          windowMs: config.rememberSeconds * 1000,
        },
      );
    } catch (error) {
      logger.error('dedupe store unavailable; asking WorkSpan to deliver again', {
        route: routeName,
        error: (error as Error).message,
      });
      return json(
        503,
        { error: 'temporarily unavailable' },
        { 'retry-after': String(inProgressRetrySeconds) },
      );
    }
    if (!verdict.accepted) return json(verdict.status, { error: verdict.reason });
    const { payload, delivery } = verdict;
    if (fieldCountOver(payload, config.maxPayloadFields)) {
      // A refusal (4xx), not a failure: redelivering it would be refused again.
      await verdict.settle?.(false).catch(() => {});
      logger.warn('delivery refused: too many payload fields', {
        route: routeName,
        fields: Object.keys(payload).length,
      });
      return json(413, { error: `the payload has more than ${config.maxPayloadFields} fields` });
    }
    const deliveryId = delivery.id ?? delivery.digest;
    const event = eventName(request, route.event, payload);
    const context = { route: routeName, event, deliveryId, dedupeKey: delivery.dedupeKey };
    if (verdict.warning) logger.warn(verdict.warning, context);
    if (verdict.inProgress)
      return json(503, { status: 'in progress' }, { 'retry-after': String(inProgressRetrySeconds) });
    if (delivery.duplicate) {
      logger.info('duplicate delivery ignored', { ...context, digest: delivery.digest });
      return json(200, { status: 'duplicate', received: true, duplicate: true });
    }
    const settle = verdict.settle ?? (async () => {});

    const envelope = buildDispatchEnvelope({
      event,
      route: routeName,
      delivery_id: deliveryId,
      received_at: new Date(now()).toISOString(),
      payload,
    });
    let outcome: Awaited<ReturnType<GitHubDispatcher['dispatch']>>;
    try {
      outcome = await dispatcher.dispatch(route.repository, dispatchEventType(event), envelope);
    } catch (error) {
      outcome = { dispatched: false, attempts: 0, reason: (error as Error).message };
    }
    if (outcome.dispatched) {
      await settle(true).catch((error: unknown) =>
        logger.warn('dispatched, but could not record it', { ...context, error: (error as Error).message }),
      );
      logger.info('dispatched', { ...context, attempts: outcome.attempts, trimmed: envelope.trimmed.length });
      return json(200, { status: 'dispatched' });
    }
    await settle(false).catch(() => {});
    logger.error('dispatch failed; asking WorkSpan to deliver again', {
      ...context,
      attempts: outcome.attempts,
      reason: outcome.reason,
    });
    const headers: Record<string, string> = {};
    if (outcome.retryAfterMs !== undefined)
      headers['retry-after'] = String(Math.max(1, Math.ceil(outcome.retryAfterMs / 1000)));
    return json(outcome.retryAfterMs !== undefined ? 503 : 502, { error: 'dispatch failed' }, headers);
  };
}

/** The delivery's own header, then the route's configured event, then a field of the payload. */
function eventName(
  request: Request,
  routeEvent: string | undefined,
  payload: Record<string, unknown>,
): string {
  const fromHeader = request.headers.get(deliveryHeaders.event);
  if (fromHeader && /^[A-Za-z0-9_.-]{1,80}$/.test(fromHeader)) return fromHeader;
  if (routeEvent) return routeEvent;
  const fromPayload = payload.event;
  if (typeof fromPayload === 'string' && /^[A-Za-z0-9_.-]{1,80}$/.test(fromPayload)) return fromPayload;
  return 'event';
}

function fieldCountOver(payload: Record<string, unknown>, limit: number): boolean {
  let count = 0;
  for (const name in payload) if (Object.hasOwn(payload, name) && ++count > limit) return true;
  return false;
}

/** A path segment as text; a malformed escape reads as no text, which no route or token matches. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

function answer(
  status: number,
  body: unknown,
  headers: Record<string, string>,
  redactor: RelayRedactor,
): Response {
  return new Response(redactor.redact(JSON.stringify(body)), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

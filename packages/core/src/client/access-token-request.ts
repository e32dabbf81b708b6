import { type ConnectionSettings, type ResolvedConnection, resolveConnection } from '../connection.js';
import {
  WorkSpanAnswerTooLargeError,
  WorkSpanApiError,
  WorkSpanAuthenticationError,
  WorkSpanConnectionError,
} from '../errors.js';
import { Redactor } from '../redact.js';
import { parseJson, readErrorAnswer } from './answer-details.js';
import {
  backoffDelay,
  defaultRetryOptions,
  isoTime,
  judgeStatus,
  parseRetryAfter,
  type RetryOptions,
} from './retry-policy.js';
import type { AccessToken } from './token-provider.js';
import {
  answerTooLargeCode,
  type Clock,
  defaultMaxAnswerBytes,
  sleepFor,
  type Transport,
  TransportFailure,
  type TransportResponse,
} from './transport.js';

export interface AccessTokenRequestOptions {
  transport: Transport;
  clock: Clock;
  /**
   * Connection failures and 429/502/503/504 answers are retried with backoff (default 4
   * attempts); a Retry-After longer than `maxRetryAfterMs` (default 120 s) fails at once.
   */
  retry?: Partial<RetryOptions> | undefined;
  /** Time limit for the whole answer, in ms (default 30 000). */
  timeoutMs?: number | undefined;
  /** The largest answer read, in bytes (default 64 MiB). */
  maxAnswerBytes?: number | undefined;
  userAgent?: string | undefined;
  random?: (() => number) | undefined;
  signal?: AbortSignal | undefined;
}

export const tokenPath = '/oauth/token';

/**
 * Fetches a token as the connector's token call does, through the given transport: hosts that
 * keep tokens themselves (n8n's credential `preAuthentication`) call this instead of building the
 * request. Errors are WorkSpanErrors; none carries the secret.
 */
export function requestAccessToken(
  connection: ConnectionSettings,
  options: AccessTokenRequestOptions,
): Promise<AccessToken> {
  const resolved = resolveConnection(connection);
  const redactor = new Redactor();
  redactor.add(resolved.clientSecret);
  return fetchAccessToken(resolved, options, redactor);
}

/** The token call for an already checked connection; the client's own cache uses it too. */
export async function fetchAccessToken(
  connection: ResolvedConnection,
  options: AccessTokenRequestOptions,
  redactor: Redactor,
): Promise<AccessToken> {
  const retry = { ...defaultRetryOptions, ...options.retry };
  const maxAnswerBytes = options.maxAnswerBytes ?? defaultMaxAnswerBytes;
  const random = options.random ?? Math.random;
  const { clock, signal } = options;
  const url = `${connection.baseUrl}${tokenPath}?x-ws-env=${encodeURIComponent(connection.hostname)}`;
  for (let attempt = 1; ; attempt++) {
    const sentAt = clock.now();
    let response: TransportResponse;
    try {
      response = await options.transport({
        method: 'POST',
        url,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          // The connector sends x-ws-env as a query parameter, the developer portal as a header.
          'x-ws-env': connection.hostname,
          'user-agent': options.userAgent ?? 'workspan-kit',
        },
        body: tokenRequestBody(connection),
        ...(signal ? { signal } : {}),
        timeoutMs: options.timeoutMs ?? 30_000,
        maxAnswerBytes,
      });
      if (response.body.length > maxAnswerBytes) {
        throw new TransportFailure(answerTooLargeCode, false, undefined, response.status);
      }
    } catch (error) {
      signal?.throwIfAborted();
      if (!TransportFailure.isInstance(error)) throw error;
      if (error.code === answerTooLargeCode) {
        throw new WorkSpanAnswerTooLargeError({
          operationId: 'token',
          method: 'POST',
          path: tokenPath,
          status: error.status,
          limitBytes: maxAnswerBytes,
          cause: error,
        });
      }
      if (attempt >= retry.maxAttempts) {
        throw new WorkSpanConnectionError({
          operationId: 'token',
          method: 'POST',
          path: tokenPath,
          transportCode: error.code,
          cause: error,
        });
      }
      await sleepFor(clock, backoffDelay(attempt, retry, random), signal);
      continue;
    }
    if (response.status >= 200 && response.status < 300) return readToken(response, sentAt, redactor);
    const transient = judgeStatus(response.status, false) === 'retry';
    const now = clock.now();
    const retryAfterMs = transient ? parseRetryAfter(response.headers['retry-after'], now) : undefined;
    // As for any call: a Retry-After longer than the client waits fails at once, saying until when.
    const tooLong = retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs;
    if (transient && !tooLong && attempt < retry.maxAttempts) {
      await sleepFor(clock, retryAfterMs ?? backoffDelay(attempt, retry, random), signal);
      continue;
    }
    const rejected = response.status === 400 || response.status === 401 || response.status === 403;
    throw new (rejected ? WorkSpanAuthenticationError : WorkSpanApiError)({
      status: response.status,
      operationId: 'token',
      method: 'POST',
      path: tokenPath,
      hostname: connection.hostname,
      ...readErrorAnswer(response, redactor),
      retryable: transient,
      hint: rejected
        ? 'WorkSpan refused the application user for this hostname: check the application user id, secret, hostname and environment.'
        : undefined,
      retryAt: tooLong ? isoTime(now + retryAfterMs) : undefined,
    });
  }
}

function readToken(response: TransportResponse, sentAt: number, redactor: Redactor): AccessToken {
  const parsed = parseJson(response.body) as { access_token?: unknown; expires_in?: unknown } | undefined;
  if (!parsed || typeof parsed.access_token !== 'string' || parsed.access_token === '') {
    throw new WorkSpanAuthenticationError({
      status: response.status,
      operationId: 'token',
      method: 'POST',
      path: tokenPath,
      requestId: response.headers['x-request-id'],
      bodyExcerpt: 'the answer held no access_token',
      code: 'invalid-response',
      retryable: false,
      hint: 'The token endpoint answered without a token; check the environment (its base URL).',
    });
  }
  redactor.add(parsed.access_token);
  const expiresIn = Number(parsed.expires_in);
  const lifetimeSeconds = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600;
  // Counted from when the request left, so a slow answer cannot make the token look fresher.
  return { value: parsed.access_token, expiresAt: sentAt + lifetimeSeconds * 1000 };
}

export function tokenRequestBody(connection: ResolvedConnection): string {
  // The connector's own token body template, field for field.
  const fields: [string, string][] = [
    ['client_id', connection.clientId],
    ['code', ''],
    ['redirect_uri', ''],
    ['grant_type', 'client_credentials'],
    ['client_secret', connection.clientSecret],
    ['refresh_token_type', 'dummy'],
    ['operation', 'token'],
  ];
  return fields.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
}

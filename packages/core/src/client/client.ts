import {
  type AnyOperation,
  getOperation,
  type OperationId,
  type OperationInput,
  type OperationOutput,
} from '../catalogue/index.js';
import { type ConnectionSettings, type ResolvedConnection, resolveConnection } from '../connection.js';
import {
  WorkSpanApiError,
  WorkSpanAuthenticationError,
  WorkSpanConnectionError,
  WorkSpanError,
  WorkSpanOutcomeUnknownError,
} from '../errors.js';
import { Redactor } from '../redact.js';
import { type PreparedBody, type PreparedRequest, prepareRequest } from '../request/build-request.js';
import { type FileAccess, noFileAccess } from '../request/file-access.js';
import { validateInput } from '../request/validate-input.js';
import type { ClientEvent, ClientEventListener } from './client-events.js';
import {
  backoffDelay,
  defaultRetryOptions,
  type FailureVerdict,
  judgeStatus,
  judgeTransportFailure,
  parseRetryAfter,
  type RetryOptions,
} from './retry-policy.js';
import { Throttle, type ThrottleOptions } from './throttle.js';
import { TokenCache, tokenRequestBody } from './token-cache.js';
import { type Clock, type Transport, TransportFailure, type TransportResponse } from './transport.js';

export interface ClientOptions {
  connection: ConnectionSettings;
  transport: Transport;
  clock: Clock;
  /**
   * Calls per window on this connection; `false` turns pacing off. Default 100 per 60 s. Pass a
   * `Throttle` to share one budget among several clients of the same connection.
   */
  throttle?: ThrottleOptions | Throttle | false;
  retry?: Partial<RetryOptions>;
  /** Per-call time limit for an answer, in ms (default 30 000). */
  timeoutMs?: number;
  /** Random numbers for jitter and multipart boundaries (default Math.random). */
  random?: () => number;
  /** Access to files given by path (the Node entry point supplies it). */
  files?: FileAccess;
  /** Observes requests, responses, retries, throttle waits and token fetches; secrets never appear. */
  onEvent?: ClientEventListener;
  /** Sent as User-Agent. */
  userAgent?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export const defaultThrottle: ThrottleOptions = { limit: 100, windowMs: 60_000 };
const excerptLength = 300;

/** A WorkSpan connection: every catalogue operation, with auth, pacing and retries handled. */
export class WorkSpanClient {
  readonly connection: Omit<ResolvedConnection, 'clientSecret'>;
  readonly #secretConnection: ResolvedConnection;
  readonly #transport: Transport;
  readonly #clock: Clock;
  readonly #throttle: Throttle | undefined;
  readonly #retry: RetryOptions;
  readonly #timeoutMs: number;
  readonly #random: () => number;
  readonly #files: FileAccess;
  readonly #onEvent: ClientEventListener | undefined;
  readonly #userAgent: string;
  readonly #tokens: TokenCache;
  readonly #redactor = new Redactor();

  constructor(options: ClientOptions) {
    this.#secretConnection = resolveConnection(options.connection);
    const { clientSecret: _secret, ...visible } = this.#secretConnection;
    this.connection = visible;
    this.#redactor.add(this.#secretConnection.clientSecret);
    this.#transport = options.transport;
    this.#clock = options.clock;
    this.#onEvent = options.onEvent;
    const throttle = options.throttle === undefined ? defaultThrottle : options.throttle;
    this.#throttle =
      throttle instanceof Throttle
        ? throttle
        : throttle
          ? new Throttle(throttle, options.clock, (waitMs) => this.#emit({ type: 'throttle-wait', waitMs }))
          : undefined;
    this.#retry = { ...defaultRetryOptions, ...options.retry };
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#random = options.random ?? Math.random;
    this.#files = options.files ?? noFileAccess;
    this.#userAgent = options.userAgent ?? 'workspan-kit';
    this.#tokens = new TokenCache((signal) => this.#fetchToken(signal), options.clock);
  }

  /** Runs one catalogue operation: validates the input, sends the request, returns the parsed answer. */
  async call<Id extends OperationId>(
    id: Id,
    input: OperationInput<Id>,
    options: CallOptions = {},
  ): Promise<OperationOutput<Id>> {
    const operation = getOperation(id);
    const values = validateInput(operation, input);
    const prepared = await prepareRequest(operation, values, { files: this.#files, random: this.#random });
    const response = await this.#send(operation, prepared, options);
    return this.#parseBody(operation, prepared, response) as OperationOutput<Id>;
  }

  /** Removes secrets from text bound for a log or an output. */
  redact(text: string): string {
    return this.#redactor.redact(text);
  }

  /** Registers another secret (e.g. a webhook token) to be redacted wherever this client reports. */
  addSecret(secret: string): void {
    this.#redactor.add(secret);
  }

  get clock(): Clock {
    return this.#clock;
  }

  async #send(
    operation: AnyOperation,
    prepared: PreparedRequest,
    options: CallOptions,
  ): Promise<TransportResponse> {
    const { method, target } = prepared;
    const path = target.split('?')[0] as string;
    const url = `${this.#secretConnection.baseUrl}${target}`;
    const outcomeUnknown = (reason: string, cause?: unknown) =>
      new WorkSpanOutcomeUnknownError({
        operationId: operation.id,
        method,
        path,
        reason,
        howToCheck: operation.howToCheck ?? 'Check in WorkSpan whether it took effect before trying again.',
        cause,
      });
    let reauthenticated = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.#tokens.get(options.signal);
      const slot = this.#throttle ? await this.#throttle.acquire(options.signal) : undefined;
      const body = openBody(prepared.body);
      // A caller's one-shot stream can be sent again only if no byte of it was read.
      const resendable = () => prepared.body.kind !== 'stream' || prepared.body.replayable || !body.started();
      if (this.#onEvent) this.#emit({ type: 'request', operationId: operation.id, method, path, attempt });
      const started = this.#onEvent ? this.#clock.now() : 0;
      let response: TransportResponse;
      try {
        response = await this.#transport({
          method,
          url,
          headers: {
            ...prepared.headers,
            authorization: `Bearer ${token.value}`,
            'x-ws-env': this.#secretConnection.hostname,
            'user-agent': this.#userAgent,
          },
          ...(body.content === undefined ? {} : { body: body.content }),
          ...(body.length === undefined ? {} : { bodyLength: body.length }),
          ...(options.signal ? { signal: options.signal } : {}),
          timeoutMs: options.timeoutMs ?? this.#timeoutMs,
        });
      } catch (error) {
        slot?.release();
        options.signal?.throwIfAborted();
        if (!(error instanceof TransportFailure)) throw error;
        if (judgeTransportFailure(error.notSent, operation.creates) === 'outcome-unknown') {
          throw outcomeUnknown(describeFailure(error.code), error);
        }
        if (attempt >= this.#retry.maxAttempts || !resendable()) {
          throw new WorkSpanConnectionError(operation.id, method, path, error.code, error);
        }
        await this.#pause(
          operation,
          attempt,
          backoffDelay(attempt, this.#retry, this.#random),
          error.code,
          options.signal,
        );
        continue;
      }
      slot?.release();
      if (this.#onEvent) {
        this.#emit({
          type: 'response',
          operationId: operation.id,
          method,
          path,
          status: response.status,
          durationMs: this.#clock.now() - started,
          requestId: response.headers['x-request-id'],
        });
      }
      if (response.status >= 200 && response.status < 300) return response;

      if (response.status === 401 && !reauthenticated && resendable()) {
        reauthenticated = true;
        this.#tokens.invalidate(token);
        this.#emit({ type: 'token', action: 'reauthenticate' });
        attempt--;
        continue;
      }
      const verdict: FailureVerdict = judgeStatus(response.status, operation.creates);
      const retryAfterMs = parseRetryAfter(response.headers['retry-after'], this.#clock.now());
      if (response.status === 429 && retryAfterMs !== undefined)
        this.#throttle?.pauseUntil(this.#clock.now() + retryAfterMs);
      if (verdict === 'retry' && attempt < this.#retry.maxAttempts && resendable()) {
        if (retryAfterMs === undefined || retryAfterMs <= this.#retry.maxRetryAfterMs) {
          const delay = retryAfterMs ?? backoffDelay(attempt, this.#retry, this.#random);
          await this.#pause(operation, attempt, delay, `HTTP ${response.status}`, options.signal);
          continue;
        }
      }
      if (verdict === 'outcome-unknown') {
        throw outcomeUnknown(
          `the gateway answered HTTP ${response.status}, which does not say whether WorkSpan processed the call`,
        );
      }
      throw this.#apiError(
        operation.id,
        method,
        path,
        response,
        verdict === 'retry',
        resendable() ? undefined : streamHint,
      );
    }
  }

  async #pause(
    operation: AnyOperation,
    attempt: number,
    delayMs: number,
    reason: string,
    signal?: AbortSignal,
  ) {
    this.#emit({ type: 'retry', operationId: operation.id, attempt, delayMs: Math.round(delayMs), reason });
    await this.#clock.sleep(delayMs, signal);
  }

  async #fetchToken(
    signal: AbortSignal | undefined,
  ): Promise<{ accessToken: string; expiresInSeconds: number }> {
    const { baseUrl, hostname } = this.#secretConnection;
    const path = '/oauth/token';
    const target = `${path}?x-ws-env=${encodeURIComponent(hostname)}`;
    this.#emit({ type: 'token', action: 'fetch' });
    for (let attempt = 1; ; attempt++) {
      let response: TransportResponse;
      try {
        response = await this.#transport({
          method: 'POST',
          url: `${baseUrl}${target}`,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
            'user-agent': this.#userAgent,
          },
          body: tokenRequestBody(this.#secretConnection),
          ...(signal ? { signal } : {}),
          timeoutMs: this.#timeoutMs,
        });
      } catch (error) {
        signal?.throwIfAborted();
        if (!(error instanceof TransportFailure)) throw error;
        if (attempt >= this.#retry.maxAttempts)
          throw new WorkSpanConnectionError('token', 'POST', path, error.code, error);
        await this.#clock.sleep(backoffDelay(attempt, this.#retry, this.#random), signal);
        continue;
      }
      if (response.status >= 200 && response.status < 300) {
        const parsed = safeJson(response.body) as
          | { access_token?: unknown; expires_in?: unknown }
          | undefined;
        if (!parsed || typeof parsed.access_token !== 'string' || parsed.access_token === '') {
          throw new WorkSpanAuthenticationError({
            status: response.status,
            operationId: 'token',
            method: 'POST',
            path,
            bodyExcerpt: 'the answer held no access_token',
            retryable: false,
          });
        }
        this.#redactor.add(parsed.access_token);
        const expiresIn = Number(parsed.expires_in);
        return {
          accessToken: parsed.access_token,
          expiresInSeconds: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600,
        };
      }
      const transient = judgeStatus(response.status, false) === 'retry';
      if (transient && attempt < this.#retry.maxAttempts) {
        const retryAfter = parseRetryAfter(response.headers['retry-after'], this.#clock.now());
        await this.#clock.sleep(
          Math.min(
            retryAfter ?? backoffDelay(attempt, this.#retry, this.#random),
            this.#retry.maxRetryAfterMs,
          ),
          signal,
        );
        continue;
      }
      const details = this.#errorDetails(response);
      const rejected = response.status === 400 || response.status === 401 || response.status === 403;
      throw new (rejected ? WorkSpanAuthenticationError : WorkSpanApiError)({
        status: response.status,
        operationId: 'token',
        method: 'POST',
        path,
        ...details,
        retryable: transient,
        hint: rejected
          ? `WorkSpan refused the application user for hostname ${hostname}: check the application user id, secret, hostname and environment.`
          : undefined,
      });
    }
  }

  #parseBody(operation: AnyOperation, prepared: PreparedRequest, response: TransportResponse): unknown {
    if (response.body.trim() === '') return {};
    const parsed = safeJson(response.body);
    if (parsed === undefined) {
      throw new WorkSpanApiError({
        status: response.status,
        operationId: operation.id,
        method: prepared.method,
        path: prepared.target.split('?')[0] as string,
        requestId: response.headers['x-request-id'],
        bodyExcerpt: `expected a JSON answer, got: ${this.#excerpt(response.body)}`,
        retryable: false,
      });
    }
    return parsed;
  }

  #apiError(
    operationId: string,
    method: string,
    path: string,
    response: TransportResponse,
    retryable: boolean,
    hint?: string,
  ) {
    return new WorkSpanApiError({
      status: response.status,
      operationId,
      method,
      path,
      ...this.#errorDetails(response),
      retryable,
      hint,
    });
  }

  #errorDetails(response: TransportResponse): {
    requestId: string | undefined;
    bodyExcerpt: string;
    code: string | undefined;
  } {
    const parsed = safeJson(response.body) as Record<string, unknown> | undefined;
    const message =
      parsed && typeof parsed === 'object'
        ? (parsed.message ?? parsed.error_description ?? parsed.error)
        : undefined;
    const code =
      parsed && typeof parsed.code === 'string'
        ? parsed.code
        : typeof parsed?.error === 'string'
          ? parsed.error
          : undefined;
    const requestId =
      response.headers['x-request-id'] ??
      (parsed && typeof parsed.request_id === 'string' ? parsed.request_id : undefined);
    return {
      requestId,
      bodyExcerpt: this.#excerpt(typeof message === 'string' ? message : response.body),
      code,
    };
  }

  #excerpt(text: string): string {
    const redacted = this.#redactor.redact(text.replace(/\s+/g, ' ').trim());
    return redacted.length > excerptLength ? `${redacted.slice(0, excerptLength)}…` : redacted;
  }

  #emit(event: ClientEvent): void {
    if (!this.#onEvent) return;
    try {
      this.#onEvent(event);
    } catch {
      // An observer's failure must not fail the call it observes.
    }
  }

  /** Keeps secrets out of `console.log(client)` and JSON dumps. */
  toJSON(): unknown {
    return {
      baseUrl: this.connection.baseUrl,
      hostname: this.connection.hostname,
      clientId: this.connection.clientId,
    };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `WorkSpanClient ${JSON.stringify(this.toJSON())}`;
  }
}

const streamHint =
  'The data was given as a one-shot stream, so it could not be sent again; pass a file path or the bytes to allow a retry.';

const noBody = { content: undefined, length: undefined, started: () => false };

function openBody(body: PreparedBody): {
  content: string | Uint8Array | AsyncIterable<Uint8Array> | undefined;
  length: number | undefined;
  started: () => boolean;
} {
  if (body.kind === 'none') return noBody;
  if (body.kind === 'bytes') return { content: body.bytes, length: undefined, started: () => true };
  let started = false;
  let opened: AsyncIterable<Uint8Array> | undefined;
  const content: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]() {
      started = true;
      opened ??= body.open();
      return opened[Symbol.asyncIterator]();
    },
  };
  return { content, length: body.length, started: () => started };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeFailure(code: string): string {
  if (code === 'timeout') return 'no answer arrived within the time limit after the request was sent';
  return `the connection failed after the request was sent (${code})`;
}

export function isWorkSpanError(error: unknown): error is WorkSpanError {
  return error instanceof WorkSpanError;
}

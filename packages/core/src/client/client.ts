import type { z } from 'zod';
import {
  type AnyOperation,
  type Catalogue,
  getOperation,
  type OperationId,
  type OperationInput,
  type OperationOutput,
} from '../catalogue/index.js';
import { type ConnectionSettings, type ResolvedConnection, resolveConnection } from '../connection.js';
import {
  WorkSpanAbortedError,
  WorkSpanApiError,
  WorkSpanConnectionError,
  WorkSpanError,
  WorkSpanOutcomeUnknownError,
  WorkSpanValidationError,
} from '../errors.js';
import { Redactor } from '../redact.js';
import { type PreparedBody, type PreparedRequest, prepareRequest } from '../request/build-request.js';
import { type FileAccess, noFileAccess } from '../request/file-access.js';
import { isValidatedFor, parseInput, type ValidatedInput } from '../request/validate-input.js';
import { runDefaults } from '../run/run-options.js';
import { fetchAccessToken } from './access-token-request.js';
import { excerpt, parseJson, readErrorAnswer } from './answer-details.js';
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
import { TokenCache } from './token-cache.js';
import type { TokenProvider } from './token-provider.js';
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
  /**
   * Where bearer tokens come from. By default the client fetches its own with the connection's
   * application user and caches them; a host that stores tokens itself supplies a provider.
   */
  tokenProvider?: TokenProvider;
}

/**
 * What `call` takes for an operation given as an object: its typed input when the operation is
 * known statically, any named fields when it is only known to be some catalogue operation (a
 * host's generated form), or input that `validateInput` already checked.
 */
export type CallInput<Operation extends AnyOperation> = AnyOperation extends Operation
  ? Readonly<Record<string, unknown>>
  : z.input<Operation['input']> | ValidatedInput<Operation>;

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export const defaultThrottle: ThrottleOptions = { ...runDefaults.callBudget };
const defaultHowToCheck = 'Check in WorkSpan whether it took effect before trying again.';

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
    const source = options.tokenProvider ?? this.#ownTokens();
    this.#tokens = new TokenCache(
      {
        getToken: () => {
          this.#emit({ type: 'token', action: 'fetch' });
          return source.getToken();
        },
        renewToken: (stale, reason) => {
          this.#emit({ type: 'token', action: 'fetch' });
          return source.renewToken(stale, reason);
        },
      },
      options.clock,
      (token) => this.#redactor.add(token.value),
    );
  }

  /**
   * Runs one catalogue operation, given by its id or as the operation object itself: validates
   * the input (unless `validateInput` already did), sends the request, returns the parsed answer.
   */
  async call<Id extends OperationId>(
    id: Id,
    input: OperationInput<Id> | ValidatedInput<Catalogue[Id]>,
    options?: CallOptions,
  ): Promise<OperationOutput<Id>>;
  async call<Operation extends AnyOperation>(
    operation: Operation,
    input: CallInput<Operation>,
    options?: CallOptions,
  ): Promise<z.output<Operation['output']>>;
  async call(
    target: OperationId | AnyOperation,
    input: unknown,
    options: CallOptions = {},
  ): Promise<unknown> {
    const operation = typeof target === 'string' ? lookUpOperation(target) : target;
    const values = isValidatedFor(input, operation) ? input : parseInput(operation, input);
    const prepared = await prepareRequest(operation, values, { files: this.#files, random: this.#random });
    try {
      const response = await this.#send(operation, prepared, options);
      return this.#parseBody(operation, prepared, response);
    } catch (error) {
      const signal = options.signal;
      if (!signal?.aborted || WorkSpanError.isInstance(error)) throw error;
      // Stopped while waiting (for a token, the throttle or a backoff): nothing was in flight.
      throw new WorkSpanAbortedError({
        operationId: operation.id,
        method: prepared.method,
        path: pathOf(prepared),
        mayHaveTakenEffect: false,
        cause: signal.reason,
      });
    }
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
    const path = pathOf(prepared);
    const url = `${this.#secretConnection.baseUrl}${target}`;
    const howToCheck = operation.howToCheck ?? defaultHowToCheck;
    const outcomeUnknown = (reason: string, cause?: unknown) =>
      new WorkSpanOutcomeUnknownError({
        operationId: operation.id,
        method,
        path,
        reason,
        howToCheck,
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
        if (options.signal?.aborted) {
          throw new WorkSpanAbortedError({
            operationId: operation.id,
            method,
            path,
            mayHaveTakenEffect: operation.creates,
            howToCheck,
            cause: options.signal.reason,
          });
        }
        if (!TransportFailure.isInstance(error)) throw error;
        if (judgeTransportFailure(error.notSent, operation.creates) === 'outcome-unknown') {
          throw outcomeUnknown(describeFailure(error.code), error);
        }
        if (attempt >= this.#retry.maxAttempts || !resendable()) {
          throw new WorkSpanConnectionError({
            operationId: operation.id,
            method,
            path,
            transportCode: error.code,
            cause: error,
          });
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

  /** The default token source: the connector's token call with this client's transport. */
  #ownTokens(): TokenProvider {
    const fetch = () =>
      fetchAccessToken(
        this.#secretConnection,
        {
          transport: this.#transport,
          clock: this.#clock,
          retry: this.#retry,
          timeoutMs: this.#timeoutMs,
          userAgent: this.#userAgent,
          random: this.#random,
        },
        this.#redactor,
      );
    return { getToken: fetch, renewToken: fetch };
  }

  #parseBody(operation: AnyOperation, prepared: PreparedRequest, response: TransportResponse): unknown {
    if (response.body.trim() === '') return {};
    const parsed = parseJson(response.body);
    if (parsed === undefined) {
      throw new WorkSpanApiError({
        status: response.status,
        operationId: operation.id,
        method: prepared.method,
        path: pathOf(prepared),
        requestId: response.headers['x-request-id'],
        bodyExcerpt: `expected a JSON answer, got: ${excerpt(response.body, this.#redactor)}`,
        code: 'invalid-response',
        retryable: false,
        hint: "WorkSpan's answer could not be read; check the environment (its base URL).",
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
      ...readErrorAnswer(response, this.#redactor),
      retryable,
      hint,
    });
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

function describeFailure(code: string): string {
  if (code === 'timeout') return 'no answer arrived within the time limit after the request was sent';
  return `the connection failed after the request was sent (${code})`;
}

function pathOf(prepared: PreparedRequest): string {
  return prepared.target.split('?')[0] as string;
}

function lookUpOperation(id: string): AnyOperation {
  try {
    return getOperation(id);
  } catch {
    throw new WorkSpanValidationError([
      { field: 'operation', expected: `the id of a catalogue operation; got "${id}"` },
    ]);
  }
}

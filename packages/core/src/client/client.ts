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
  WorkSpanAnswerTooLargeError,
  WorkSpanApiError,
  WorkSpanConnectionError,
  WorkSpanError,
  WorkSpanOutcomeUnknownError,
  WorkSpanThrottledError,
  WorkSpanValidationError,
} from '../errors.js';
import { Redactor } from '../redact.js';
import { type PreparedBody, type PreparedRequest, prepareRequest } from '../request/build-request.js';
import { type FileAccess, noFileAccess } from '../request/file-access.js';
import { isValidatedFor, parseInput, type ValidatedInput } from '../request/validate-input.js';
import { runDefaults } from '../run/run-options.js';
import { fetchAccessToken, tokenPath } from './access-token-request.js';
import { excerpt, parseJson, readErrorAnswer } from './answer-details.js';
import type { ClientEvent, ClientEventListener } from './client-events.js';
import {
  backoffDelay,
  defaultRetryOptions,
  type FailureVerdict,
  isoTime,
  judgeStatus,
  judgeTransportFailure,
  parseRetryAfter,
  type RetryOptions,
} from './retry-policy.js';
import { Throttle, type ThrottleOptions, ThrottlePaused, type ThrottleSlot } from './throttle.js';
import { TokenCache } from './token-cache.js';
import type { AccessToken, TokenProvider } from './token-provider.js';
import {
  answerTooLargeCode,
  type Clock,
  defaultMaxAnswerBytes,
  sleepFor,
  type Transport,
  TransportFailure,
  type TransportResponse,
} from './transport.js';

export interface ClientOptions {
  connection: ConnectionSettings;
  transport: Transport;
  clock: Clock;
  /**
   * Calls per window on this connection; `false` turns pacing off. Default 100 per 60 s. Pass a
   * `Throttle` to share one budget among several clients of the same connection.
   */
  throttle?: ThrottleOptions | Throttle | false;
  /**
   * Attempts, backoff, and `maxRetryAfterMs`: the longest Retry-After the client waits out
   * (default 120 s); past it the call, and later calls until then, fail at once (`throttled`).
   */
  retry?: Partial<RetryOptions>;
  /**
   * Time limit of each attempt, in ms (default 30 000): status, headers and the whole answer
   * body, however steadily it arrives. A streamed upload is not counted; the limit starts once
   * it is sent. A call may set its own (`CallOptions.timeoutMs`).
   */
  timeoutMs?: number;
  /**
   * The largest answer the client reads, in bytes (default 64 MiB). A larger one is not read
   * further and fails the call with `answer-too-large`; it is not retried.
   */
  maxAnswerBytes?: number;
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
  /** This call's time limit per attempt, in ms, in place of the client's `timeoutMs`. */
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
  readonly #maxAnswerBytes: number;
  /** When WorkSpan's last 429 pause ends (its Retry-After), throttle or not. */
  #pausedUntil = 0;
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
    this.#maxAnswerBytes = options.maxAnswerBytes ?? defaultMaxAnswerBytes;
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
    const call: Call = {
      operation,
      prepared,
      method: prepared.method,
      path: pathOf(prepared),
      howToCheck: operation.howToCheck ?? defaultHowToCheck,
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? this.#timeoutMs,
    };
    let reauthenticated = false;
    for (let attempt = 1; ; attempt++) {
      this.#refuseWhilePaused(call);
      const token = await this.#tokens.get(call.signal);
      const body = openBody(prepared.body);
      // A caller's one-shot stream can be sent again only if no byte of it was read.
      const resendable = () => prepared.body.kind !== 'stream' || prepared.body.replayable || !body.started();
      const answer = await this.#attempt(call, attempt, token, body);
      if (TransportFailure.isInstance(answer)) {
        await this.#afterTransportFailure(call, attempt, answer, resendable());
        continue;
      }
      if (answer.status >= 200 && answer.status < 300) return answer;
      if (answer.status === 401 && !reauthenticated && resendable()) {
        reauthenticated = true;
        this.#tokens.invalidate(token);
        this.#emit({ type: 'token', action: 'reauthenticate' });
        attempt--;
        continue;
      }
      await this.#afterErrorStatus(call, attempt, answer, resendable());
    }
  }

  /** Fails a call at once while WorkSpan's pause (a 429's Retry-After) lasts longer than the client waits. */
  #refuseWhilePaused(call: Call): void {
    const until = Math.max(this.#pausedUntil, this.#throttle?.pausedUntil ?? 0);
    if (until - this.#clock.now() > this.#retry.maxRetryAfterMs) throw this.#pausedError(call, until);
  }

  #pausedError(call: Call, until: number): WorkSpanThrottledError {
    return new WorkSpanThrottledError({
      operationId: call.operation.id,
      method: call.method,
      path: call.path,
      retryAt: isoTime(until),
      maxRetryAfterMs: this.#retry.maxRetryAfterMs,
    });
  }

  /**
   * One send: a throttle slot, the request, the answer. Returns the answer, or the transport's
   * failure for the caller to judge; a cancelled call throws `WorkSpanAbortedError`.
   */
  async #attempt(
    call: Call,
    attempt: number,
    token: AccessToken,
    body: OpenedBody,
  ): Promise<TransportResponse | TransportFailure> {
    const { operation, method, path, signal } = call;
    const slot = await this.#takeSlot(call);
    if (this.#onEvent) this.#emit({ type: 'request', operationId: operation.id, method, path, attempt });
    const started = this.#onEvent ? this.#clock.now() : 0;
    let response: TransportResponse;
    try {
      response = await this.#transport({
        method,
        url: `${this.#secretConnection.baseUrl}${call.prepared.target}`,
        headers: {
          ...call.prepared.headers,
          authorization: `Bearer ${token.value}`,
          'x-ws-env': this.#secretConnection.hostname,
          'user-agent': this.#userAgent,
        },
        ...(body.content === undefined ? {} : { body: body.content }),
        ...(body.length === undefined ? {} : { bodyLength: body.length }),
        ...(signal ? { signal } : {}),
        timeoutMs: call.timeoutMs,
        maxAnswerBytes: this.#maxAnswerBytes,
      });
    } catch (error) {
      if (signal?.aborted) {
        throw new WorkSpanAbortedError({
          operationId: operation.id,
          method,
          path,
          mayHaveTakenEffect: operation.creates,
          howToCheck: call.howToCheck,
          cause: signal.reason,
        });
      }
      if (TransportFailure.isInstance(error)) return error;
      throw error;
    } finally {
      slot?.release();
    }
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
    // A transport that ignores maxAnswerBytes still gets its answer refused (a character is a byte or more).
    if (response.body.length > this.#maxAnswerBytes) {
      return new TransportFailure(answerTooLargeCode, false, undefined, response.status);
    }
    return response;
  }

  /** A throttle slot, unless WorkSpan paused the connection for longer than the client waits. */
  async #takeSlot(call: Call): Promise<ThrottleSlot | undefined> {
    if (!this.#throttle) return undefined;
    try {
      return await this.#throttle.acquire(call.signal, this.#retry.maxRetryAfterMs);
    } catch (error) {
      if (ThrottlePaused.isInstance(error)) throw this.#pausedError(call, error.until);
      throw error;
    }
  }

  /** No usable answer: sends again after a backoff when that is safe, or throws what happened. */
  async #afterTransportFailure(
    call: Call,
    attempt: number,
    failure: TransportFailure,
    resendable: boolean,
  ): Promise<void> {
    const { operation, method, path } = call;
    if (failure.code === answerTooLargeCode) {
      throw new WorkSpanAnswerTooLargeError({
        operationId: operation.id,
        method,
        path,
        status: failure.status,
        limitBytes: this.#maxAnswerBytes,
        howToCheck: operation.creates ? call.howToCheck : undefined,
        cause: failure,
      });
    }
    if (judgeTransportFailure(failure.notSent, operation.creates) === 'outcome-unknown') {
      throw this.#outcomeUnknown(call, describeFailure(failure.code), failure);
    }
    if (attempt >= this.#retry.maxAttempts || !resendable) {
      throw new WorkSpanConnectionError({
        operationId: operation.id,
        method,
        path,
        transportCode: failure.code,
        cause: failure,
      });
    }
    await this.#pause(call, attempt, backoffDelay(attempt, this.#retry, this.#random), failure.code);
  }

  /**
   * An error status: waits before the next attempt when WorkSpan did not process the call and
   * asks for no longer than the client waits, or throws the error. A 429's Retry-After pauses
   * the connection's other calls too.
   */
  async #afterErrorStatus(
    call: Call,
    attempt: number,
    response: TransportResponse,
    resendable: boolean,
  ): Promise<void> {
    const verdict: FailureVerdict = judgeStatus(response.status, call.operation.creates);
    const now = this.#clock.now();
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], now);
    if (response.status === 429 && retryAfterMs !== undefined) this.#pauseConnection(now + retryAfterMs);
    const tooLong = retryAfterMs !== undefined && retryAfterMs > this.#retry.maxRetryAfterMs;
    if (verdict === 'retry' && attempt < this.#retry.maxAttempts && resendable && !tooLong) {
      const delay = retryAfterMs ?? backoffDelay(attempt, this.#retry, this.#random);
      await this.#pause(call, attempt, delay, `HTTP ${response.status}`);
      return;
    }
    if (verdict === 'outcome-unknown') {
      throw this.#outcomeUnknown(
        call,
        `the gateway answered HTTP ${response.status}, which does not say whether WorkSpan processed the call`,
      );
    }
    throw new WorkSpanApiError({
      status: response.status,
      operationId: call.operation.id,
      method: call.method,
      path: call.path,
      ...readErrorAnswer(response, this.#redactor),
      retryable: verdict === 'retry',
      hint: resendable ? undefined : streamHint,
      retryAt: tooLong ? isoTime(now + retryAfterMs) : undefined,
    });
  }

  #pauseConnection(until: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
    this.#throttle?.pauseUntil(until);
  }

  #outcomeUnknown(call: Call, reason: string, cause?: unknown): WorkSpanOutcomeUnknownError {
    return new WorkSpanOutcomeUnknownError({
      operationId: call.operation.id,
      method: call.method,
      path: call.path,
      reason,
      howToCheck: call.howToCheck,
      cause,
    });
  }

  async #pause(call: Call, attempt: number, delayMs: number, reason: string) {
    this.#emit({
      type: 'retry',
      operationId: call.operation.id,
      attempt,
      delayMs: Math.round(delayMs),
      reason,
    });
    await sleepFor(this.#clock, delayMs, call.signal);
  }

  /** The default token source: the connector's token call with this client's transport. */
  #ownTokens(): TokenProvider {
    // A Retry-After on the token call longer than the client waits: no token call until it ends.
    let pausedUntil = 0;
    const fetch = async () => {
      if (pausedUntil - this.#clock.now() > this.#retry.maxRetryAfterMs) {
        throw new WorkSpanThrottledError({
          operationId: 'token',
          method: 'POST',
          path: tokenPath,
          retryAt: isoTime(pausedUntil),
          maxRetryAfterMs: this.#retry.maxRetryAfterMs,
        });
      }
      try {
        return await fetchAccessToken(
          this.#secretConnection,
          {
            transport: this.#transport,
            clock: this.#clock,
            retry: this.#retry,
            timeoutMs: this.#timeoutMs,
            maxAnswerBytes: this.#maxAnswerBytes,
            userAgent: this.#userAgent,
            random: this.#random,
          },
          this.#redactor,
        );
      } catch (error) {
        if (WorkSpanApiError.isInstance(error) && error.retryAt) pausedUntil = Date.parse(error.retryAt);
        throw error;
      }
    };
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

/** What every attempt of one call shares. */
interface Call {
  operation: AnyOperation;
  prepared: PreparedRequest;
  method: string;
  path: string;
  howToCheck: string;
  signal: AbortSignal | undefined;
  timeoutMs: number;
}

/** A request body opened for one attempt; `started` tells whether the transport read any of it. */
interface OpenedBody {
  content: string | Uint8Array | AsyncIterable<Uint8Array> | undefined;
  length: number | undefined;
  started: () => boolean;
}

const noBody: OpenedBody = { content: undefined, length: undefined, started: () => false };

function openBody(body: PreparedBody): OpenedBody {
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

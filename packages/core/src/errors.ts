import type { BulkloadStatus } from './bulk/wait-for-bulkload.js';
import type { BulkloadSummary } from './shared-by-hosts/bulkload-outcome.js';
import { describeTransportCode } from './transport-code.js';

/**
 * The closed set of error codes, each with what it means. A code is part of the package's
 * contract: hosts branch on it, so a code is never renamed or reused for another meaning.
 */
export const errorCodes = {
  validation: 'The input was rejected before any request was sent; `issues` name each field.',
  authentication:
    'WorkSpan refused the application user id, secret or hostname on the token call, or refused a fresh token.',
  forbidden: 'HTTP 403: the application user may not make this call.',
  'not-found': 'HTTP 404: the id does not exist in this WorkSpan environment and hostname.',
  conflict: 'HTTP 409: what the call would create already exists.',
  'payload-too-large': 'HTTP 413: the data is larger than WorkSpan accepts.',
  'bad-request': 'HTTP 400 or another 4xx status not named here: WorkSpan rejected the request.',
  throttled:
    'HTTP 429 after the retries, or a Retry-After longer than the client waits (then later calls fail at once until that time).',
  'server-error': 'HTTP 5xx after the retries: WorkSpan or its gateway failed.',
  'invalid-response': 'A success status whose answer could not be read (not JSON, or no access token).',
  'answer-too-large':
    'An answer larger than the client reads (its `maxAnswerBytes`); it was not read whole, and the call was not sent again.',
  redirect:
    'HTTP 3xx: the address answered with a redirect, which the client does not follow; the environment (base URL) is likely wrong.',
  timeout: 'No answer within the time limit, or a wait (for a bulk load) that ended before the job did.',
  connection: 'No answer: the connection was refused, the host was not found, or the connection dropped.',
  'bulkload-failed':
    'A bulk load completed but failed: no row was written, or rows had errors when those fail it.',
  'outcome-unknown':
    'A call that creates something failed after it may have reached WorkSpan; it was not sent again.',
  aborted: "The caller's AbortSignal stopped the call.",
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** One symbol for every copy of the package (ESM and CommonJS builds, bundled copies, versions). */
const brand = Symbol.for('workspan-kit.error');

export interface WorkSpanErrorOptions {
  code: ErrorCode;
  /** True when the same call may succeed if tried again later (default false). */
  retryable?: boolean | undefined;
  /** What the user can do about it, as a sentence. */
  hint?: string | undefined;
  /** How to find out whether the call took effect, when that is in doubt. */
  howToCheck?: string | undefined;
  cause?: unknown;
}

/**
 * Every error the client raises is a WorkSpanError with a `code` from `errorCodes`. `message`
 * says what happened; `hint` and `howToCheck` are kept apart so hosts can show them in their
 * own places (n8n's error description, an action's annotation). Test for one with
 * `WorkSpanApiError.isInstance(error)` rather than `instanceof`: it holds across copies.
 */
export class WorkSpanError extends Error {
  /** The stable name of this kind of error; each subclass declares its own. */
  static readonly kind: string = 'WorkSpanError';
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly hint: string | undefined;
  readonly howToCheck: string | undefined;

  constructor(message: string, options: WorkSpanErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = (new.target as typeof WorkSpanError).kind;
    this.code = options.code;
    this.retryable = options.retryable ?? false;
    this.hint = options.hint;
    this.howToCheck = options.howToCheck;
    // Not enumerable, so it stays out of inspection and JSON.
    Object.defineProperty(this, brand, { value: kindsOf(new.target) });
  }

  /** True for an error of this kind (or a subclass) made by any copy of the package. */
  static isInstance<Kind extends { readonly kind: string; readonly prototype: WorkSpanError }>(
    this: Kind,
    value: unknown,
  ): value is Kind['prototype'] {
    if (typeof value !== 'object' || value === null) return false;
    const kinds: unknown = (value as Record<symbol, unknown>)[brand];
    // biome-ignore lint/complexity/noThisInStatic: called on a subclass, it checks for that kind.
    return Array.isArray(kinds) && kinds.includes(this.kind);
  }

  /** Plain data for logs and host outputs: the fields, never the cause (it may hold request details). */
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'cause' && value !== undefined) fields[key] = value;
    }
    return fields;
  }
}

function kindsOf(errorClass: unknown): readonly string[] {
  const kinds: string[] = [];
  for (let current = errorClass; typeof current === 'function'; current = Object.getPrototypeOf(current)) {
    if (Object.hasOwn(current, 'kind')) kinds.push((current as typeof WorkSpanError).kind);
  }
  return Object.freeze(kinds);
}

export interface ValidationIssue {
  /** The input field, in the name hosts show (e.g. `integrationId`, `filters`). */
  field: string;
  /** What the field must hold. */
  expected: string;
}

/** Input was rejected before any request was sent. */
export class WorkSpanValidationError extends WorkSpanError {
  static override readonly kind: string = 'WorkSpanValidationError';
  readonly operationId: string | undefined;
  readonly field: string;
  readonly expected: string;
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[], operationId?: string) {
    const first = issues[0] ?? { field: 'input', expected: 'a valid value' };
    const where = operationId ? ` for ${operationId}` : '';
    const rest =
      issues.length > 1
        ? ` (and ${issues.length - 1} more: ${issues
            .slice(1)
            .map((issue) => issue.field)
            .join(', ')})`
        : '';
    super(`Invalid input${where}: ${first.field} — expected ${first.expected}${rest}`, {
      code: 'validation',
      hint: 'Correct the named fields; nothing was sent to WorkSpan.',
    });
    this.operationId = operationId;
    this.field = first.field;
    this.expected = first.expected;
    this.issues = issues;
  }
}

export interface ApiErrorDetails {
  status: number;
  operationId: string;
  method: string;
  path: string;
  requestId?: string | undefined;
  /** Short, redacted excerpt of the response body. */
  bodyExcerpt: string;
  /** The error code in WorkSpan's answer, when its body carried one (e.g. `object_not_found`). */
  serverCode?: string | undefined;
  /** The WorkSpan app hostname the call was made for, when it matters (the token call). */
  hostname?: string | undefined;
  retryable: boolean;
  hint?: string | undefined;
  /** Overrides the code the status would give (an unreadable success answer). */
  code?: ErrorCode | undefined;
  /** When WorkSpan asked not to be called before (ISO time), from a Retry-After the client did not wait out. */
  retryAt?: string | undefined;
}

/** WorkSpan answered with an error status. */
export class WorkSpanApiError extends WorkSpanError {
  static override readonly kind: string = 'WorkSpanApiError';
  readonly status: number;
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly requestId: string | undefined;
  readonly bodyExcerpt: string;
  readonly serverCode: string | undefined;
  readonly hostname: string | undefined;
  /** When WorkSpan asked not to be called before (ISO time), when the client did not wait that long. */
  readonly retryAt: string | undefined;
  constructor(details: ApiErrorDetails) {
    const forHost = details.hostname ? ` for hostname ${details.hostname}` : '';
    const request = details.requestId ? `, request id ${details.requestId}` : '';
    const said = details.bodyExcerpt ? `: ${details.bodyExcerpt.replace(/[.\s]+$/, '')}` : '';
    const retryAt = details.retryAt
      ? ` WorkSpan asked not to be called again before ${details.retryAt}, longer than the client waits.`
      : '';
    super(
      `${details.operationId} failed with HTTP ${details.status} (${details.method} ${details.path}${forHost}${request})${said}.${retryAt}`,
      {
        code: details.code ?? codeForStatus(details.status),
        retryable: details.retryable,
        hint: details.hint ?? hintForStatus(details.status),
      },
    );
    this.status = details.status;
    this.operationId = details.operationId;
    this.method = details.method;
    this.path = details.path;
    this.requestId = details.requestId;
    this.bodyExcerpt = details.bodyExcerpt;
    this.serverCode = details.serverCode;
    this.hostname = details.hostname;
    this.retryAt = details.retryAt;
  }
}

/** The token call failed: wrong application user id or secret, or a hostname WorkSpan does not know. */
export class WorkSpanAuthenticationError extends WorkSpanApiError {
  static override readonly kind: string = 'WorkSpanAuthenticationError';
  constructor(details: ApiErrorDetails) {
    super({ ...details, code: details.code ?? 'authentication' });
  }
}

/** No answer from WorkSpan: the connection failed or timed out. */
export class WorkSpanConnectionError extends WorkSpanError {
  static override readonly kind: string = 'WorkSpanConnectionError';
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** The transport's own failure code (`ECONNREFUSED`, `timeout`, …). */
  readonly transportCode: string;
  constructor(details: {
    operationId: string;
    method: string;
    path: string;
    transportCode: string;
    cause?: unknown;
  }) {
    const timedOut = details.transportCode === 'timeout';
    super(
      `${details.operationId} could not reach WorkSpan (${details.method} ${details.path}): ${describeTransportCode(details.transportCode)}.`,
      {
        code: timedOut ? 'timeout' : 'connection',
        retryable: true,
        hint: timedOut
          ? 'WorkSpan did not answer in time; try again later, or allow more time (timeoutMs).'
          : "Check the network and the environment's base URL, then try again.",
        cause: details.cause,
      },
    );
    this.operationId = details.operationId;
    this.method = details.method;
    this.path = details.path;
    this.transportCode = details.transportCode;
  }
}

/**
 * A call was not sent: an earlier answer's Retry-After asked this connection to pause until
 * `retryAt`, longer than the client waits (`retry.maxRetryAfterMs`).
 */
export class WorkSpanThrottledError extends WorkSpanError {
  static override readonly kind: string = 'WorkSpanThrottledError';
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** When WorkSpan's pause ends (ISO time). */
  readonly retryAt: string;
  constructor(details: {
    operationId: string;
    method: string;
    path: string;
    retryAt: string;
    maxRetryAfterMs: number;
  }) {
    super(
      `${details.operationId} was not sent (${details.method} ${details.path}): WorkSpan asked this connection to pause until ${details.retryAt} (Retry-After on an earlier call), longer than the client waits (retry.maxRetryAfterMs, ${formatDuration(details.maxRetryAfterMs)}).`,
      {
        code: 'throttled',
        retryable: true,
        hint: `Try again after ${details.retryAt}.`,
      },
    );
    this.operationId = details.operationId;
    this.method = details.method;
    this.path = details.path;
    this.retryAt = details.retryAt;
  }
}

/**
 * WorkSpan's answer was larger than the client reads (`maxAnswerBytes`). The client stopped
 * reading it and did not send the call again: the same call would bring the same answer.
 */
export class WorkSpanAnswerTooLargeError extends WorkSpanError {
  static override readonly kind: string = 'WorkSpanAnswerTooLargeError';
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** The answer's status. */
  readonly status: number | undefined;
  /** The client's `maxAnswerBytes`. */
  readonly limitBytes: number;
  constructor(details: {
    operationId: string;
    method: string;
    path: string;
    status?: number | undefined;
    limitBytes: number;
    howToCheck?: string | undefined;
    cause?: unknown;
  }) {
    const status = details.status === undefined ? '' : `, HTTP ${details.status}`;
    super(
      `${details.operationId}'s answer is larger than the client reads (${details.method} ${details.path}${status}): over ${formatBytes(details.limitBytes)}, the client option maxAnswerBytes. It was not read further, and the call was not sent again.`,
      {
        code: 'answer-too-large',
        retryable: false,
        hint: 'Ask for less at a time (a smaller page or limit), or raise maxAnswerBytes if the process has the memory for it.',
        howToCheck: details.howToCheck,
        cause: details.cause,
      },
    );
    this.operationId = details.operationId;
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.limitBytes = details.limitBytes;
  }
}

/**
 * A call that creates something failed after the request may have reached WorkSpan. It was not
 * sent again, because a second send could duplicate the work; `howToCheck` says how to check.
 */
export class WorkSpanOutcomeUnknownError extends WorkSpanError {
  static override readonly kind: string = 'WorkSpanOutcomeUnknownError';
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  declare readonly howToCheck: string;
  constructor(details: {
    operationId: string;
    method: string;
    path: string;
    reason: string;
    howToCheck: string;
    cause?: unknown;
  }) {
    super(
      `${details.operationId} may or may not have been processed by WorkSpan (${details.method} ${details.path}): ${details.reason}. It was not sent again, to avoid doing the work twice.`,
      {
        code: 'outcome-unknown',
        retryable: false,
        hint: 'Check whether it took effect before running it again.',
        howToCheck: details.howToCheck,
        cause: details.cause,
      },
    );
    this.operationId = details.operationId;
    this.method = details.method;
    this.path = details.path;
  }
}

/** The caller's AbortSignal stopped a call. */
export class WorkSpanAbortedError extends WorkSpanError {
  static override readonly kind: string = 'WorkSpanAbortedError';
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  /** True when a creating call was stopped while its request may already have reached WorkSpan. */
  readonly mayHaveTakenEffect: boolean;
  constructor(details: {
    operationId: string;
    method: string;
    path: string;
    mayHaveTakenEffect: boolean;
    howToCheck?: string | undefined;
    /** The signal's reason. */
    cause?: unknown;
  }) {
    const reason = details.cause instanceof Error ? details.cause.message : 'the signal was aborted';
    super(`${details.operationId} was cancelled (${details.method} ${details.path}): ${reason}.`, {
      code: 'aborted',
      hint: details.mayHaveTakenEffect
        ? 'The request may already have reached WorkSpan; check whether it took effect before running it again.'
        : undefined,
      howToCheck: details.mayHaveTakenEffect ? details.howToCheck : undefined,
      cause: details.cause,
    });
    this.operationId = details.operationId;
    this.method = details.method;
    this.path = details.path;
    this.mayHaveTakenEffect = details.mayHaveTakenEffect;
  }
}

/** Waiting for a bulk load (or another long job) went past its time limit. */
export class WorkSpanTimeoutError extends WorkSpanError {
  static override readonly kind: string = 'WorkSpanTimeoutError';
  constructor(
    message: string,
    options: { hint?: string | undefined; howToCheck?: string | undefined; cause?: unknown } = {},
  ) {
    super(message, { ...options, code: 'timeout' });
  }
}

/** True for any WorkSpanError, from any copy of the package. */
export function isWorkSpanError(error: unknown): error is WorkSpanError {
  return WorkSpanError.isInstance(error);
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'authentication';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload-too-large';
    case 429:
      return 'throttled';
    default:
      if (status >= 300 && status < 400) return 'redirect';
      if (status >= 500) return 'server-error';
      if (status >= 200 && status < 300) return 'invalid-response';
      return 'bad-request';
  }
}

function hintForStatus(status: number): string {
  if (status === 400) return 'WorkSpan rejected the request; check the values named above.';
  if (status === 401) return 'Check the application user id and secret and the WorkSpan app hostname.';
  if (status === 403) return 'The application user lacks permission for this call.';
  if (status === 404) return 'Check that the id exists in this WorkSpan environment and hostname.';
  if (status === 409) return 'It exists already; read it instead of creating it again.';
  if (status === 413) return 'The payload is larger than WorkSpan accepts; split it into smaller loads.';
  if (status === 429) return 'Too many calls: WorkSpan allows 100 calls per 60 seconds per connection.';
  if (status >= 500) return 'WorkSpan had a problem; try again later.';
  if (status >= 300 && status < 400) {
    return "Check the environment (its base URL): WorkSpan's API answers directly, so a redirect means the address is not the API's (a wrong base URL, http instead of https, or a proxy in between).";
  }
  return 'See the response above.';
}

/** A duration for a message: whole seconds, or ms below a second. */
function formatDuration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

/** A byte count for a message: MiB or KiB when whole, else bytes. */
function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** The wait ended while the load was still running; the load goes on in WorkSpan. */
export class WorkSpanBulkloadWaitTimeoutError extends WorkSpanTimeoutError {
  static override readonly kind: string = 'WorkSpanBulkloadWaitTimeoutError';
  readonly integrationId: string;
  readonly executionId: string;
  /** The last status read before the wait ended. */
  readonly lastStatus: BulkloadStatus | undefined;
  constructor(
    load: { integrationId: string; executionId: string },
    timeoutMs: number,
    lastStatus: BulkloadStatus | undefined,
  ) {
    super(
      `Bulk load ${load.executionId} was still running when the wait ended (${timeoutMs} ms); it goes on in WorkSpan — read its status again later.`,
    );
    this.integrationId = load.integrationId;
    this.executionId = load.executionId;
    this.lastStatus = lastStatus;
  }
}

/** A completed bulk load counted as a failure: nothing written, or row errors when they fail it. */
export class WorkSpanBulkloadFailedError extends WorkSpanError {
  static override readonly kind: string = 'WorkSpanBulkloadFailedError';
  readonly status: BulkloadStatus;
  readonly summary: BulkloadSummary;
  constructor(status: BulkloadStatus, summary: BulkloadSummary) {
    const first = summary.errors[0]?.message;
    super(
      `Bulk load ${status.execution_id ?? ''} ${summary.state} — ${summary.text.replace(/^[^:]+: /, '')}${first ? `; first error: ${first}` : ''}`.replace(
        /\s+—/,
        ' —',
      ),
      {
        code: 'bulkload-failed',
        hint: 'The row errors say what WorkSpan refused; correct those rows and load them again.',
      },
    );
    this.status = status;
    this.summary = summary;
  }
}

/** An id the caller gave that WorkSpan does not know: the field that carried it, and its value. */
export class WorkSpanNotFoundError extends WorkSpanApiError {
  static override readonly kind: string = 'WorkSpanNotFoundError';
  /** The fields that may have carried the unknown id (one when WorkSpan's answer says which). */
  readonly fields: readonly string[];
  readonly values: Readonly<Record<string, unknown>>;
  constructor(answer: WorkSpanApiError, fields: readonly string[], values: Record<string, unknown>) {
    super({
      status: answer.status,
      operationId: answer.operationId,
      method: answer.method,
      path: answer.path,
      requestId: answer.requestId,
      bodyExcerpt: answer.bodyExcerpt,
      serverCode: answer.serverCode,
      hostname: answer.hostname,
      retryable: false,
      code: 'not-found',
      hint: answer.hint,
    });
    this.fields = fields;
    this.values = values;
    this.message = `${describeNotFound(fields, values, (name) => name)} ${this.message}`;
  }
}

/** `integrationId "x" was not found in WorkSpan.`, in a host's names. */
export function describeNotFound(
  fields: readonly string[],
  values: Readonly<Record<string, unknown>>,
  name: (field: string) => string,
): string {
  const each = fields.map((field) => `${name(field)} ${JSON.stringify(String(values[field] ?? ''))}`);
  return `${each.join(' or ')} was not found in WorkSpan.`;
}

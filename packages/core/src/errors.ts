/** Every error the client raises is a WorkSpanError; subclasses say what went wrong and where. */
export class WorkSpanError extends Error {
  override name = 'WorkSpanError';
  /** True when the same call may succeed if tried again later. */
  readonly retryable: boolean;
  constructor(message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryable = options.retryable ?? false;
  }
}

export interface ValidationIssue {
  /** The input field, in the name hosts show (e.g. `integrationId`, `filters`). */
  field: string;
  /** What the field must hold. */
  expected: string;
}

/** Input was rejected before any request was sent. */
export class WorkSpanValidationError extends WorkSpanError {
  override name = 'WorkSpanValidationError';
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
    super(`Invalid input${where}: ${first.field} — expected ${first.expected}${rest}`);
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
  /** The server's error code when its body carried one. */
  code?: string | undefined;
  retryable: boolean;
  hint?: string | undefined;
}

/** WorkSpan answered with an error status. */
export class WorkSpanApiError extends WorkSpanError {
  override name = 'WorkSpanApiError';
  readonly status: number;
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly requestId: string | undefined;
  readonly bodyExcerpt: string;
  readonly code: string | undefined;
  constructor(details: ApiErrorDetails) {
    const request = details.requestId ? `, request id ${details.requestId}` : '';
    const said = details.bodyExcerpt ? `: ${details.bodyExcerpt.replace(/[.\s]+$/, '')}` : '';
    const hint = details.hint ?? hintForStatus(details.status);
    super(
      `${details.operationId} failed with HTTP ${details.status} (${details.method} ${details.path}${request})${said}. ${hint}`,
      { retryable: details.retryable },
    );
    this.status = details.status;
    this.operationId = details.operationId;
    this.method = details.method;
    this.path = details.path;
    this.requestId = details.requestId;
    this.bodyExcerpt = details.bodyExcerpt;
    this.code = details.code;
  }
}

/** The token call failed: wrong application user id or secret, or a hostname WorkSpan does not know. */
export class WorkSpanAuthenticationError extends WorkSpanApiError {
  override name = 'WorkSpanAuthenticationError';
}

/** No answer from WorkSpan: the connection failed or timed out. */
export class WorkSpanConnectionError extends WorkSpanError {
  override name = 'WorkSpanConnectionError';
  readonly operationId: string;
  readonly code: string;
  constructor(operationId: string, method: string, path: string, code: string, cause?: unknown) {
    super(
      `${operationId} could not reach WorkSpan (${method} ${path}): ${describeConnectionCode(code)}. Check the network and the environment's base URL, then try again.`,
      { retryable: true, cause },
    );
    this.operationId = operationId;
    this.code = code;
  }
}

/**
 * A call that creates something failed after the request may have reached WorkSpan. It was not
 * sent again, because a second send could duplicate the work; the message says how to check.
 */
export class WorkSpanOutcomeUnknownError extends WorkSpanError {
  override name = 'WorkSpanOutcomeUnknownError';
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly howToCheck: string;
  constructor(details: {
    operationId: string;
    method: string;
    path: string;
    reason: string;
    howToCheck: string;
    cause?: unknown;
  }) {
    super(
      `${details.operationId} may or may not have been processed by WorkSpan (${details.method} ${details.path}): ${details.reason}. It was not sent again, to avoid doing the work twice. ${details.howToCheck}`,
      { retryable: false, cause: details.cause },
    );
    this.operationId = details.operationId;
    this.method = details.method;
    this.path = details.path;
    this.howToCheck = details.howToCheck;
  }
}

/** Waiting for a bulk load (or another long job) went past its time limit. */
export class WorkSpanTimeoutError extends WorkSpanError {
  override name = 'WorkSpanTimeoutError';
}

function hintForStatus(status: number): string {
  if (status === 400) return 'WorkSpan rejected the request; check the values named above.';
  if (status === 401) return 'Check the application user id and secret and the WorkSpan app hostname.';
  if (status === 403) return 'The application user lacks permission for this call.';
  if (status === 404) return 'Check that the id exists in this WorkSpan environment and hostname.';
  if (status === 413) return 'The payload is larger than WorkSpan accepts; split it into smaller loads.';
  if (status === 429) return 'Too many calls: WorkSpan allows 100 calls per 60 seconds per connection.';
  if (status >= 500) return 'WorkSpan had a problem; try again later.';
  return 'See the response above.';
}

function describeConnectionCode(code: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connecting timed out';
    case 'timeout':
      return 'no answer within the time limit';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was closed before an answer arrived';
    default:
      return `connection failed (${code})`;
  }
}

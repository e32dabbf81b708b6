/** An error that becomes the JSON error body `{ code, message, request_id }` with its HTTP status. */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly headers: Record<string, string>;

  constructor(statusCode: number, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.code = code;
    this.headers = headers;
  }
}

/**
 * The error code the sandbox uses for an HTTP status when nothing more specific applies
 * (Fastify's own errors and injected faults). 401 is `invalid_token`, as for the sandbox's own 401s.
 */
const statusCodes: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'invalid_token',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  500: 'internal_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

export const errorCodeFor = (status: number): string | undefined => statusCodes[status];

export interface ErrorBody {
  code: string;
  message: string;
  request_id: string;
}

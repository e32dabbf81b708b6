import type { Redactor } from '../redact.js';
import type { TransportResponse } from './transport.js';

const excerptLength = 300;

/** What an error answer says about itself: request id, a redacted excerpt, WorkSpan's own code. */
export function readErrorAnswer(
  response: TransportResponse,
  redactor: Redactor,
): { requestId: string | undefined; bodyExcerpt: string; serverCode: string | undefined } {
  if (response.status >= 300 && response.status < 400) return readRedirect(response, redactor);
  const parsed = parseJson(response.body) as Record<string, unknown> | undefined;
  const said =
    parsed && typeof parsed === 'object'
      ? (parsed.message ?? parsed.error_description ?? parsed.error)
      : undefined;
  const serverCode =
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
    bodyExcerpt: excerpt(typeof said === 'string' ? said : response.body, redactor),
    serverCode,
  };
}

/** A redirect as an error answer: where it points, redacted; the client never follows one. */
function readRedirect(
  response: TransportResponse,
  redactor: Redactor,
): { requestId: string | undefined; bodyExcerpt: string; serverCode: undefined } {
  const location = response.headers.location;
  const where = location ? ` to ${excerpt(location, redactor)}` : ' (without a Location)';
  return {
    requestId: response.headers['x-request-id'],
    bodyExcerpt: `WorkSpan answered with a redirect${where}, which the client does not follow`,
    serverCode: undefined,
  };
}

/** A short, redacted, single-line piece of an answer for an error message. */
export function excerpt(text: string, redactor: Redactor): string {
  const redacted = redactor.redact(text.replace(/\s+/g, ' ').trim());
  return redacted.length > excerptLength ? `${redacted.slice(0, excerptLength)}…` : redacted;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

import {
  requestAccessToken,
  WorkSpanAuthenticationError,
  WorkSpanConnectionError,
  WorkSpanError,
  WorkSpanValidationError,
} from '@workspan-kit/core';
import { ApplicationError, type ICredentialDataDecryptedObject, type IHttpRequestHelper } from 'n8n-workflow';
import { n8nClock } from './client';
import { connectionSettings, credentialFieldName } from './connection-properties';
import { n8nTransport } from './transport';

/**
 * Fetches the bearer token for a credential (its `preAuthentication`) with core's token request.
 * Failures say which credential field is wrong: id or secret (WorkSpan does not say which),
 * hostname, or environment.
 */
export async function fetchAccessToken(
  context: IHttpRequestHelper,
  credentials: ICredentialDataDecryptedObject,
): Promise<string> {
  const connection = connectionSettings(credentials);
  let problem: string;
  try {
    const token = await requestAccessToken(connection, {
      transport: n8nTransport((options) => context.helpers.httpRequest(options)),
      clock: n8nClock,
      retry: { maxAttempts: 2 },
      userAgent: 'workspan-kit n8n',
    });
    return token.value;
  } catch (error) {
    problem = credentialProblem(error, connection);
  }
  throw new ApplicationError(problem);
}

/** Which credential field a failed token request points at, in the form's own words. */
function credentialProblem(error: unknown, connection: ReturnType<typeof connectionSettings>): string {
  if (WorkSpanValidationError.isInstance(error)) {
    return error.issues
      .map((issue) => `${credentialFieldName(issue.field)}: expected ${issue.expected}`)
      .join('; ');
  }
  if (WorkSpanConnectionError.isInstance(error)) {
    // In words: n8n replaces a message that carries a raw socket error code with its own.
    const reason = connectionFailures[error.transportCode] ?? 'the connection failed';
    return `${credentialFieldName('environment')}: WorkSpan could not be reached at ${connection.environment} (${reason}); check the environment or base URL.`;
  }
  if (WorkSpanAuthenticationError.isInstance(error)) {
    if (error.serverCode === 'unknown_environment' || error.serverCode === 'missing_environment') {
      return `${credentialFieldName('hostname')}: WorkSpan knows no app hostname "${connection.hostname}" (HTTP ${error.status}).`;
    }
    return `${credentialFieldName('clientId')} or ${credentialFieldName('clientSecret')}: WorkSpan refused the application user for ${connection.hostname} (HTTP ${error.status}).`;
  }
  if (WorkSpanError.isInstance(error)) return `${credentialFieldName('environment')}: ${error.message}`;
  return `${credentialFieldName('environment')}: the token request failed (${error instanceof Error ? error.message : String(error)})`;
}

const connectionFailures: Record<string, string> = {
  ECONNREFUSED: 'nothing listens there',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be resolved',
  timeout: 'no answer in time',
  ECONNRESET: 'the connection was dropped',
};

import { resolveConnection, WorkSpanValidationError } from '@workspan-kit/core';
import {
  ApplicationError,
  type ICredentialDataDecryptedObject,
  type IHttpRequestHelper,
  type IN8nHttpFullResponse,
} from 'n8n-workflow';
import { connectionSettings, credentialFieldName } from './connection-properties';

/**
 * Fetches the bearer token for a credential (its `preAuthentication`). Failures say which
 * credential field is wrong: id or secret (WorkSpan does not say which), hostname, or environment.
 */
export async function fetchAccessToken(
  context: IHttpRequestHelper,
  credentials: ICredentialDataDecryptedObject,
): Promise<string> {
  let connection: ReturnType<typeof resolveConnection>;
  try {
    connection = resolveConnection(connectionSettings(credentials));
  } catch (error) {
    if (error instanceof WorkSpanValidationError) {
      throw new ApplicationError(
        error.issues
          .map((issue) => `${credentialFieldName(issue.field)}: expected ${issue.expected}`)
          .join('; '),
      );
    }
    throw error;
  }
  const body = [
    ['client_id', connection.clientId],
    ['code', ''],
    ['redirect_uri', ''],
    ['grant_type', 'client_credentials'],
    ['client_secret', connection.clientSecret],
    ['refresh_token_type', 'dummy'],
    ['operation', 'token'],
  ]
    .map(([name, value]) => `${name}=${encodeURIComponent(value ?? '')}`)
    .join('&');
  let response: IN8nHttpFullResponse;
  try {
    response = (await context.helpers.httpRequest({
      method: 'POST',
      url: `${connection.baseUrl}/oauth/token?x-ws-env=${encodeURIComponent(connection.hostname)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      encoding: 'text',
      json: false,
      returnFullResponse: true,
      ignoreHttpStatusErrors: true,
    })) as IN8nHttpFullResponse;
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
    // In words: n8n replaces a message that carries a raw socket error code with its own.
    const reason = (code && connectionFailures[code]) ?? 'the connection failed';
    throw new ApplicationError(
      `${credentialFieldName('environment')}: WorkSpan could not be reached at ${connection.baseUrl} (${reason}); check the environment or base URL.`,
    );
  }
  const answer = parseJson(response.body);
  if (response.statusCode >= 200 && response.statusCode < 300) {
    if (typeof answer?.access_token === 'string' && answer.access_token !== '') return answer.access_token;
    throw new ApplicationError(
      `${credentialFieldName('environment')}: ${connection.baseUrl} answered the token request without an access token; is it a WorkSpan API?`,
    );
  }
  const code =
    typeof answer?.code === 'string' ? answer.code : typeof answer?.error === 'string' ? answer.error : '';
  if (code === 'unknown_environment' || code === 'missing_environment') {
    throw new ApplicationError(
      `${credentialFieldName('hostname')}: WorkSpan knows no app hostname "${connection.hostname}" (HTTP ${response.statusCode}).`,
    );
  }
  if (response.statusCode === 400 || response.statusCode === 401 || response.statusCode === 403) {
    throw new ApplicationError(
      `${credentialFieldName('clientId')} or ${credentialFieldName('clientSecret')}: WorkSpan refused the application user for ${connection.hostname} (HTTP ${response.statusCode}).`,
    );
  }
  throw new ApplicationError(
    `${credentialFieldName('environment')}: the token request to ${connection.baseUrl} failed with HTTP ${response.statusCode}.`,
  );
}

const connectionFailures: Record<string, string> = {
  ECONNREFUSED: 'nothing listens there',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be resolved',
  ETIMEDOUT: 'no answer in time',
  ECONNABORTED: 'no answer in time',
  ECONNRESET: 'the connection was dropped',
};

function parseJson(body: unknown): Record<string, unknown> | undefined {
  if (typeof body === 'object' && body !== null) return body as Record<string, unknown>;
  if (typeof body !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

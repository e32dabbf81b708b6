import { requestAccessToken } from '@workspan-kit/core';
import { connectionProblems, describeConnectionProblems } from '@workspan-kit/core/internal';
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
    // In words: n8n replaces a message that carries a raw socket error code with its own.
    const problems = connectionProblems(error, connection);
    problem = problems
      ? describeConnectionProblems(problems, credentialFieldName)
      : `${credentialFieldName('environment')}: the token request failed (${error instanceof Error ? error.message : String(error)})`;
  }
  throw new ApplicationError(problem);
}

import { createAppAuth } from '@octokit/auth-app';
import { request } from '@octokit/request';
import type { RelayConfig } from './config.js';

/** Where the dispatcher gets its GitHub token for each call. */
export type GitHubTokenSource = () => Promise<string>;

/**
 * A fixed token, or a GitHub App's installation token, fetched with the app's key and kept (by
 * @octokit/auth-app) until shortly before it expires.
 */
export function gitHubTokenSource(
  github: RelayConfig['github'],
  /** Told each token the app is given, so that it can be redacted wherever it shows up. */
  onToken: (token: string) => void = () => {},
): GitHubTokenSource {
  if (github.token !== undefined) {
    const token = github.token;
    return async () => token;
  }
  const app = github.app;
  if (!app) throw new Error('the GitHub configuration has neither a token nor an app');
  const auth = createAppAuth({
    appId: app.appId,
    privateKey: app.privateKey,
    installationId: app.installationId,
    request: request.defaults({ baseUrl: github.apiUrl }),
  });
  return async () => {
    const { token } = await auth({ type: 'installation' });
    onToken(token);
    return token;
  };
}

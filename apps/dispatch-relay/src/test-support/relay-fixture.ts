import type { GitHubStandIn } from '@workspan-kit/test-kit';
import { parseRelayConfig, type RelayConfig, type RelayConfigInput } from '../config.js';
import type { RunningRelay } from '../relay-server.js';

export const routeToken = 'route-secret-0123456789abcdefghijklmnop';

/** A relay configuration aimed at a stand-in GitHub, with short waits for tests. */
export function testRelayConfig(
  github: GitHubStandIn,
  overrides: Partial<RelayConfigInput> = {},
): RelayConfig {
  return parseRelayConfig({
    github: { apiUrl: github.url, token: github.token },
    routes: {
      deals: { token: routeToken, repository: 'acme/deals', event: 'object.stage_change' },
      referrals: { token: `${routeToken}-2`, repository: 'acme/referrals' },
    },
    dispatch: { initialBackoffMs: 20, maxWaitMs: 3000, timeoutMs: 5000 },
    ...overrides,
  });
}

export function postDelivery(
  relay: RunningRelay,
  body: unknown,
  options: { route?: string; token?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(`${relay.url}/hooks/${options.route ?? 'deals'}/${options.token ?? routeToken}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: text,
  });
}

/** A configuration value read from the environment variable `name`: `${name}`. */
export const fromEnvironment = (name: string) => `$${'{'}${name}}`;

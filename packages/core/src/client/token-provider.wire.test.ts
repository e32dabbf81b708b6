import { afterEach, describe, expect, it } from 'vitest';
import { WorkSpanApiError, WorkSpanAuthenticationError } from '../errors.js';
import { createUndiciTransport, createWorkSpanClient, nodeClock } from '../node.js';
import { json, startWireServer, testConnection } from '../test-support/wire-server.js';
import { requestAccessToken } from './access-token-request.js';
import type { AccessToken, TokenProvider, TokenRenewalReason } from './token-provider.js';

const closers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((closer) => closer.close()));
});

async function serve(options: Parameters<typeof startWireServer>[0] = {}) {
  const server = await startWireServer({
    handler: (_request, response) => json(response, 200, { events: [] }),
    ...options,
  });
  closers.push(server);
  return server;
}

function transport() {
  const created = createUndiciTransport();
  closers.push(created);
  return created;
}

/**
 * A host's provider in the shape n8n's credential gives: one stored token shared by every client
 * (execution) of the credential, fetched with `requestAccessToken`, renewed when refused.
 */
function storedTokenProvider(url: string) {
  const store: { token: AccessToken | undefined } = { token: undefined };
  const renewals: TokenRenewalReason[] = [];
  const fetchToken = () =>
    requestAccessToken(testConnection(url), { transport: transport(), clock: nodeClock });
  const provider: TokenProvider = {
    async getToken() {
      store.token ??= await fetchToken();
      return store.token;
    },
    async renewToken(stale, reason) {
      renewals.push(reason);
      // Another execution may have renewed the stored token already.
      if (store.token && store.token.value !== stale.value) return store.token;
      store.token = await fetchToken();
      return store.token;
    },
  };
  return { provider, store, renewals };
}

describe('requestAccessToken', () => {
  it("sends the connector's token call through the given transport", async () => {
    const server = await serve({ tokenLifetimeSeconds: 120 });
    const before = Date.now();
    const token = await requestAccessToken(testConnection(server.url), {
      transport: transport(),
      clock: nodeClock,
    });
    expect(token.value).toMatch(/^access-token-1-/);
    expect(token.expiresAt).toBeGreaterThanOrEqual(before + 120_000);
    expect(token.expiresAt).toBeLessThanOrEqual(Date.now() + 120_000);
    const [call] = server.tokenCalls;
    expect(call?.method).toBe('POST');
    expect(call?.url).toBe('/oauth/token?x-ws-env=demo.workspan.com');
    // The developer portal documents x-ws-env as a header on the token call; the connector sends
    // the query parameter. Both go, with the connector's form body.
    expect(call?.headers['x-ws-env']).toBe('demo.workspan.com');
    expect(call?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(call?.body.toString()).toBe(
      'client_id=test-app-user&code=&redirect_uri=&grant_type=client_credentials&client_secret=test-secret-value&refresh_token_type=dummy&operation=token',
    );
  });

  it('reports a refused application user without the secret, naming the hostname', async () => {
    const server = await serve();
    const error = await requestAccessToken(
      { ...testConnection(server.url), clientSecret: 'wrong-secret-0b9e1' },
      { transport: transport(), clock: nodeClock },
    ).catch((caught: unknown) => caught);
    expect(WorkSpanAuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'authentication', status: 401, serverCode: 'invalid_client' });
    expect((error as Error).message).toContain('demo.workspan.com');
    expect(JSON.stringify(error)).not.toContain('wrong-secret-0b9e1');
    expect(server.requests).toHaveLength(0);
  });
});

describe('a token provider supplied by the host', () => {
  it('shares one stored token between clients, and renews it once for many refused calls', async () => {
    const server = await serve();
    const host = storedTokenProvider(server.url);
    const first = createWorkSpanClient({
      connection: testConnection(server.url),
      tokenProvider: host.provider,
    });
    const second = createWorkSpanClient({
      connection: testConnection(server.url),
      tokenProvider: host.provider,
    });
    await first.call('GetEventList', {});
    await second.call('GetEventList', {});
    expect(server.tokenRequests).toBe(1);

    server.expireTokens();
    await Promise.all(Array.from({ length: 20 }, () => first.call('GetEventList', {})));
    expect(host.renewals).toEqual(['refused']);
    expect(server.tokenRequests).toBe(2);

    // The second client still holds the refused token; the host hands it the renewed one.
    await second.call('GetEventList', {});
    expect(host.renewals).toEqual(['refused', 'refused']);
    expect(server.tokenRequests).toBe(2);
    expect(server.requests.filter((request) => request.url === '/event/v1/metadata/event')).toHaveLength(
      2 + 20 * 2 + 2,
    );
  });

  it('asks the host to renew only once when the renewed token is refused too', async () => {
    const server = await serve();
    const renewals: TokenRenewalReason[] = [];
    const provider: TokenProvider = {
      getToken: async () => ({ value: 'revoked-token-1' }),
      renewToken: async (_stale, reason) => {
        renewals.push(reason);
        return { value: 'revoked-token-2' };
      },
    };
    const client = createWorkSpanClient({ connection: testConnection(server.url), tokenProvider: provider });
    const error = await client.call('GetEventList', {}).catch((caught: unknown) => caught);
    expect(WorkSpanApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'authentication', status: 401 });
    expect(renewals).toEqual(['refused']);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer revoked-token-1',
      'Bearer revoked-token-2',
    ]);
    expect(server.tokenRequests).toBe(0);
    expect(JSON.stringify(error)).not.toContain('revoked-token');
  });

  it('renews a stored token that has already expired before sending anything with it', async () => {
    const server = await serve();
    const host = storedTokenProvider(server.url);
    host.store.token = { value: 'stored-long-ago', expiresAt: Date.now() - 1000 };
    const client = createWorkSpanClient({
      connection: testConnection(server.url),
      tokenProvider: host.provider,
    });
    await client.call('GetEventList', {});
    expect(host.renewals).toEqual(['expired']);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([
      expect.stringMatching(/^Bearer access-token-1-/),
    ]);
  });
});

describe("the client's own tokens", () => {
  it('re-authenticates once on a 401, then reports it', async () => {
    const server = await serve({
      handler: (_request, response) => json(response, 401, { code: 'invalid_token', message: 'not today' }),
    });
    const client = createWorkSpanClient({ connection: testConnection(server.url) });
    const error = await client.call('GetEventList', {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'authentication', status: 401, serverCode: 'invalid_token' });
    expect(server.tokenRequests).toBe(2);
    expect(server.requests).toHaveLength(2);
  });
});

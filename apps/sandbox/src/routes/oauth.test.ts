import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readResponse, startTestSandbox, type TestSandbox } from '../test-support/test-sandbox.js';

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields),
});

describe('OAuth and tenants', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: false });
  });
  afterAll(() => sandbox.close());

  test('the connector token body gives a bearer token bound to the tenant', async () => {
    const { clientId, clientSecret, hostname } = sandbox.credentials;
    expect(hostname).toBe('demo.workspan.com');
    const response = await readResponse(
      await fetch(
        `${sandbox.url}/oauth/token?x-ws-env=${hostname}`,
        form({
          client_id: clientId,
          code: 'ignored',
          redirect_uri: 'https://global.consent.azure-apim.net/redirect',
          grant_type: 'client_credentials',
          client_secret: clientSecret,
          refresh_token_type: 'dummy',
          operation: 'token',
        }),
      ),
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'read write' });
    expect(typeof response.body.access_token).toBe('string');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);

    const call = await sandbox.api('/event/v1/metadata/event', { token: response.body.access_token });
    expect(call.status).toBe(200);
    expect(call.body.events.map((e: { name: string }) => e.name)).toContain('task.assigned');

    // The same token with another tenant's header is refused.
    const other = await sandbox.api('/event/v1/metadata/event', {
      token: response.body.access_token,
      tenant: 'acme.workspan.com',
    });
    expect(other.status).toBe(401);
    expect(other.body.code).toBe('invalid_token');
  });

  test("the portal's token call: x-ws-env as a header, a JSON body; both ways naming one tenant", async () => {
    const { clientId, clientSecret, hostname } = sandbox.credentials;
    const portal = await readResponse(
      await fetch(`${sandbox.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ws-env': hostname },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
        }),
      }),
    );
    expect(portal.status).toBe(200);
    const call = await sandbox.api('/event/v1/metadata/event', { token: portal.body.access_token });
    expect(call.status).toBe(200);

    // What the client sends: the query parameter, the header and the connector's form body.
    const both = await fetch(`${sandbox.url}/oauth/token?x-ws-env=${hostname}`, {
      ...form({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-ws-env': hostname },
    });
    expect(both.status).toBe(200);

    // Two different tenants named at once is a mistake, not a choice between them.
    const conflicting = await readResponse(
      await fetch(`${sandbox.url}/oauth/token?x-ws-env=${hostname}`, {
        ...form({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-ws-env': 'acme.workspan.com',
        },
      }),
    );
    expect(conflicting.status).toBe(400);
    expect(conflicting.body.code).toBe('conflicting_environment');
    expect(conflicting.body.message).toContain("query parameter 'x-ws-env'");
    expect(conflicting.body.message).toContain("header 'x-ws-env'");
  });

  test('a wrong secret is invalid_client; each tenant has its own application user', async () => {
    const acme = sandbox.tenants.find((t) => t.hostname === 'acme.workspan.com');
    expect(acme?.clientId).toBe('acme-app-user');
    const wrong = await readResponse(
      await fetch(
        `${sandbox.url}/oauth/token?x-ws-env=demo.workspan.com`,
        form({ grant_type: 'client_credentials', client_id: 'sandbox-app-user', client_secret: 'nope' }),
      ),
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 'invalid_client' });
    expect(wrong.body.request_id).toBe(wrong.headers.get('x-request-id'));
    expect(typeof wrong.body.message).toBe('string');

    const crossed = await fetch(
      `${sandbox.url}/oauth/token?x-ws-env=acme.workspan.com`,
      form({
        grant_type: 'client_credentials',
        client_id: 'sandbox-app-user',
        client_secret: 'sandbox-secret',
      }),
    );
    expect(crossed.status).toBe(401);

    const acmeToken = await sandbox.token('acme.workspan.com');
    const call = await sandbox.api('/event/v1/metadata/integration', {
      tenant: 'acme.workspan.com',
      token: acmeToken,
    });
    expect(call.status).toBe(200);
  });

  test('missing or unknown environment, missing or unknown token', async () => {
    const noEnvToken = await readResponse(
      await fetch(
        `${sandbox.url}/oauth/token`,
        form({ grant_type: 'client_credentials', client_id: 'a', client_secret: 'b' }),
      ),
    );
    expect(noEnvToken.status).toBe(400);
    expect(noEnvToken.body.code).toBe('missing_environment');

    const unknownEnv = await fetch(
      `${sandbox.url}/oauth/token?x-ws-env=nowhere.workspan.com`,
      form({ grant_type: 'client_credentials', client_id: 'a', client_secret: 'b' }),
    );
    expect(unknownEnv.status).toBe(401);

    const missingHeader = await sandbox.api('/event/v1/metadata/event', { tenant: null });
    expect(missingHeader.status).toBe(400);
    expect(missingHeader.body.code).toBe('missing_environment');

    const unknownHeader = await sandbox.api('/event/v1/metadata/event', {
      tenant: 'nowhere.workspan.com',
      token: 'x',
    });
    expect(unknownHeader.status).toBe(401);

    const noToken = await sandbox.api('/event/v1/metadata/event', { token: null });
    expect(noToken.status).toBe(401);
    expect(noToken.body.code).toBe('invalid_token');

    const badToken = await sandbox.api('/event/v1/metadata/event', { token: 'not-a-token' });
    expect(badToken.status).toBe(401);
    expect(badToken.body.code).toBe('invalid_token');
  });

  test('an expired token is invalid_token', async () => {
    await sandbox.admin('/faults', {
      method: 'PUT',
      body: { tokenLifetimeSeconds: 1, operations: ['Token'] },
    });
    const response = await readResponse(
      await fetch(
        `${sandbox.url}/oauth/token?x-ws-env=demo.workspan.com`,
        form({
          grant_type: 'client_credentials',
          client_id: 'sandbox-app-user',
          client_secret: 'sandbox-secret',
        }),
      ),
    );
    await sandbox.admin('/faults', { method: 'DELETE' });
    expect(response.body.expires_in).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const call = await sandbox.api('/event/v1/metadata/event', { token: response.body.access_token });
    expect(call.status).toBe(401);
    expect(call.body.code).toBe('invalid_token');
  });
});

describe('rate limit', () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: false, rateLimit: { limit: 3, windowMs: 60_000 } });
  });
  afterAll(() => sandbox.close());

  test('the call over the limit gets 429 with Retry-After; the token call and other connections are not limited', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await sandbox.api('/event/v1/metadata/event')).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await sandbox.api('/event/v1/metadata/event');
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    for (let i = 0; i < 5; i++) {
      const token = await fetch(
        `${sandbox.url}/oauth/token?x-ws-env=demo.workspan.com`,
        form({
          grant_type: 'client_credentials',
          client_id: 'sandbox-app-user',
          client_secret: 'sandbox-secret',
        }),
      );
      expect(token.status).toBe(200);
    }
    const acme = await sandbox.api('/event/v1/metadata/event', { tenant: 'acme.workspan.com' });
    expect(acme.status).toBe(200);
  });
});

describe('rate limit windows', () => {
  test('a new window starts after windowMs', async () => {
    const sandbox = await startTestSandbox({ seed: false, rateLimit: { limit: 1, windowMs: 300 } });
    try {
      expect((await sandbox.api('/event/v1/metadata/event')).status).toBe(200);
      const limited = await sandbox.api('/event/v1/metadata/event');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect((await sandbox.api('/event/v1/metadata/event')).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });
});

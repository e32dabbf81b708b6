import { generateKeyPairSync } from 'node:crypto';
import { GitHubStandIn } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRelayConfig } from './config.js';
import { DispatchGate } from './dispatch-gate.js';
import { GitHubDispatcher } from './github-dispatcher.js';
import { jsonLineLogger } from './logger.js';
import { createRelayHandler } from './relay-handler.js';
import { startRelay } from './relay-server.js';
import { fromEnvironment, postDelivery, routeToken, testRelayConfig } from './test-support/relay-fixture.js';

/** Every line the relay logs, and every answer it gives, as text. */
function recorder() {
  const lines: string[] = [];
  return { lines, logger: jsonLineLogger((line) => lines.push(line)) };
}

describe('the relay never shows a credential, even when GitHub or a proxy echoes it', () => {
  let github: GitHubStandIn;
  beforeAll(async () => {
    github = await new GitHubStandIn().start();
  });
  afterAll(() => github?.close());

  it('redacts the GitHub token from refusals that echo it, whole or cut at the excerpt’s end', async () => {
    const { lines, logger } = recorder();
    const relay = await startRelay(testRelayConfig(github), { logger });
    const answers: string[] = [];
    try {
      github.answerNext(
        { status: 401, body: { message: 'Bad credentials: {authorization}' } },
        { status: 401, body: 'Proxy refused the credential {credential} for this host', text: true },
        { status: 403, body: { message: `${'x'.repeat(190)} {credential}` } },
        { status: 422, body: { message: 'invalid', authorization: '{authorization}' }, text: false },
      );
      for (const id of ['echo-1', 'echo-2', 'echo-3', 'echo-4']) {
        const response = await postDelivery(
          relay,
          { object_id: id },
          { headers: { 'x-workspan-delivery-id': id } },
        );
        answers.push(await response.text());
      }
    } finally {
      await relay.close();
    }
    const shown = [...lines, ...answers].join('\n');
    expect(lines.filter((line) => line.includes('GitHub refused'))).toHaveLength(4);
    expect(shown).not.toContain(github.token);
    // Not even the start of it, which a cut excerpt would leave.
    expect(shown).not.toContain(github.token.slice(0, 10));
    expect(shown).toContain('[redacted]');
  });

  it('redacts a GitHub App’s installation tokens and its JWTs', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const app = await new GitHubStandIn()
      .withApp({
        appId: 99,
        installationId: 7,
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      })
      .start();
    const { lines, logger } = recorder();
    const relay = await startRelay(
      parseRelayConfig(
        {
          github: {
            apiUrl: app.url,
            app: { appId: 99, installationId: 7, privateKey: fromEnvironment('GITHUB_APP_KEY') },
          },
          routes: { deals: { token: routeToken, repository: 'acme/deals', event: 'object.stage_change' } },
          dispatch: { initialBackoffMs: 10, maxWaitMs: 200, maxAttempts: 1 },
        },
        { GITHUB_APP_KEY: privateKeyPem },
      ),
      { logger },
    );
    try {
      app.answerNextTokenRequest({
        status: 401,
        body: { message: 'A JSON web token could not be decoded: {credential}' },
      });
      await postDelivery(relay, { object_id: 'jwt' }, { headers: { 'x-workspan-delivery-id': 'jwt' } });
      app.answerNext({ status: 401, body: { message: 'Bad credentials ({credential})' } });
      await postDelivery(relay, { object_id: 'ghs' }, { headers: { 'x-workspan-delivery-id': 'ghs' } });
    } finally {
      await relay.close();
      await app.close();
    }
    expect(app.installationTokens).toHaveLength(1);
    const shown = lines.join('\n');
    expect(shown).toContain('GitHub refused');
    for (const token of app.installationTokens) expect(shown).not.toContain(token);
    expect(shown).not.toMatch(/eyJ[\w-]{10,}/);
    for (const keyLine of privateKeyPem.split('\n').filter((line) => line.length > 20))
      expect(shown).not.toContain(keyLine);
  });

  it('redacts route tokens and the Redis password from any log line, plain or URL-encoded', async () => {
    const slashToken = 'route/secret+with=characters-0123456789abcdef';
    const config = parseRelayConfig({
      github: { apiUrl: github.url, token: github.token },
      routes: {
        deals: { token: routeToken, repository: 'acme/deals', event: 'object.stage_change' },
        other: { token: slashToken, repository: 'acme/other' },
      },
      redis: { url: 'redis://relay:redis-password-4711@127.0.0.1:1' },
    });
    const { lines, logger } = recorder();
    const handler = createRelayHandler({
      config,
      logger,
      dedupe: {
        exchange: async () => {
          throw new Error(
            `store at redis://relay:redis-password-4711@127.0.0.1:1 failed for /hooks/deals/${routeToken} and /hooks/other/${encodeURIComponent(slashToken)}`,
          );
        },
      },
      dispatcher: new GitHubDispatcher({
        apiUrl: github.url,
        token: async () => github.token,
        gate: new DispatchGate({ perMinute: 80 }),
        maxAttempts: 1,
        initialBackoffMs: 1,
        maxWaitMs: 1,
        timeoutMs: 1000,
      }),
    });
    const response = await handler(
      new Request(`http://relay/hooks/deals/${routeToken}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"object_id":"x"}',
      }),
    );
    expect(response.status).toBe(503);
    const shown = lines.join('\n');
    expect(shown).toContain('dedupe store unavailable');
    for (const secret of [routeToken, slashToken, encodeURIComponent(slashToken), 'redis-password-4711'])
      expect(shown).not.toContain(secret);
  });
});

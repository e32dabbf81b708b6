import { generateKeyPairSync } from 'node:crypto';
import { GitHubStandIn } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRelayConfig, RelayConfigError } from './config.js';
import { type RunningRelay, startRelay } from './relay-server.js';
import { fromEnvironment, postDelivery, routeToken } from './test-support/relay-fixture.js';

describe('the relay as a GitHub App', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  let github: GitHubStandIn;
  let relay: RunningRelay;

  beforeAll(async () => {
    github = await new GitHubStandIn()
      .withApp({
        appId: 4242,
        installationId: 77,
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      })
      .start();
    relay = await startRelay(
      parseRelayConfig(
        {
          github: {
            apiUrl: github.url,
            app: { appId: 4242, installationId: 77, privateKey: fromEnvironment('GITHUB_APP_KEY') },
          },
          routes: { deals: { token: routeToken, repository: 'acme/deals', event: 'object.stage_change' } },
          dispatch: { initialBackoffMs: 10, maxWaitMs: 500 },
        },
        // Keys pasted into one-line variables keep their line breaks as \n.
        { GITHUB_APP_KEY: privateKeyPem.replace(/\n/g, '\\n') },
      ),
    );
  });
  afterAll(async () => {
    await relay?.close();
    await github?.close();
  });

  it('dispatches with an installation token fetched with the app key, and keeps it for the next delivery', async () => {
    for (const id of ['app-1', 'app-2']) {
      const response = await postDelivery(
        relay,
        { object_id: id },
        { headers: { 'x-workspan-delivery-id': id } },
      );
      expect(response.status).toBe(200);
    }
    expect(github.dispatches).toHaveLength(2);
    expect(github.installationTokens).toHaveLength(1);
  });

  it('takes either a token or an app, not both and not neither', () => {
    const routes = { deals: { token: routeToken, repository: 'acme/deals' } };
    expect(() => parseRelayConfig({ github: {}, routes })).toThrow(RelayConfigError);
    expect(() =>
      parseRelayConfig({
        github: { token: 't', app: { appId: 1, installationId: 2, privateKey: privateKeyPem } },
        routes,
      }),
    ).toThrow(/either token or app/);
  });

  it('names the setting and never echoes a secret when the configuration is wrong', () => {
    const attempt = () =>
      parseRelayConfig({
        github: { token: 'ghp_secretvalue' },
        routes: { deals: { token: 'short-secret', repository: 'x' } },
      });
    expect(attempt).toThrow(/routes\.deals\.token/);
    expect(attempt).toThrow(/routes\.deals\.repository/);
    expect(attempt).not.toThrow(/short-secret|ghp_secretvalue/);
  });
});

// biome-ignore-all lint/suspicious/noExplicitAny: the tests read untyped JSON answers
import { type RunningSandbox, startSandbox } from '@workspan-kit/sandbox';
import { GitHubStandIn, sandboxAdmin } from '@workspan-kit/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningRelay, startRelay } from './relay-server.js';
import { routeToken, testRelayConfig } from './test-support/relay-fixture.js';

/** Default: the sandbox's delivery headers; bare: the payload alone, as WorkSpan sends it. */
describe.each(['default', 'bare'] as const)('the relay behind the sandbox (%s deliveries)', (mode) => {
  let sandbox: RunningSandbox;
  let github: GitHubStandIn;
  let relay: RunningRelay;

  const admin = (path: string, body?: unknown) => sandboxAdmin(sandbox, path, { body });
  const subscribe = async (objectId: string) => {
    const { clientId, clientSecret, hostname } = sandbox.credentials;
    const token = await fetch(`${sandbox.url}/oauth/token?x-ws-env=${hostname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
      }),
    }).then((answer) => answer.json() as Promise<any>);
    const answer = await fetch(`${sandbox.url}/event/v1/subscriber`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token.access_token}`,
        'x-ws-env': hostname,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        subscriber_type: 'webhook',
        name: `relay ${mode}`,
        event: ['object.stage_change'],
        integration_id: 'WS-Integration_crm_opportunity',
        object_ids: [objectId],
        webhook_settings: { callback_url: `${relay.url}/hooks/deals/${routeToken}` },
      }),
    });
    expect(answer.status).toBe(200);
    return ((await answer.json()) as any).subscriber_id as string;
  };
  const delivered = async (subscriberId: string, count: number) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { deliveries } = await admin(`/deliveries?status=delivered&subscriber_id=${subscriberId}`);
      if (deliveries.length >= count) return deliveries;
      if (Date.now() > deadline) throw new Error(`${count} deliveries not delivered`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      rateLimit: false,
      delivery: { retryDelaysMs: [50, 100], bare: mode === 'bare' },
    });
    github = await new GitHubStandIn().start();
    relay = await startRelay(testRelayConfig(github));
  });
  afterAll(async () => {
    await relay?.close();
    await github?.close();
    await sandbox?.close();
  });

  it('dispatches won, proposal and won again: three events, a real repeat included', async () => {
    const { objects } = await admin('/objects?type=opportunity&limit=1');
    const objectId = objects[0].object_id as string;
    await admin(`/objects/${objectId}/stage`, { stage: 'proposal' });
    const subscriberId = await subscribe(objectId);
    for (const [index, stage] of ['won', 'proposal', 'won'].entries()) {
      await admin(`/objects/${objectId}/stage`, { stage });
      await delivered(subscriberId, index + 1);
    }
    expect(github.dispatches.map((dispatch) => (dispatch.clientPayload as any).payload.stage)).toEqual([
      'won',
      'proposal',
      'won',
    ]);
    const [first, , third] = github.dispatches.map((dispatch) => dispatch.clientPayload as any);
    expect(third?.payload).toEqual(first?.payload);
    if (mode === 'default') expect(third?.delivery_id).not.toBe(first?.delivery_id);
  });
});
